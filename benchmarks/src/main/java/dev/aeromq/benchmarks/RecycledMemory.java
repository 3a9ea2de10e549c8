package dev.aeromq.benchmarks;

import dev.aeromq.FrameAllocator;
import dev.aeromq.MessageHeader;
import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A receiver's own memory for the benchmarks: one 64-byte aligned direct block per part index, grown when a
 * part is larger, reused for every message (the benchmark looks at a message, then drops it before the next).
 */
final class RecycledMemory implements FrameAllocator
{
    private static final int ALIGNMENT = 64;

    private UnsafeBuffer[] blocks = new UnsafeBuffer[4];

    @Override
    public MutableDirectBuffer allocate(final MessageHeader header, final int index, final int length)
    {
        if (index >= blocks.length)
        {
            final UnsafeBuffer[] more = new UnsafeBuffer[Math.max(index + 1, blocks.length * 2)];
            System.arraycopy(blocks, 0, more, 0, blocks.length);
            blocks = more;
        }
        UnsafeBuffer block = blocks[index];
        if (block == null || block.capacity() < length)
        {
            block = new UnsafeBuffer(BufferUtil.allocateDirectAligned(Math.max(length, 1), ALIGNMENT));
            blocks[index] = block;
        }
        return block;
    }
}
