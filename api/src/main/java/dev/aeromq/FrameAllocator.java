package dev.aeromq;

import org.agrona.MutableDirectBuffer;

/**
 * Where the frames and tensors' data of an arriving message go: the receiver's own memory (a pinned,
 * memory-mapped or pooled region, say). It sees the message's {@link MessageHeader} — frame lengths,
 * tensor names, types and shapes — before any payload byte is placed and returns the memory; the bytes
 * then land there in one copy from the transport, and the received message's
 * {@link MessageView#frame frames} and {@link Tensor#data() tensors' data} are views of exactly that
 * memory (same address). Alignment is the allocator's choice (AeroMQ's own memory aligns tensors to 64
 * bytes).
 * <p>
 * Called on the socket's receiving thread, once per frame, in order, also for small and empty frames,
 * then once per tensor (index {@code header.frameCount() + t} for tensor {@code t}, also when empty),
 * for every message queued for {@code receive}, {@code onMessage} or {@code serve}, and for messages a
 * {@code poll} cannot hand over in place (larger than one transport fragment). It must not block.
 * Memory is never handed back: a message dropped half-way (its sender died or gave up) just leaves the
 * memory unused.
 */
@FunctionalInterface
public interface FrameAllocator
{
    /**
     * @param header the arriving message.
     * @param index  of the frame, from 0; or {@code header.frameCount()} plus the index of a tensor.
     * @param length of the frame, or of the tensor's data, in bytes.
     * @return memory for it: the frame is written at index 0, so its capacity must be at least
     * {@code length}.
     */
    MutableDirectBuffer allocate(MessageHeader header, int index, int length);
}
