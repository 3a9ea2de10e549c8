package dev.aeromq.transport;

import dev.aeromq.codec.FrameReader;
import dev.aeromq.codec.MalformedFrameException;
import dev.aeromq.codec.sbe.BooleanType;
import dev.aeromq.codec.sbe.DataDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.HashMap;
import java.util.Map;

/**
 * A view of a DATA frame in the log buffer: lets a socket look at the correlation id and topic
 * before deciding to copy the message out. One per engine; valid during {@link SocketHandler#onData}.
 */
public final class DataFrame
{
    private static final DirectBuffer[] NO_FRAMES = new DirectBuffer[0];

    private DirectBuffer buffer;
    private long correlationId;
    private int partCount;
    private int[] partLengths = new int[8];
    private boolean[] partAttached = new boolean[8];
    private Map<String, String> metadata = Map.of();
    private int topicOffset;
    private int topicLength;
    private int inlineOffset;
    private int inlineLength;
    private int attachmentsOffset;
    private int attachmentsLength;

    /**
     * Read the DATA frame the reader just validated.
     *
     * @param reader positioned on a DATA frame.
     */
    void wrap(final FrameReader reader)
    {
        final DataDecoder data = reader.data();
        buffer = reader.frame();
        correlationId = data.correlationId();

        final DataDecoder.PartsDecoder parts = data.parts();
        partCount = parts.count();
        if (partCount > partLengths.length)
        {
            partLengths = new int[Math.max(partCount, partLengths.length * 2)];
            partAttached = new boolean[partLengths.length];
        }
        long inlineSum = 0;
        long attachedSum = 0;
        for (int i = 0; i < partCount; i++)
        {
            parts.next();
            final int length = parts.length();
            if (length < 0)
            {
                throw new MalformedFrameException("DATA frame has a part of negative length " + length);
            }
            partLengths[i] = length;
            partAttached[i] = parts.attached() == BooleanType.TRUE;
            if (partAttached[i])
            {
                attachedSum += length;
            }
            else
            {
                inlineSum += length;
            }
        }

        final DataDecoder.MetadataDecoder meta = data.metadata();
        if (meta.count() == 0)
        {
            metadata = Map.of();
        }
        else
        {
            final Map<String, String> map = new HashMap<>();
            while (meta.hasNext())
            {
                meta.next();
                map.put(meta.key(), meta.value());
            }
            metadata = Map.copyOf(map);
        }

        topicLength = data.topicLength();
        topicOffset = data.limit() + DataDecoder.topicHeaderLength();
        data.skipTopic();
        inlineLength = data.inlinePartsLength();
        inlineOffset = data.limit() + DataDecoder.inlinePartsHeaderLength();
        data.skipInlineParts();
        attachmentsOffset = reader.sbeLength();
        attachmentsLength = buffer.capacity() - attachmentsOffset;

        if (topicLength < 0 || inlineLength < 0 || attachmentsLength < 0)
        {
            throw new MalformedFrameException("DATA frame has a length out of range");
        }
        if (inlineSum != inlineLength || attachedSum != attachmentsLength)
        {
            throw new MalformedFrameException("DATA frame parts add up to " + inlineSum + " inline and " +
                attachedSum + " attached bytes, but it carries " + inlineLength + " and " + attachmentsLength);
        }
    }

    /**
     * @return the sender's correlation id.
     */
    public long correlationId()
    {
        return correlationId;
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
     * Copy the message out of the log buffer: one allocation for all the bytes, one view per part.
     *
     * @param link it came in on.
     * @return the message.
     */
    public InboundMessage copy(final Link link)
    {
        final byte[] bytes = new byte[inlineLength + attachmentsLength];
        buffer.getBytes(inlineOffset, bytes, 0, inlineLength);
        buffer.getBytes(attachmentsOffset, bytes, inlineLength, attachmentsLength);

        final DirectBuffer[] frames = partCount == 0 ? NO_FRAMES : new DirectBuffer[partCount];
        int inlineCursor = 0;
        int attachedCursor = inlineLength;
        for (int i = 0; i < partCount; i++)
        {
            final int length = partLengths[i];
            if (partAttached[i])
            {
                frames[i] = new UnsafeBuffer(bytes, attachedCursor, length);
                attachedCursor += length;
            }
            else
            {
                frames[i] = new UnsafeBuffer(bytes, inlineCursor, length);
                inlineCursor += length;
            }
        }
        final String topic = topicLength == 0 ? "" : buffer.getStringWithoutLengthUtf8(topicOffset, topicLength);
        return new InboundMessage(link, correlationId, topic, frames, metadata);
    }
}
