package dev.aeromq.faults;

import java.util.concurrent.locks.LockSupport;

/**
 * A sender's schedule at a steady rate: message n is due at start + n / rate. {@link #awaitNext()}
 * parks until the next one is due (a schedule, not a guess at how long something takes); a sender that
 * fell behind catches up without waiting.
 */
final class Paced
{
    private final long startNs = System.nanoTime();
    private final long periodNs;
    private long next;

    /**
     * @param perSecond messages per second.
     */
    Paced(final int perSecond)
    {
        this.periodNs = 1_000_000_000L / perSecond;
    }

    /**
     * Wait until the next message is due.
     *
     * @return its number, from 0.
     */
    long awaitNext()
    {
        final long dueNs = startNs + next * periodNs;
        for (long left = dueNs - System.nanoTime(); left > 0; left = dueNs - System.nanoTime())
        {
            LockSupport.parkNanos(left);
        }
        return next++;
    }
}
