package dev.aeromq.patterns;

import dev.aeromq.codec.WireTensor;
import dev.aeromq.transport.Link;
import org.agrona.DirectBuffer;

import java.util.Map;

/**
 * A received message that crosses threads (queued for {@code receive}, {@code onMessage} or
 * {@code serve}, or assembled from several fragments): its frames and tensors are views of memory it
 * owns, or of memory a {@link FrameSink} returned.
 *
 * @param link          the link it came in on (who to reply to).
 * @param correlationId the sender's correlation id (REQ/REP), 0 otherwise.
 * @param topic         the topic, "" when none.
 * @param frames        the frames, each exactly its bytes (capacity = length).
 * @param metadata      the metadata, empty when none.
 * @param size          bytes of all frames and tensors' data together.
 * @param ownsBytes     true if the frames are memory of its own (not a {@link FrameSink}'s).
 * @param tensors       the tensors, in the sender's order, each over its data (empty when none).
 */
public record InboundMessage(
    Link link,
    long correlationId,
    String topic,
    DirectBuffer[] frames,
    Map<String, String> metadata,
    long size,
    boolean ownsBytes,
    WireTensor[] tensors)
{
    private static final WireTensor[] NO_TENSORS = new WireTensor[0];

    /**
     * A message without tensors.
     *
     * @param link          the link it came in on.
     * @param correlationId the sender's correlation id, 0 otherwise.
     * @param topic         the topic, "" when none.
     * @param frames        the frames.
     * @param metadata      the metadata.
     * @param size          bytes of all frames together.
     * @param ownsBytes     true if the frames are memory of its own.
     */
    public InboundMessage(
        final Link link,
        final long correlationId,
        final String topic,
        final DirectBuffer[] frames,
        final Map<String, String> metadata,
        final long size,
        final boolean ownsBytes)
    {
        this(link, correlationId, topic, frames, metadata, size, ownsBytes, NO_TENSORS);
    }
}
