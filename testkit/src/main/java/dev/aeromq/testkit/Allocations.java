package dev.aeromq.testkit;

import com.sun.management.ThreadMXBean;

import java.lang.management.ManagementFactory;

/**
 * Heap bytes the calling thread has allocated, to check that code allocates no more than a bound
 * (HotSpot counts them per thread, TLABs included, exactly enough for that).
 */
public final class Allocations
{
    private static final ThreadMXBean THREADS = (ThreadMXBean)ManagementFactory.getThreadMXBean();

    private Allocations()
    {
    }

    /**
     * @return bytes the calling thread has allocated since it started.
     * @throws IllegalStateException if this JVM does not count them.
     */
    public static long ofCurrentThread()
    {
        final long bytes = THREADS.getCurrentThreadAllocatedBytes();
        if (bytes < 0)
        {
            throw new IllegalStateException("this JVM does not count allocated bytes per thread " +
                "(ThreadMXBean#isThreadAllocatedMemoryEnabled is false): run the tests on HotSpot");
        }
        return bytes;
    }
}
