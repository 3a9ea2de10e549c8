package dev.aeromq.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Measures one-way throughput of one {@link ThroughputLink}: a sender thread and a receiver thread
 * run flat out; the receiver's count is read when the warm-up ends and again when the measured
 * window ends, and only the messages received in between count. Then the sender stops first (so it
 * is never left blocked on a receiver that stopped draining), the receiver after it, and the link
 * is closed.
 */
final class ThroughputMeter
{
    /** How long a receiver may get nothing before the run is given up. */
    static final Duration STALL = Duration.ofSeconds(5);

    private static final long POLL_MS = 10;
    private static final long JOIN_MS = 3_000;

    private ThroughputMeter()
    {
    }

    /**
     * Opens a link for one run.
     */
    @FunctionalInterface
    interface Opener
    {
        /**
         * @return a connected link, peers joined.
         * @throws Exception if it cannot be set up.
         */
        ThroughputLink open() throws Exception;
    }

    /**
     * One run's result.
     *
     * @param messagesPerSecond messages received per second in the measured window.
     * @param megabytesPerSecond payload bytes received per second, in 10^6 bytes.
     * @param messages          messages received in the measured window.
     */
    record Figures(double messagesPerSecond, double megabytesPerSecond, long messages)
    {
    }

    /**
     * Counts what the receiver gets; written by the receiver thread only, read by the measuring one.
     */
    static final class Counter
    {
        private final int expectedSize;
        private final AtomicLong messages = new AtomicLong();
        private long count;

        Counter(final int expectedSize)
        {
            this.expectedSize = expectedSize;
        }

        /**
         * @param length bytes of the message just received; must be the payload size, so a torn or
         *               mis-assembled message fails the run instead of being counted.
         */
        void record(final int length)
        {
            if (length != expectedSize)
            {
                throw new IllegalStateException("received a message of " + length + " bytes, expected " +
                    expectedSize);
            }
            // single writer: an ordered store is enough for the reader and costs nothing on x86
            messages.lazySet(++count);
        }

        long messages()
        {
            return messages.get();
        }
    }

    /**
     * @param opener   sets the link up (counted in neither window).
     * @param size     payload size in bytes.
     * @param settings warm-up and measured durations.
     * @return the figures of the measured window.
     * @throws Exception if the link cannot be set up, a thread fails, the receiver stalls, or the
     *                   threads do not stop.
     */
    static Figures measure(final Opener opener, final int size, final Settings settings) throws Exception
    {
        final ThroughputLink link = opener.open();
        final Counter counter = new Counter(size);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Flag sending = new Flag();
        final Flag receiving = new Flag();
        final Thread receiver = start("throughput-receiver", failure, () -> link.receiveLoop(counter, receiving::up));
        final Thread sender = start("throughput-sender", failure, () -> link.sendLoop(sending::up));
        Figures figures = null;
        Exception problem = null;
        try
        {
            figures = window(counter, failure, size, settings);
        }
        catch (final Exception ex)
        {
            problem = ex;
        }
        finally
        {
            sending.down();
            sender.join(JOIN_MS);
            receiving.down();
            receiver.join(JOIN_MS);
            final boolean stuck = sender.isAlive() || receiver.isAlive();
            try
            {
                link.close(); // also wakes a thread stuck in a blocking call
            }
            catch (final RuntimeException ex)
            {
                problem = add(problem, ex);
            }
            sender.join(JOIN_MS);
            receiver.join(JOIN_MS);
            if (stuck)
            {
                problem = add(problem, new IllegalStateException("sender or receiver did not stop within " +
                    JOIN_MS + " ms of being told to" + (sender.isAlive() || receiver.isAlive() ?
                    " nor after close" : "")));
            }
        }
        if (problem == null && failure.get() != null)
        {
            problem = new IllegalStateException("a thread failed: " + failure.get(), failure.get());
        }
        if (problem != null)
        {
            throw problem;
        }
        return figures;
    }

    private static Figures window(final Counter counter, final AtomicReference<Throwable> failure, final int size,
        final Settings settings) throws Exception
    {
        // the clock starts at the first message, so set-up lag (e.g. a TCP connect) is not warm-up
        final long firstDeadline = System.nanoTime() + STALL.toNanos();
        while (counter.messages() == 0)
        {
            check(failure);
            if (System.nanoTime() - firstDeadline > 0)
            {
                throw new IllegalStateException("nothing received within " + STALL.toSeconds() + " s");
            }
            Thread.sleep(POLL_MS);
        }
        await(System.nanoTime() + settings.warmup().toNanos(), failure);
        final long startCount = counter.messages();
        final long startNs = System.nanoTime();
        await(startNs + settings.measure().toNanos(), failure);
        final long endCount = counter.messages();
        final long endNs = System.nanoTime();

        final long messages = endCount - startCount;
        if (messages == 0)
        {
            throw new IllegalStateException("nothing received in the measured window (" +
                settings.measure().toMillis() + " ms): the receiver stalled");
        }
        final double seconds = (endNs - startNs) / 1e9;
        return new Figures(messages / seconds, messages * (double)size / 1e6 / seconds, messages);
    }

    private static void await(final long deadlineNs, final AtomicReference<Throwable> failure)
        throws InterruptedException
    {
        while (true)
        {
            check(failure);
            final long remaining = deadlineNs - System.nanoTime();
            if (remaining <= 0)
            {
                return;
            }
            Thread.sleep(Math.min(POLL_MS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining))));
        }
    }

    private static void check(final AtomicReference<Throwable> failure)
    {
        final Throwable t = failure.get();
        if (t != null)
        {
            throw new IllegalStateException("a thread failed: " + t, t);
        }
    }

    private static Thread start(
        final String name,
        final AtomicReference<Throwable> failure,
        final BenchSupport.Body body)
    {
        return Thread.ofPlatform().name(name).daemon(true).start(() ->
        {
            try
            {
                body.run();
            }
            catch (final Throwable t)
            {
                failure.compareAndSet(null, t);
            }
        });
    }

    private static Exception add(final Exception first, final Exception next)
    {
        if (first == null)
        {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    /** A stop flag one thread lowers and another polls. */
    private static final class Flag
    {
        private volatile boolean up = true;

        boolean up()
        {
            return up;
        }

        void down()
        {
            up = false;
        }
    }
}
