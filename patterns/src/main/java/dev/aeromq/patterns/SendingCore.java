package dev.aeromq.patterns;

import org.agrona.DirectBuffer;

import java.util.Map;

/**
 * A pattern core that sends messages without a topic (PUSH, PAIR, REQ, REP).
 */
public interface SendingCore
{
    /**
     * Send, waiting while no peer can take the message.
     *
     * @param frames   the frames.
     * @param metadata the metadata.
     * @param timeout  how long to wait.
     * @throws RuntimeException of kind TIMEOUT when no peer took it in time; nothing was sent.
     */
    void send(DirectBuffer[] frames, Map<String, String> metadata, Timeout timeout);

    /**
     * Send if a peer can take the message right now.
     *
     * @param frames   the frames.
     * @param metadata the metadata.
     * @return false if no peer could take it; nothing was sent.
     */
    boolean trySend(DirectBuffer[] frames, Map<String, String> metadata);
}
