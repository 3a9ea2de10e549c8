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

    /**
     * Say where the frames of the messages this socket takes go: the two-phase receive. The allocator
     * sees each message's {@link MessageHeader} before any payload byte is placed; the bytes then land
     * in the memory it returns in one copy, and the received frames are views of that memory.
     *
     * @param allocator where frames go; null restores the default (one heap array per message).
     */
    void frameAllocator(FrameAllocator allocator);

    /**
     * Hand the messages that are there now to a handler, inline on the calling thread, at most
     * {@code limit}; never blocks. A message that fits one transport fragment is handed in place in the
     * transport's log buffer (no copy, no allocation, no other thread); a larger one is placed whole
     * first (where the {@link #frameAllocator} says). A view is valid only during the handler's call:
     * {@link MessageView#copy()} keeps one.
     * <p>
     * A socket read with {@code poll} leaves arriving messages in the transport until the next poll
     * (which pushes back on its senders when it falls behind); a {@code receive} or {@code onMessage}
     * switches it back to queuing them.
     *
     * @param handler gets each message.
     * @param limit   most messages to hand in this call.
     * @return messages handed.
     * @throws SocketStateException if called from within this socket's own poll handler, or if the
     *                              pattern does not allow a receive now.
     */
    int poll(Consumer<MessageView> handler, int limit);
}
