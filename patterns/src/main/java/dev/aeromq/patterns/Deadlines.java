package dev.aeromq.patterns;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Timeouts as {@link System#nanoTime()} deadlines, and the backoff a sender uses while every peer
 * pushes back.
 */
final class Deadlines
{
    /** No deadline: wait forever. */
    static final long NONE = Long.MIN_VALUE;

    private static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private Deadlines()
    {
    }

    /**
     * @param timeoutNs negative for forever.
     * @return the deadline, or {@link #NONE}.
     */
    static long of(final long timeoutNs)
    {
        return timeoutNs < 0 ? NONE : System.nanoTime() + timeoutNs;
    }

    /**
     * @param deadlineNs a deadline or {@link #NONE}.
     * @return true if it has passed.
     */
    static boolean passed(final long deadlineNs)
    {
        return deadlineNs != NONE && System.nanoTime() - deadlineNs >= 0;
    }

    /**
     * Back off after the given number of failed attempts: spin, then yield, then park for growing
     * intervals up to 1 ms (on a virtual thread a park unmounts it).
     *
     * @param attempt how many attempts failed so far.
     */
    static void backoff(final int attempt)
    {
        if (attempt < 10)
        {
            Thread.onSpinWait();
        }
        else if (attempt < 20)
        {
            Thread.yield();
        }
        else
        {
            LockSupport.parkNanos(Math.min(MAX_PARK_NS, 1_000L << Math.min(attempt - 20, 10)));
        }
    }

    /**
     * @param timeoutNs a timeout, negative for forever.
     * @return it in words, for error messages.
     */
    static String describe(final long timeoutNs)
    {
        return timeoutNs < 0 ? "forever" : Duration.ofNanos(timeoutNs).toMillis() + " ms";
    }
}
