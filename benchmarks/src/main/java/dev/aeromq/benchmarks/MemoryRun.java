package dev.aeromq.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One memory run of one contender: a sender and a receiver move messages for a fixed time while a
 * sampler records the used heap and the process's resident set every 100 ms.
 * <p>
 * Heap growth compares the used heap after a full GC before the first message with the used heap
 * after a full GC once every message sent has been received (so nothing in flight is counted).
 */
final class MemoryRun
{
    private static final double MB = 1024.0 * 1024.0;
    private static final long SAMPLE_MS = 100;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
    private static final Path STATUS = Path.of("/proc/self/status");

    private final String label;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong heapPeak = new AtomicLong();
    private final AtomicLong rssPeak = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean sending = true;
    private volatile boolean receiving = true;
    private volatile boolean sampling = true;

    /**
     * Figures of a run.
     *
     * @param heapPeakMb    highest used heap sampled.
     * @param heapGrowthMb  used heap after GC at the end minus after GC at the start.
     * @param rssPeakMb     highest resident set sampled (the whole process, whatever ran before).
     * @param rssRiseMb     highest resident set minus the resident set when this run started.
     * @param msgsPerSecond messages received per second while the sender ran.
     */
    record Figures(double heapPeakMb, double heapGrowthMb, double rssPeakMb, double rssRiseMb, double msgsPerSecond)
    {
    }

    /**
     * @param label contender, for thread names.
     */
    MemoryRun(final String label)
    {
        this.label = label;
    }

    /**
     * @return false once the sender is to stop.
     */
    boolean sending()
    {
        return sending;
    }

    /**
     * @return false once the receiver is to stop (after it took everything sent).
     */
    boolean receiving()
    {
        return receiving;
    }

    /** The sender sent one message; called by the sender thread only. */
    void sent()
    {
        sent.setRelease(sent.getPlain() + 1);
    }

    /** The receiver took one message; called by the receiver thread only. */
    void received()
    {
        received.setRelease(received.getPlain() + 1);
    }

    /**
     * @param duration how long the sender runs.
     * @param sender   its loop; returns once {@link #sending()} is false.
     * @param receiver its loop; returns once {@link #receiving()} is false.
     * @return the figures.
     * @throws Exception if the run fails or a thread does not stop.
     */
    Figures measure(final Duration duration, final BenchSupport.Body sender, final BenchSupport.Body receiver)
        throws Exception
    {
        final long heapStart = heapAfterGc();
        final long rssStart = rss();
        heapPeak.set(memory.getHeapMemoryUsage().getUsed());
        rssPeak.set(rssStart);
        final Thread sampler = Thread.ofPlatform().daemon().name(label + "-sampler").start(this::sample);
        final Thread receiverThread = start("receiver", receiver);
        final Thread senderThread = start("sender", sender);
        try
        {
            final long start = System.nanoTime();
            final long end = start + duration.toNanos();
            while (System.nanoTime() < end)
            {
                check();
                Thread.sleep(Math.min(SAMPLE_MS, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            }
            sending = false;
            final long taken = received.getAcquire();
            final double rate = taken * 1e9 / (System.nanoTime() - start);
            join(senderThread);
            drain();
            receiving = false;
            join(receiverThread);
            sampling = false;
            join(sampler);
            check();
            sampleOnce();

            final long heapEnd = heapAfterGc();
            return new Figures(heapPeak.get() / MB, (heapEnd - heapStart) / MB, rssPeak.get() / MB,
                (rssPeak.get() - rssStart) / MB, rate);
        }
        finally
        {
            sending = false;
            receiving = false;
            sampling = false;
        }
    }

    /**
     * Wait until the receiver has taken every message sent (the pipelines are lossless).
     */
    private void drain() throws InterruptedException
    {
        final long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (received.getAcquire() < sent.getAcquire())
        {
            check();
            if (System.nanoTime() > deadline)
            {
                System.out.println("!! memory " + label + ": " + (sent.get() - received.get()) +
                    " messages sent but not received after " + DRAIN_TIMEOUT.toSeconds() + " s");
                return;
            }
            Thread.sleep(1);
        }
    }

    private Thread start(final String name, final BenchSupport.Body body)
    {
        return Thread.ofPlatform().daemon().name(label + "-" + name).start(() ->
        {
            try
            {
                body.run();
            }
            catch (final Throwable ex)
            {
                failure.compareAndSet(null, new IllegalStateException(name + ": " + ex, ex));
            }
        });
    }

    private void sample()
    {
        while (sampling)
        {
            sampleOnce();
            try
            {
                Thread.sleep(SAMPLE_MS);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
        }
    }

    private void sampleOnce()
    {
        heapPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        rssPeak.accumulateAndGet(rss(), Math::max);
    }

    private long heapAfterGc() throws InterruptedException
    {
        // twice: what only a weak reference or a cleaner kept alive in the first goes in the second
        System.gc();
        Thread.sleep(50);
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /**
     * @return VmRSS of this process in bytes, or 0 where there is no /proc.
     */
    static long rss()
    {
        try
        {
            for (final String line : Files.readAllLines(STATUS))
            {
                if (line.startsWith("VmRSS:"))
                {
                    final String[] fields = line.substring("VmRSS:".length()).trim().split("\\s+");
                    return Long.parseLong(fields[0]) * 1024L; // kB
                }
            }
        }
        catch (final IOException | RuntimeException ignore)
        {
            // not Linux
        }
        return 0;
    }

    private static void join(final Thread thread) throws InterruptedException
    {
        if (!thread.join(STOP_TIMEOUT))
        {
            throw new IllegalStateException(thread.getName() + " did not stop within " + STOP_TIMEOUT.toSeconds() +
                " s");
        }
    }

    private void check()
    {
        final Throwable ex = failure.get();
        if (ex != null)
        {
            throw new IllegalStateException(ex.getMessage(), ex);
        }
    }
}
