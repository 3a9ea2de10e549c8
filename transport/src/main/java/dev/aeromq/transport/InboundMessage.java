package dev.aeromq.transport;

import org.agrona.DirectBuffer;

import java.util.Map;

/**
 * A received DATA message, copied out of the log buffer so it can cross threads.
 *
 * @param link          the link it came in on (who to reply to).
 * @param correlationId the sender's correlation id (REQ/REP), 0 otherwise.
 * @param topic         the topic, "" when none.
 * @param frames        the parts, read-only views over one private copy.
 * @param metadata      the metadata, empty when none.
 */
public record InboundMessage(
    Link link,
    long correlationId,
    String topic,
    DirectBuffer[] frames,
    Map<String, String> metadata)
{
}
