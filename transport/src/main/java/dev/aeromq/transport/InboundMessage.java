package dev.aeromq.transport;

import dev.aeromq.codec.DataView;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Map;

/**
 * A received message, copied out of the log buffer so it can cross threads.
 *
 * @param link          the link it came in on (who to reply to).
 * @param correlationId the sender's correlation id (REQ/REP), 0 otherwise.
 * @param topic         the topic, "" when none.
 * @param frames        the frames, views over one private copy of all their bytes.
 * @param metadata      the metadata, empty when none.
 */
public record InboundMessage(
    Link link,
    long correlationId,
    String topic,
    DirectBuffer[] frames,
    Map<String, String> metadata)
{
    private static final DirectBuffer[] NO_FRAMES = new DirectBuffer[0];

    /**
     * Copy a message out of the log buffer: one array for all its bytes, one view per frame.
     *
     * @param link it came in on.
     * @param data the message in place.
     * @return the copy.
     */
    public static InboundMessage copyOf(final Link link, final DataView data)
    {
        final int count = data.frameCount();
        final DirectBuffer[] frames = count == 0 ? NO_FRAMES : new DirectBuffer[count];
        if (count > 0)
        {
            final int first = data.frameOffset(0);
            final byte[] bytes = new byte[(int)data.bodyLength()];
            data.buffer().getBytes(first, bytes, 0, bytes.length);
            for (int i = 0; i < count; i++)
            {
                frames[i] = new UnsafeBuffer(bytes, data.frameOffset(i) - first, data.frameLength(i));
            }
        }
        return new InboundMessage(link, data.correlationId(), data.topic(), frames, data.metadata());
    }
}
