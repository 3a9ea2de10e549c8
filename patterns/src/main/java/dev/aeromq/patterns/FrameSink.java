package dev.aeromq.patterns;

import dev.aeromq.codec.DataView;
import org.agrona.MutableDirectBuffer;

/**
 * Where a socket places the frames and tensors' data of a message it takes: called with the message's
 * header before any of its payload is copied, once per frame, in order, then once per tensor (index
 * {@code frameCount + t}) (the api adapts the user's {@code FrameAllocator} to this). Called under the
 * socket's duty lock; must not block.
 */
@FunctionalInterface
public interface FrameSink
{
    /**
     * @param header the arriving message, in place; valid only during the call.
     * @param index  of the frame, or the frame count plus the index of a tensor.
     * @param length of the frame or the tensor's data.
     * @return memory for it, written from index 0; capacity at least {@code length}.
     */
    MutableDirectBuffer allocate(DataView header, int index, int length);
}
