package dev.aeromq;

import org.agrona.DirectBuffer;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A received message as a handler sees it: its topic, metadata, frames and tensors. A view handed to a
 * {@link ReceivingSocket#poll} handler is valid only during that call — its frames may be the
 * transport's own memory — and {@link #copy()} keeps one. A {@link Message} is a view that stays valid.
 */
public interface MessageView
{
    /**
     * @return the number of frames.
     */
    int frameCount();

    /**
     * @param index of the frame, from 0.
     * @return exactly the frame: {@code capacity()} is its length and its data starts at index 0.
     * @throws IndexOutOfBoundsException if there is no such frame.
     */
    DirectBuffer frame(int index);

    /**
     * @return the topic, "" when none.
     */
    String topic();

    /**
     * @return the metadata, an unmodifiable map (empty when none).
     */
    Map<String, String> metadata();

    /**
     * @return the bytes of all frames and all tensors' data together (what {@code maxMessageSize} limits).
     */
    long size();

    /**
     * @return the tensors by name, in the order the sender added them; an unmodifiable map, empty when
     * none. A received tensor's data is 64-byte aligned (or where the socket's {@link FrameAllocator} put it).
     */
    Map<String, Tensor> tensors();

    /**
     * @param name of a tensor in the message.
     * @return the tensor.
     * @throws NoSuchElementException naming the tensor (and the ones there are) if there is none of that name.
     */
    default Tensor tensor(final String name)
    {
        final Tensor tensor = tensors().get(Objects.requireNonNull(name, "name"));
        if (tensor == null)
        {
            throw new NoSuchElementException("the message has no tensor named '" + name + "'; its tensors are " +
                tensors().keySet());
        }
        return tensor;
    }

    /**
     * @return an immutable {@link Message} owning its bytes: this one if it already is one that owns
     * them, else a copy (frames in memory a {@link FrameAllocator} returned are copied too).
     */
    Message copy();
}
