package dev.aeromq.transport;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Deadlines as {@link System#nanoTime()} values (primitive, so a send allocates nothing), and the
 * backoff a sender uses while its peers push back.
 */
public final class Deadlines
{
    /** No deadline: wait forever. */
    public static final long NONE = Long.MIN_VALUE;

    private static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private Deadlines()
    {
    }

    /**
     * @param deadlineNs a deadline or {@link #NONE}.
     * @return true if it has passed.
     */
    public static boolean passed(final long deadlineNs)
    {
        return deadlineNs != NONE && System.nanoTime() - deadlineNs >= 0;
    }

    /**
     * @param deadlineNs a deadline or {@link #NONE}.
     * @param capNs      the longest wait wanted.
     * @return nanoseconds to wait now: what is left of the deadline, at most the cap, at least 1.
     */
    public static long remaining(final long deadlineNs, final long capNs)
    {
        return deadlineNs == NONE ? capNs : Math.max(1, Math.min(capNs, deadlineNs - System.nanoTime()));
    }

    /**
     * Back off after the given number of failed attempts: spin, then yield, then park for growing
     * intervals up to 1 ms (on a virtual thread a park unmounts it).
     *
     * @param attempt how many attempts failed so far.
     */
    public static void backoff(final int attempt)
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
}
