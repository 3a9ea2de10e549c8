package dev.aeromq;

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
}
