package dev.aeromq;

import java.util.Map;

/**
 * What a receiver knows of an arriving message before any of its frames' bytes are placed: the
 * two-phase receive shows this to a {@link FrameAllocator}, which then says where each frame goes.
 * Valid only during the allocator's call.
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
     * @return the bytes of all frames together.
     */
    long size();
}
