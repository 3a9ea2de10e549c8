package dev.aeromq.transport;

import dev.aeromq.codec.DataView;
import dev.aeromq.codec.sbe.SocketType;

import java.util.List;

/**
 * What the transport needs from a socket (implemented by the patterns).
 * <p>
 * Threads: every method is called under the socket's {@link SocketStreams} lock, by whichever thread
 * does the socket's work at that moment (the engine thread, or one of the socket's own callers
 * helping), and never for two sockets on one stack. Implementations must be quick and must not
 * block; what they share with user threads they must publish safely.
 */
public interface SocketHandler
{
    /**
     * @return the pattern role of the socket.
     */
    SocketType type();

    /**
     * @return the socket's random 64-bit id, sent in the handshake.
     */
    long socketId();

    /**
     * Whether a compatible peer may join now (a PAIR takes only one).
     *
     * @param peerType the peer's role, already known to be compatible.
     * @return null to accept, else the reason sent back in a Reject.
     */
    String admit(SocketType peerType);

    /**
     * @param link a peer that completed the handshake; it can be sent to from now on.
     */
    void onPeerJoined(Link link);

    /**
     * @param link   a peer that left; sends to it fail from now on.
     * @param reason why.
     */
    void onPeerLeft(Link link, LeaveReason reason);

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
     * A message arrived; the view is valid only during the call.
     *
     * @param link it came in on.
     * @param data the message, in place in the log buffer.
     */
    void onData(Link link, DataView data);

    /**
     * A SUB added or dropped a prefix (PUB sockets only; others ignore it).
     *
     * @param link   of the SUB.
     * @param add    true to add, false to drop one.
     * @param prefix the prefix bytes.
     */
    void onPrefix(Link link, boolean add, byte[] prefix);

    /**
     * @return the prefixes to announce in the handshake (SUB sockets; others return an empty list).
     */
    List<byte[]> handshakePrefixes();
}
