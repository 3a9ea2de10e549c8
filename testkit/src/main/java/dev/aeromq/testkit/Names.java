package dev.aeromq.testkit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Names no other test uses: unique in this process by a counter, and apart from other processes (other
 * builds running at the same time on the same machine and media driver directory root) by the pid.
 */
public final class Names
{
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final long PID = ProcessHandle.current().pid();

    private Names()
    {
    }

    /**
     * @param stem a readable stem, for logs and failure messages.
     * @return {@code stem-PID-N}, unique per call.
     */
    public static String unique(final String stem)
    {
        return stem + "-" + PID + "-" + COUNTER.incrementAndGet();
    }

    /**
     * @param stem a readable stem.
     * @return an {@code ipc://} endpoint no other test uses.
     */
    public static String ipc(final String stem)
    {
        return "ipc://" + unique(stem);
    }
}
