package dev.aeromq.patterns;

import org.agrona.DirectBuffer;

import java.util.Map;

/**
 * A pattern core that sends messages without a topic (PUSH, PAIR, REQ, REP).
 */
public interface Sender
{
    /**
     * @param frames    the parts.
     * @param metadata  the metadata.
     * @param timeoutNs 0 to try once, negative for forever.
     * @return false if {@code timeoutNs} was 0 and no peer could take the message.
     */
    boolean send(DirectBuffer[] frames, Map<String, String> metadata, long timeoutNs);
}
