package dev.aeromq.codec;

import dev.aeromq.codec.sbe.DataDecoder;
import org.agrona.DirectBuffer;

import java.util.HashMap;
import java.util.Map;

/**
 * A Data wire message as the receiver sees it, read in place: correlation id, topic, metadata, each
 * frame's length and, for a message whose frames' bytes are all there ({@link #isWhole()}), where each
 * lies. Lets a socket decide (filter on the topic, match the correlation id, place the frames) before
 * anything is copied. A message longer than one wire message carries only the first of its frames'
 * bytes here ({@link #bodyPresent()}); Chunks bring the rest. Reused: valid until the next
 * {@link #wrap}.
 */
public final class DataView
{
    private DirectBuffer buffer;
    private long correlationId;
    private int frameCount;
    private int[] frameOffsets = new int[8];
    private int[] frameLengths = new int[8];
    private long bodyLength;
    private int bodyOffset;
    private int bodyPresent;
    private Map<String, String> metadata = Map.of();
    private int topicOffset;
    private int topicLength;

    /**
     * Read the Data wire message (or the start of one) the reader has just validated, and check that
     * it carries no more bytes than its frames add up to.
     *
     * @param reader positioned on a Data wire message.
     * @return this view.
     * @throws MalformedWireMessageException if a frame length is negative or it carries too many bytes.
     */
    public DataView wrap(final WireReader reader)
    {
        final DataDecoder data = reader.data();
        buffer = reader.buffer();
        correlationId = data.correlationId();
        readFrameLengths(data.frames());
        metadata = readMetadata(data.metadata());
        topicLength = data.topicLength();
        topicOffset = data.limit() + DataDecoder.topicHeaderLength();
        data.sbeRewind(); // leave the reader's decoder at its fixed block, as the reader hands it out

        bodyOffset = reader.sbeLength();
        bodyPresent = buffer.capacity() - bodyOffset;
        if (bodyPresent > bodyLength)
        {
            throw new MalformedWireMessageException("Data wire message declares frames of " + bodyLength +
                " bytes in all but carries " + bodyPresent);
        }
        long cursor = bodyOffset;
        for (int i = 0; i < frameCount; i++)
        {
            frameOffsets[i] = cursor <= Integer.MAX_VALUE ? (int)cursor : -1;
            cursor += frameLengths[i];
        }
        return this;
    }

    private void readFrameLengths(final DataDecoder.FramesDecoder frames)
    {
        frameCount = frames.count();
        if (frameCount > frameLengths.length)
        {
            final int capacity = Math.max(frameCount, frameLengths.length * 2);
            frameLengths = new int[capacity];
            frameOffsets = new int[capacity];
        }
        long sum = 0;
        for (int i = 0; i < frameCount; i++)
        {
            final int length = frames.next().length();
            if (length < 0)
            {
                throw new MalformedWireMessageException("Data wire message has a frame of negative length " + length);
            }
            frameLengths[i] = length;
            sum += length;
        }
        bodyLength = sum;
    }

    private static Map<String, String> readMetadata(final DataDecoder.MetadataDecoder entries)
    {
        if (entries.count() == 0)
        {
            return Map.of();
        }
        final Map<String, String> map = new HashMap<>();
        for (final DataDecoder.MetadataDecoder entry : entries)
        {
            map.put(entry.key(), entry.value());
        }
        return Map.copyOf(map);
    }

    /**
     * @return the buffer the offsets refer to.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return the sender's correlation id (REQ/REP), 0 otherwise.
     */
    public long correlationId()
    {
        return correlationId;
    }

    /**
     * @return the number of frames.
     */
    public int frameCount()
    {
        return frameCount;
    }

    /**
     * @return true if every frame's bytes are in this wire message; false if Chunks bring the rest.
     */
    public boolean isWhole()
    {
        return bodyPresent == bodyLength;
    }

    /**
     * @return where the frames' bytes start in {@link #buffer()}.
     */
    public int bodyOffset()
    {
        return bodyOffset;
    }

    /**
     * @return how many of the frames' bytes this wire message carries.
     */
    public int bodyPresent()
    {
        return bodyPresent;
    }

    /**
     * @param index of the frame.
     * @return where its bytes start in {@link #buffer()}; meaningful for the frames of a whole message,
     * and for a message that is not whole only for those that start among the bytes present (-1 where
     * the offset would not fit an int).
     */
    public int frameOffset(final int index)
    {
        return frameOffsets[index];
    }

    /**
     * @param index of the frame.
     * @return its length in bytes.
     */
    public int frameLength(final int index)
    {
        return frameLengths[index];
    }

    /**
     * @return the bytes of all frames together.
     */
    public long bodyLength()
    {
        return bodyLength;
    }

    /**
     * @return the metadata, empty when none; decoded once per wire message that has any.
     */
    public Map<String, String> metadata()
    {
        return metadata;
    }

    /**
     * @return offset in {@link #buffer()} of the topic's UTF-8 bytes.
     */
    public int topicOffset()
    {
        return topicOffset;
    }

    /**
     * @return length of the topic's UTF-8 bytes.
     */
    public int topicLength()
    {
        return topicLength;
    }

    /**
     * @param prefix a subscription prefix.
     * @return true if the topic starts with it, byte for byte.
     */
    public boolean topicStartsWith(final byte[] prefix)
    {
        if (prefix.length > topicLength)
        {
            return false;
        }
        for (int i = 0; i < prefix.length; i++)
        {
            if (buffer.getByte(topicOffset + i) != prefix[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the topic decoded from UTF-8 ("" when none).
     */
    public String topic()
    {
        return topicLength == 0 ? "" : buffer.getStringWithoutLengthUtf8(topicOffset, topicLength);
    }

    /**
     * @param destination to copy the topic's bytes into, at index 0; at least {@link #topicLength()} long.
     */
    public void copyTopic(final byte[] destination)
    {
        buffer.getBytes(topicOffset, destination, 0, topicLength);
    }
}
