package dev.aeromq.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the used heap every few milliseconds on a thread of its own and keeps the highest value.
 */
final class HeapWatch implements AutoCloseable
{
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
    private static final long SAMPLE_MS = 5;

    private final AtomicLong peak = new AtomicLong();
    private final Thread sampler;
    private volatile boolean sampling = true;

    /**
     * Start sampling.
     */
    HeapWatch()
    {
        peak.set(used());
        sampler = Thread.ofPlatform().daemon().name("heap-watch").start(() ->
        {
            while (sampling)
            {
                sample();
                try
                {
                    Thread.sleep(SAMPLE_MS);
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
            }
        });
    }

    /**
     * @return the used heap in bytes after two full GCs (what is live).
     * @throws InterruptedException if interrupted between them.
     */
    static long usedAfterGc() throws InterruptedException
    {
        System.gc();
        Thread.sleep(50);
        System.gc();
        return used();
    }

    /**
     * @return the highest used heap seen so far, in bytes.
     */
    long peak()
    {
        sample();
        return peak.get();
    }

    private void sample()
    {
        peak.accumulateAndGet(used(), Math::max);
    }

    private static long used()
    {
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    @Override
    public void close() throws InterruptedException
    {
        sampling = false;
        sampler.interrupt();
        sampler.join(1_000);
    }
}
