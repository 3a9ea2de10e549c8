package dev.aeromq.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This JVM's memory, for "memory is released" and "memory is flat" checks: the heap in use after a
 * full collection, and the resident set size of the whole process (heap, off-heap buffers, the
 * embedded media driver's mapped log buffers).
 */
final class Memory
{
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final long MIB = 1024 * 1024;

    private Memory()
    {
    }

    /**
     * @return bytes of heap in use after a full collection.
     */
    static long heapAfterGc()
    {
        ManagementFactory.getMemoryMXBean().gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * @return the process's resident set size in bytes ({@code VmRSS} of {@code /proc/self/status}), or -1
     * where there is no such file.
     */
    static long rss()
    {
        if (!Files.isReadable(STATUS))
        {
            return -1;
        }
        try
        {
            for (final String line : Files.readAllLines(STATUS))
            {
                if (line.startsWith("VmRSS:"))
                {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024; // "VmRSS:   123456 kB"
                }
            }
            return -1;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @param bytes a size.
     * @return it in whole MiB.
     */
    static long mib(final long bytes)
    {
        return bytes / MIB;
    }
}
