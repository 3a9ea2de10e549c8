package dev.aeromq.benchmarks;

import org.agrona.concurrent.IdleStrategy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Moves large messages over one {@link LargeLink} and times them: the sender sends {@code warmup}
 * messages and waits until the receiver has all of them; then the clock starts, the sender sends
 * {@code count} messages one after the other (each {@code send} returns once the message is in the
 * transport), and the clock stops when the receiver has the last one whole. MB/s = count × size / 10^6 /
 * that time: one-way, the fill of the pipeline included (it matters for a single 1 GiB message, as it
 * would to an application). No back channel: the receiver's count is read in-process.
 */
final class LargeRun
{
    private static final long JOIN_MS = 5_000;
    private static final int STACK_FRAMES = 8;

    private LargeRun()
    {
    }

    /**
     * Opens a link for one run.
     */
    @FunctionalInterface
    interface Opener
    {
        /**
         * @return a connected link.
         * @throws Exception if it cannot be set up.
         */
        LargeLink open() throws Exception;
    }

    /**
     * One run's result.
     *
     * @param megabytesPerSecond payload bytes received per second (10^6 bytes), measured messages only.
     * @param seconds            from the start of the first measured send to the last message received.
     */
    record Figures(double megabytesPerSecond, double seconds)
    {
    }

    /**
     * @param opener sets the link up (not timed).
     * @param size   message size.
     * @param warmup messages before the clock starts (at least 0).
     * @param count  messages timed (at least 1).
     * @param limit  how long the whole run may take before it is given up.
     * @return the figures.
     * @throws Exception if the link cannot be set up, a side fails, or the run exceeds the limit.
     */
    static Figures measure(final Opener opener, final int size, final int warmup, final int count,
        final Duration limit) throws Exception
    {
        final long deadline = System.nanoTime() + limit.toNanos();
        final LargeLink link = opener.open();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final AtomicLong received = new AtomicLong();
        final AtomicLong startNs = new AtomicLong();
        final AtomicLong endNs = new AtomicLong();
        final int total = warmup + count;
        final Flag running = new Flag();
        final Thread receiver = start("large-receiver", failure, () ->
        {
            final IdleStrategy idle = BenchSupport.idle();
            long got = 0;
            while (got < total && running.up())
            {
                final int work = link.receive(size);
                final long now = link.received();
                if (now != got)
                {
                    got = now;
                    if (got >= total)
                    {
                        endNs.set(System.nanoTime());
                    }
                    received.set(got);
                }
                idle.idle(work);
            }
        });
        final Thread sender = start("large-sender", failure, () ->
        {
            for (int i = 0; i < warmup && running.up(); i++)
            {
                link.send(size, running::up);
            }
            while (received.get() < warmup && running.up())
            {
                Thread.sleep(1); // not timed; spinning would take the receiver's core
            }
            startNs.set(System.nanoTime());
            for (int i = 0; i < count && running.up(); i++)
            {
                link.send(size, running::up);
            }
        });
        try
        {
            while (receiver.isAlive() && failure.get() == null)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw new IllegalStateException("did not finish within " + limit.toSeconds() + " s (" +
                        received.get() + " of " + total + " messages received)");
                }
                receiver.join(10);
            }
            sender.join(JOIN_MS);
            if (failure.get() != null)
            {
                throw new IllegalStateException(failure.get().toString(), failure.get());
            }
            if (sender.isAlive())
            {
                throw new IllegalStateException("the sender did not return within " + JOIN_MS +
                    " ms of the receiver having every message; it is at " + where(sender));
            }
            final double seconds = (endNs.get() - startNs.get()) / 1e9;
            return new Figures(count * (double)size / 1e6 / seconds, seconds);
        }
        finally
        {
            running.down();
            receiver.join(JOIN_MS);
            sender.join(JOIN_MS);
            link.close(); // also wakes a side stuck in a blocking call
            receiver.join(JOIN_MS);
            sender.join(JOIN_MS);
        }
    }

    private static String where(final Thread thread)
    {
        final StringBuilder text = new StringBuilder();
        final StackTraceElement[] stack = thread.getStackTrace();
        for (int i = 0; i < Math.min(STACK_FRAMES, stack.length); i++)
        {
            text.append(i == 0 ? "" : " < ").append(stack[i]);
        }
        return text.toString();
    }

    private static Thread start(final String name, final AtomicReference<Throwable> failure,
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

    /** A stop flag one thread lowers and others poll. */
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
