package dev.aeromq.benchmarks;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * The memory large messages come from and go to, shared by the contenders of one scenario so the heap is
 * not the bottleneck (nor what is measured): one direct source buffer filled with varying bytes, and one
 * direct destination buffer every receiver writes each message into (zeroed before each contender, and
 * compared with the source after it). Released explicitly ({@link #close()}), not left to the GC, so the
 * scenarios after it see the process as it was — unless a run failed ({@link #leaveToGc()}): a thread of it
 * may still hold the memory, so it is then freed only once nothing refers to it. Needs {@code -XX:MaxDirectMemorySize} of at least twice
 * the largest message (bench.jvm.flags in benchmarks/pom.xml).
 */
final class LargeBuffers implements AutoCloseable
{
    private final ByteBuffer sourceBytes;
    private final ByteBuffer destinationBytes;
    private final UnsafeBuffer source;
    private final UnsafeBuffer destination;
    private volatile boolean leaveToGc;

    /**
     * @param capacity the largest message.
     */
    LargeBuffers(final int capacity)
    {
        sourceBytes = ByteBuffer.allocateDirect(capacity);
        ByteBuffer bytes = null;
        try
        {
            bytes = ByteBuffer.allocateDirect(capacity);
        }
        finally
        {
            if (bytes == null)
            {
                BufferUtil.free(sourceBytes);
            }
        }
        destinationBytes = bytes;
        source = new UnsafeBuffer(sourceBytes);
        destination = new UnsafeBuffer(destinationBytes);
        long value = 0x9E3779B97F4A7C15L;
        final int whole = capacity & ~7;
        for (int i = 0; i < whole; i += 8)
        {
            source.putLong(i, value);
            value = value * 6364136223846793005L + 1442695040888963407L;
        }
        for (int i = whole; i < capacity; i++)
        {
            source.putByte(i, (byte)i);
        }
    }

    /**
     * @return the source, as an Agrona buffer (whole capacity).
     */
    UnsafeBuffer source()
    {
        return source;
    }

    /**
     * @return the destination, as an Agrona buffer (whole capacity).
     */
    UnsafeBuffer destination()
    {
        return destination;
    }

    /**
     * @param length bytes.
     * @return a new view of the source's first {@code length} bytes, position 0.
     */
    ByteBuffer sourceBytes(final int length)
    {
        return sourceBytes.slice(0, length);
    }

    /**
     * @param length bytes.
     * @return a new view of the destination's first {@code length} bytes, position 0.
     */
    ByteBuffer destinationBytes(final int length)
    {
        return destinationBytes.slice(0, length);
    }

    /**
     * @param length bytes of the destination to zero, before a contender's run.
     */
    void clearDestination(final int length)
    {
        destination.setMemory(0, length, (byte)0);
    }

    /**
     * @param length bytes of the message.
     * @return true if the destination holds the message the source holds.
     */
    boolean delivered(final int length)
    {
        return sourceBytes(length).mismatch(destinationBytes(length)) == -1;
    }

    /**
     * A run failed or was abandoned: do not free the memory explicitly, a stray thread may still use it.
     */
    void leaveToGc()
    {
        leaveToGc = true;
    }

    @Override
    public void close()
    {
        if (!leaveToGc)
        {
            BufferUtil.free(sourceBytes);
            BufferUtil.free(destinationBytes);
        }
    }
}
