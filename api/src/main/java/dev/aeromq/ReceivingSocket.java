package dev.aeromq;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A socket that receives messages: REP, SUB, PULL, PAIR and REQ (its replies).
 */
public interface ReceivingSocket extends Socket
{
    /**
     * Block until a message arrives or the receive timeout passes (default: forever).
     *
     * @return the message.
     * @throws TimeoutException     if the receive timeout passed.
     * @throws ClosedException      if the socket is or gets closed.
     * @throws SocketStateException if the pattern does not allow a receive now.
     */
    Message receive();

    /**
     * Block until a message arrives or the timeout passes.
     *
     * @param timeout how long to wait.
     * @return the message, or empty on timeout.
     * @throws ClosedException      if the socket is or gets closed.
     * @throws SocketStateException if the pattern does not allow a receive now.
     */
    Optional<Message> receive(Duration timeout);

    /**
     * Take a message if one is waiting; never blocks.
     *
     * @return the message, or empty when none is waiting.
     */
    Optional<Message> tryReceive();

    /**
     * Deliver every message to a handler, in arrival order, on a virtual thread of its own.
     * Only one such handler may be active on a socket; plain receives then compete with it.
     *
     * @param handler called once per message; an exception it throws is reported to the
     *                communicator's error handler and delivery goes on.
     * @return a handle whose {@link Subscription#close()} stops delivery; closing the socket stops it too.
     */
    Subscription onMessage(Consumer<Message> handler);
}
