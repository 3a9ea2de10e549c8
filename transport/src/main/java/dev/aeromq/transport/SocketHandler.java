package dev.aeromq.transport;

import dev.aeromq.codec.sbe.SocketType;

import java.util.List;

/**
 * What the engine needs from a socket (implemented by the patterns). Every method is called on the
 * socket's engine thread, so implementations must be quick and must not block.
 */
public interface SocketHandler
{
    /**
     * @return the pattern role of the socket.
     */
    SocketType type();

    /**
     * @return the socket's random 64-bit id, sent in every frame.
     */
    long socketId();

    /**
     * Whether a compatible peer may join now (a PAIR takes only one).
     *
     * @param peerType the peer's role, already known to be compatible.
     * @return null to accept, else the reason sent back in a REJECT.
     */
    String admit(SocketType peerType);

    /**
     * @param link a peer that completed the handshake; it can be sent to from now on.
     */
    void onPeerJoined(Link link);

    /**
     * @param link a peer that left (BYE, timeout, unbind/disconnect); sends to it fail from now on.
     */
    void onPeerLeft(Link link);

    /**
     * @param endpoint the endpoint this socket connected to.
     * @param reason   why the peer bound there refused this socket.
     */
    void onRejected(String endpoint, String reason);

    /**
     * @return how many more messages the socket can take now; 0 stops reading its streams, which
     * pushes back on the senders.
     */
    int receiveCapacity();

    /**
     * A DATA frame arrived; the view is valid only during the call.
     *
     * @param link  it came in on.
     * @param frame the frame; call {@link DataFrame#copy()} to keep the message.
     */
    void onData(Link link, DataFrame frame);

    /**
     * A SUB added or dropped a prefix (PUB sockets only; others ignore it).
     *
     * @param link      of the SUB.
     * @param subscribe true to add, false to drop one.
     * @param prefix    the prefix bytes.
     */
    void onSubscription(Link link, boolean subscribe, byte[] prefix);

    /**
     * @return the prefixes to announce in the handshake (SUB sockets; others return an empty list).
     */
    List<byte[]> handshakeSubscriptions();
}
