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
     * @return how many more messages the socket can take now; at 0 new messages stay in the log
     * buffer, which pushes back on the senders, and the peers' silence is not held against them.
     */
    int receiveCapacity();

    /**
     * @return the most payload bytes one message to this socket may carry: announced to peers in the
     * handshake; a larger message is dropped before anything is allocated for it.
     */
    long maxMessageSize();

    /**
     * A message begins: its header is complete, its frames' bytes may follow. The socket answers how
     * to take it, before any payload byte is placed: {@link Assembly#DROP}, {@link Assembly#NOT_NOW}
     * (only if {@code mayWait}), {@link Assembly#DONE} (only if {@code header.isWhole()}: taken in place
     * during this call), or an {@link Assembly} saying where each frame goes.
     *
     * @param link    it comes in on.
     * @param header  the message's header, in place in the log buffer; valid only during the call.
     * @param mayWait false if the message can no longer be left in the log (its first fragments are
     *                read): then the socket must take or drop it.
     * @return how to take it.
     */
    Assembly onMessageBegin(Link link, DataView header, boolean mayWait);

    /**
     * A SUB added or dropped a prefix (PUB sockets only; others ignore it).
     *
     * @param link   of the SUB.
     * @param add    true to add, false to drop one.
     * @param prefix the prefix bytes.
     * @return false if the prefix was refused: it would take the SUB beyond {@link Limits}.
     */
    boolean onPrefix(Link link, boolean add, byte[] prefix);

    /**
     * @return the prefixes to announce in the handshake (SUB sockets; others return an empty list).
     */
    List<byte[]> handshakePrefixes();
}
