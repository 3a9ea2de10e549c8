package dev.aeromq;

import org.agrona.DirectBuffer;

/**
 * A socket that sends messages: REQ, REP (its replies), PUB, PUSH, PAIR.
 * A successful send means the message is in the transport, not yet that the peer received it.
 */
public interface SendingSocket extends Socket
{
    /**
     * Send, blocking while no peer can take the message (none yet, high-water mark, back pressure)
     * up to the send timeout.
     *
     * @param message to send; its buffers must not change until this returns.
     * @throws TimeoutException          if no peer could take it in time; nothing was sent.
     * @throws MessageTooLargeException  if it exceeds the transport's maximum message length.
     * @throws SocketStateException      if the pattern does not allow a send now.
     * @throws IncompatiblePeerException if the only peer refused this socket.
     * @throws ClosedException           if the socket is or gets closed.
     */
    void send(Message message);

    /**
     * Send if a peer can take the message right now; never blocks.
     *
     * @param message to send.
     * @return true if sent, false if no peer could take it (nothing was sent).
     */
    boolean trySend(Message message);

    /**
     * Send one frame straight from a region of a buffer, building no {@link Message}: on a platform
     * thread this allocates nothing. Blocks like {@link #send(Message)}.
     *
     * @param buffer holding the frame; its bytes must not change until this returns.
     * @param offset where the frame starts.
     * @param length of the frame.
     * @throws TimeoutException         if no peer could take it in time; nothing was sent.
     * @throws MessageTooLargeException if it exceeds this socket's or the peer's maxMessageSize.
     */
    void send(DirectBuffer buffer, int offset, int length);

    /**
     * Send one frame from a region of a buffer if a peer can take it right now; never waits to begin.
     *
     * @param buffer holding the frame.
     * @param offset where the frame starts.
     * @param length of the frame.
     * @return true if sent, false if no peer could take it (nothing was sent).
     */
    boolean trySend(DirectBuffer buffer, int offset, int length);
}
