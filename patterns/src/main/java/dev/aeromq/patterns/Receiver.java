package dev.aeromq.patterns;

import dev.aeromq.transport.InboundMessage;

/**
 * A pattern core that receives messages (PULL, SUB, PAIR, REQ replies, REP requests).
 */
public interface Receiver
{
    /**
     * @param timeoutNs negative for forever, 0 to not wait.
     * @param orTimeout throw a TIMEOUT failure at the deadline instead of returning null.
     * @return the next message, or null.
     */
    InboundMessage receive(long timeoutNs, boolean orTimeout);
}
