package dev.aeromq;

import java.util.Map;

/**
 * What a receiver knows of an arriving message before any of its frames' bytes or tensors' data are
 * placed: the two-phase receive shows this to a {@link FrameAllocator}, which then says where each
 * frame, and each tensor's data, goes. Valid only during the allocator's call.
 */
public interface MessageHeader
{
    /**
     * @return the topic, "" when none.
     */
    String topic();

    /**
     * @return the metadata, an unmodifiable map (empty when none).
     */
    Map<String, String> metadata();

    /**
     * @return the number of frames.
     */
    int frameCount();

    /**
     * @param index of the frame, from 0.
     * @return its length in bytes.
     * @throws IndexOutOfBoundsException if there is no such frame.
     */
    int frameLength(int index);

    /**
     * @return the bytes of all frames and all tensors' data together.
     */
    long size();

    /**
     * @return the number of tensors; the allocator is asked for tensor {@code t}'s data with index
     * {@code frameCount() + t}.
     */
    int tensorCount();

    /**
     * @param index of the tensor, from 0.
     * @return its name.
     * @throws IndexOutOfBoundsException if there is no such tensor.
     */
    String tensorName(int index);

    /**
     * @param index of the tensor, from 0.
     * @return its element type.
     * @throws IndexOutOfBoundsException if there is no such tensor.
     */
    DType tensorDType(int index);

    /**
     * @param index of the tensor, from 0.
     * @return a new array of its dimensions, outermost first (empty for a scalar).
     * @throws IndexOutOfBoundsException if there is no such tensor.
     */
    long[] tensorShape(int index);
}
