package dev.aeromq.patterns;

import dev.aeromq.codec.DataView;
import dev.aeromq.transport.Link;

/**
 * What an inline {@code poll} hands each message to, on the caller's thread (the api adapts the
 * user's handler to this).
 */
public interface PollHandler
{
    /**
     * A message taken in place from the log buffer: valid only during the call.
     *
     * @param link   it came in on.
     * @param header the message, whole.
     */
    void onMessage(Link link, DataView header);

    /**
     * A message that was queued, or assembled from several fragments.
     *
     * @param message the message.
     */
    void onMessage(InboundMessage message);
}
