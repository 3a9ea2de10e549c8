package dev.aeromq;

/**
 * What happened to a socket, as {@link Socket#monitor} reports it: the state of its connections
 * (endpoints bound and dialled, peers joining, leaving and refused) and the messages it dropped.
 * Every event about a peer names it with a {@link Peer}: the endpoint it came through, its address,
 * type and id. Use a switch over the records:
 * <pre>{@code
 * socket.monitor(event -> {
 *     switch (event) {
 *         case SocketEvent.PeerJoined(Peer peer) -> log.info("joined: " + peer.address());
 *         case SocketEvent.PeerLeft(Peer peer, LeaveReason reason) -> log.info(peer.address() + " left: " + reason);
 *         case SocketEvent.MessageDropped(Peer peer, DropReason reason) -> dropped.increment();
 *         default -> { }
 *     }
 * });
 * }</pre>
 */
public sealed interface SocketEvent
{
    /**
     * The socket listens on an endpoint.
     *
     * @param endpoint as bound, with a port of 0 resolved.
     */
    record Bound(String endpoint) implements SocketEvent
    {
    }

    /**
     * The socket dials an endpoint, and keeps dialling until a peer there welcomes it.
     *
     * @param endpoint as given to {@link Socket#connect}.
     */
    record Connecting(String endpoint) implements SocketEvent
    {
    }

    /**
     * A peer completed the handshake: messages flow from now on.
     *
     * @param peer who.
     */
    record PeerJoined(Peer peer) implements SocketEvent
    {
    }

    /**
     * A peer left.
     *
     * @param peer   who.
     * @param reason why.
     */
    record PeerLeft(Peer peer, LeaveReason reason) implements SocketEvent
    {
    }

    /**
     * This socket refused a peer that connected to it: another protocol version, a role that does
     * not pair, the admission policy's no, {@code maxPeers}, or a PAIR that has its peer.
     *
     * @param peer   who.
     * @param reason what the refusal said.
     */
    record PeerRejected(Peer peer, String reason) implements SocketEvent
    {
    }

    /**
     * A peer this socket connected to refused it; the socket dials again once a second.
     *
     * @param peer   who.
     * @param reason what its refusal said.
     */
    record RejectedByPeer(Peer peer, String reason) implements SocketEvent
    {
    }

    /**
     * The socket dropped a message.
     *
     * @param peer   it came from or was going to; for a malformed message from a peer that never
     *               completed the handshake only the endpoint is known.
     * @param reason why.
     */
    record MessageDropped(Peer peer, DropReason reason) implements SocketEvent
    {
    }

    /**
     * The listener fell behind: this many events found its queue full and were not delivered (they
     * are counted in {@link SocketStats#eventsLost()}). Delivered where the gap was, once there was
     * room again.
     *
     * @param count events missed.
     */
    record EventsLost(long count) implements SocketEvent
    {
    }
}
