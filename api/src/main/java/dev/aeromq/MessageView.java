package dev.aeromq;

import org.agrona.DirectBuffer;

import java.util.Map;

/**
 * A received message as a handler sees it: its topic, metadata and frames. A view handed to a
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
     * @return the bytes of all frames together.
     */
    long size();

    /**
     * @return an immutable {@link Message} owning its bytes: this one if it already is one that owns
     * them, else a copy (frames in memory a {@link FrameAllocator} returned are copied too).
     */
    Message copy();
}
