package dev.aeromq.patterns;

import dev.aeromq.transport.Link;
import org.agrona.DirectBuffer;

import java.util.Map;

/**
 * A received message that crosses threads (queued for {@code receive}, {@code onMessage} or
 * {@code serve}, or assembled from several fragments): its frames are views of memory it owns, or of
 * memory a {@link FrameSink} returned.
 *
 * @param link          the link it came in on (who to reply to).
 * @param correlationId the sender's correlation id (REQ/REP), 0 otherwise.
 * @param topic         the topic, "" when none.
 * @param frames        the frames, each exactly its bytes (capacity = length).
 * @param metadata      the metadata, empty when none.
 * @param size          bytes of all frames together.
 * @param ownsBytes     true if the frames are memory of its own (not a {@link FrameSink}'s).
 */
public record InboundMessage(
    Link link,
    long correlationId,
    String topic,
    DirectBuffer[] frames,
    Map<String, String> metadata,
    long size,
    boolean ownsBytes)
{
}
