package dev.aeromq.patterns;

import dev.aeromq.codec.DataView;
import dev.aeromq.codec.WireTensor;
import dev.aeromq.transport.Link;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A received message's memory, allocated before any payload byte is placed: for its frames one heap
 * array (or one buffer per frame from the socket's {@link FrameSink}); for its tensors' data one block
 * of direct memory in which each tensor starts at a 64-byte aligned address (or one buffer per tensor
 * from the sink, asked after the frames). The transport then copies each part's bytes in once.
 * <p>
 * Threads: made under the socket's duty lock; the message it yields crosses threads safely (final fields).
 */
final class MessageMemory
{
    /** Where each tensor's data starts, by default: a cache line, and enough for any SIMD load. */
    static final int TENSOR_ALIGNMENT = 64;

    private static final DirectBuffer[] NO_FRAMES = new DirectBuffer[0];
    private static final WireTensor[] NO_TENSORS = new WireTensor[0];
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;
    private static final int MAX_BLOCK = Integer.MAX_VALUE - 8 - TENSOR_ALIGNMENT;

    private final Link link;
    private final long correlationId;
    private final String topic;
    private final Map<String, String> metadata;
    private final long size;
    private final boolean ownsBytes;
    private final UnsafeBuffer[] frames;
    private final WireTensor[] tensors;

    /**
     * @param link   the message comes in on.
     * @param header its header.
     * @param sink   the socket's, or null for AeroMQ's own memory.
     * @throws IllegalStateException if the sink returns too little memory, or two tensors share a name.
     */
    MessageMemory(final Link link, final DataView header, final FrameSink sink)
    {
        this.link = link;
        this.correlationId = header.correlationId();
        this.topic = header.topic();
        this.metadata = header.metadata();
        this.size = header.bodyLength();
        this.ownsBytes = sink == null;
        if (header.tensorCount() > 1)
        {
            checkNamesUnique(header);
        }
        frames = sink != null ? sinkFrames(header, sink) : heapFrames(header);
        if (header.tensorCount() == 0)
        {
            tensors = NO_TENSORS;
        }
        else
        {
            tensors = sink != null ? sinkTensors(header, sink) : alignedTensors(header);
        }
    }

    /**
     * @param index of the part: a frame's, or the frame count plus a tensor's.
     * @return the memory its bytes go to, exactly its length.
     */
    MutableDirectBuffer part(final int index)
    {
        return index < frames.length ? frames[index] : tensors[index - frames.length];
    }

    /**
     * @return the bytes of its frames and tensors' data together.
     */
    long size()
    {
        return size;
    }

    /**
     * @return the message, once every part is in place.
     */
    InboundMessage message()
    {
        return new InboundMessage(link, correlationId, topic, frames.length == 0 ? NO_FRAMES : frames,
            metadata, size, ownsBytes, tensors);
    }

    private static UnsafeBuffer[] heapFrames(final DataView header)
    {
        final int count = header.frameCount();
        final UnsafeBuffer[] frames = new UnsafeBuffer[count];
        long frameBytes = 0;
        for (int i = 0; i < count; i++)
        {
            frameBytes += header.frameLength(i);
        }
        if (frameBytes <= MAX_ARRAY)
        {
            final byte[] bytes = new byte[(int)frameBytes];
            int offset = 0;
            for (int i = 0; i < count; i++)
            {
                frames[i] = new UnsafeBuffer(bytes, offset, header.frameLength(i));
                offset += header.frameLength(i);
            }
        }
        else
        {
            for (int i = 0; i < count; i++)
            {
                frames[i] = new UnsafeBuffer(new byte[header.frameLength(i)]);
            }
        }
        return frames;
    }

    private static UnsafeBuffer[] sinkFrames(final DataView header, final FrameSink sink)
    {
        final UnsafeBuffer[] frames = new UnsafeBuffer[header.frameCount()];
        for (int i = 0; i < frames.length; i++)
        {
            final int length = header.frameLength(i);
            frames[i] = new UnsafeBuffer(checked(sink.allocate(header, i, length), length, "frame"), 0, length);
        }
        return frames;
    }

    /**
     * One block of direct memory for all the tensors, each at a 64-byte aligned offset (one block per
     * tensor when together they would not fit an int).
     */
    private static WireTensor[] alignedTensors(final DataView header)
    {
        final int count = header.tensorCount();
        final WireTensor[] tensors = new WireTensor[count];
        long total = 0;
        for (int t = 0; t < count; t++)
        {
            total += aligned(header.tensorDataLength(t));
        }
        if (total <= MAX_BLOCK)
        {
            final UnsafeBuffer block = new UnsafeBuffer(
                BufferUtil.allocateDirectAligned((int)total, TENSOR_ALIGNMENT));
            int offset = 0;
            for (int t = 0; t < count; t++)
            {
                tensors[t] = header.tensor(t, block, offset);
                offset += (int)aligned(header.tensorDataLength(t));
            }
        }
        else
        {
            for (int t = 0; t < count; t++)
            {
                final UnsafeBuffer own = new UnsafeBuffer(
                    BufferUtil.allocateDirectAligned(header.tensorDataLength(t), TENSOR_ALIGNMENT));
                tensors[t] = header.tensor(t, own, 0);
            }
        }
        return tensors;
    }

    private static WireTensor[] sinkTensors(final DataView header, final FrameSink sink)
    {
        final int frameCount = header.frameCount();
        final WireTensor[] tensors = new WireTensor[header.tensorCount()];
        for (int t = 0; t < tensors.length; t++)
        {
            final int length = header.tensorDataLength(t);
            tensors[t] = header.tensor(t, checked(sink.allocate(header, frameCount + t, length), length,
                "tensor '" + header.tensorName(t) + "'"), 0);
        }
        return tensors;
    }

    private static long aligned(final int length)
    {
        return (length + (long)TENSOR_ALIGNMENT - 1) & -TENSOR_ALIGNMENT;
    }

    private static void checkNamesUnique(final DataView header)
    {
        final Set<String> names = new HashSet<>();
        for (int t = 0; t < header.tensorCount(); t++)
        {
            final String name = header.tensorName(t);
            if (!names.add(name))
            {
                throw new IllegalStateException("the message has two tensors named '" + name +
                    "'; names must be unique within a message: it is dropped");
            }
        }
    }

    private static MutableDirectBuffer checked(final MutableDirectBuffer memory, final int length, final String what)
    {
        if (memory == null || memory.capacity() < length)
        {
            throw new IllegalStateException("the FrameAllocator returned " +
                (memory == null ? "null" : "a buffer of " + memory.capacity() + " bytes") + " for a " + what +
                " of " + length + " bytes: the message is dropped");
        }
        return memory;
    }
}
