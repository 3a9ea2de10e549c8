package dev.aeromq.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One fan-out run of one contender: a publisher thread and one thread per subscriber, each counting
 * what it received; measures the messages each subscriber received per second in the measured window,
 * and the CPU time each thread spent per message (where the JVM measures thread CPU time).
 */
final class FanOutRun
{
    /** Longs between two counters, so the receivers do not share a cache line. */
    private static final int PAD = 16;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final String label;
    private final int subscribers;
    private final AtomicLongArray received;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    /** The publisher first, then the subscribers in order. */
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    /**
     * @param label       contender and transport, for thread names and messages.
     * @param subscribers how many receivers count.
     */
    FanOutRun(final String label, final int subscribers)
    {
        this.label = label;
        this.subscribers = subscribers;
        this.received = new AtomicLongArray((subscribers + 1) * PAD);
    }

    /**
     * @return false once the run is to stop; every loop checks it.
     */
    boolean running()
    {
        return running;
    }

    /**
     * @param subscriber index.
     * @param messages   received just now.
     */
    void received(final int subscriber, final long messages)
    {
        // one writer per counter: a release store is enough, no read-modify-write needed
        final int index = subscriber * PAD;
        received.setRelease(index, received.getPlain(index) + messages);
    }

    /**
     * @param messages published (offered) just now; for context, since a PUB may drop some.
     */
    void published(final long messages)
    {
        final int index = subscribers * PAD;
        received.setRelease(index, received.getPlain(index) + messages);
    }

    /**
     * @param name what the thread does.
     * @param body its loop; it must return once {@link #running()} is false.
     *             Start the publisher first, then the subscribers in order.
     */
    void start(final String name, final BenchSupport.Body body)
    {
        final Thread thread = Thread.ofPlatform().daemon().name(label + "-" + name).start(() ->
        {
            try
            {
                body.run();
            }
            catch (final Throwable ex)
            {
                if (running)
                {
                    failure.compareAndSet(null, new IllegalStateException(name + ": " + ex, ex));
                }
            }
        });
        threads.add(thread);
    }

    /**
     * Wait until every subscriber has received something, warm up, then measure.
     *
     * @param settings warm-up and measured durations.
     * @return the figures of the measured window.
     * @throws InterruptedException if interrupted.
     */
    FanOutFigures measure(final Settings settings) throws InterruptedException
    {
        final long readyDeadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        for (int i = 0; i < subscribers; i++)
        {
            while (received.getAcquire(i * PAD) == 0)
            {
                check();
                if (System.nanoTime() > readyDeadline)
                {
                    throw new IllegalStateException("subscriber " + i + " received nothing in " +
                        READY_TIMEOUT.toSeconds() + " s");
                }
                Thread.sleep(1);
            }
        }
        Thread.sleep(settings.warmup().toMillis());
        check();
        final long[] before = snapshot();
        final long[] cpuBefore = cpuTimes();
        final long start = System.nanoTime();
        Thread.sleep(settings.measure().toMillis());
        final long[] after = snapshot();
        final long[] cpuAfter = cpuTimes();
        final long elapsed = System.nanoTime() - start;
        check();
        final double[] rates = new double[subscribers];
        double subscriberCpuNs = 0;
        for (int i = 0; i < subscribers; i++)
        {
            final long messages = after[i] - before[i];
            rates[i] = messages * 1e9 / elapsed;
            subscriberCpuNs += perMessage(cpuAfter[i + 1] - cpuBefore[i + 1], messages) / subscribers;
        }
        final long published = after[subscribers] - before[subscribers];
        return new FanOutFigures(rates, published * 1e9 / elapsed,
            perMessage(cpuAfter[0] - cpuBefore[0], published), subscriberCpuNs);
    }

    private static double perMessage(final long cpuNs, final long messages)
    {
        return cpuNs < 0 || messages == 0 ? Double.NaN : (double)cpuNs / messages;
    }

    /**
     * @return each thread's CPU time so far in ns, in start order (negative where not measured).
     */
    private long[] cpuTimes()
    {
        final long[] times = new long[threads.size()];
        for (int i = 0; i < times.length; i++)
        {
            times[i] = cpu.isThreadCpuTimeSupported() ? cpu.getThreadCpuTime(threads.get(i).threadId()) : -1;
        }
        return times;
    }

    /**
     * Tell every loop to stop and wait for the threads.
     *
     * @throws InterruptedException if interrupted.
     * @throws IllegalStateException if a thread did not stop in time.
     */
    void stop() throws InterruptedException
    {
        running = false;
        final long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (final Thread thread : threads)
        {
            final long left = deadline - System.nanoTime();
            if (left <= 0 || !thread.join(Duration.ofNanos(left)))
            {
                throw new IllegalStateException(thread.getName() + " did not stop within " +
                    STOP_TIMEOUT.toSeconds() + " s");
            }
        }
    }

    private long[] snapshot()
    {
        final long[] counts = new long[subscribers + 1];
        for (int i = 0; i <= subscribers; i++)
        {
            counts[i] = received.getAcquire(i * PAD);
        }
        return counts;
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
