package dev.aeromq.patterns;


/**
 * A pattern core that receives messages (PULL, SUB, PAIR, REQ replies, REP requests).
 */
public interface ReceivingCore
{
    /**
     * Wait for the next message.
     *
     * @param timeout how long.
     * @return the message.
     * @throws RuntimeException of kind TIMEOUT when none came in time, naming the socket's state.
     */
    InboundMessage receive(Timeout timeout);

    /**
     * Wait for the next message, or not at all with {@link Timeout#ZERO}.
     *
     * @param timeout how long.
     * @return the message, or null when none came in time.
     */
    InboundMessage tryReceive(Timeout timeout);
}
