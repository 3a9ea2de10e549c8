package dev.aeromq.transport;

/**
 * What a socket's monitor reports, as the transport sees it; the api turns each into its public
 * {@code SocketEvent}. A peer is named by what its handshake said ({@link TransportSettings.Candidate}):
 * the endpoint, its address, type and id; parts not known yet (a peer that never completed a
 * handshake) are null or 0.
 */
public sealed interface MonitorEvent
{
    /**
     * The socket listens on an endpoint.
     *
     * @param endpoint as bound, port resolved.
     */
    record Bound(String endpoint) implements MonitorEvent
    {
    }

    /**
     * The socket dials an endpoint (and keeps dialling until a peer there welcomes it).
     *
     * @param endpoint as connected to.
     */
    record Connecting(String endpoint) implements MonitorEvent
    {
    }

    /**
     * A peer completed the handshake.
     *
     * @param peer who.
     */
    record PeerJoined(TransportSettings.Candidate peer) implements MonitorEvent
    {
    }

    /**
     * A peer left.
     *
     * @param peer   who.
     * @param reason why.
     */
    record PeerLeft(TransportSettings.Candidate peer, LeaveReason reason) implements MonitorEvent
    {
    }

    /**
     * This socket refused a peer that connected to it (a Reject sent).
     *
     * @param peer   who.
     * @param reason what the Reject said.
     */
    record PeerRejected(TransportSettings.Candidate peer, String reason) implements MonitorEvent
    {
    }

    /**
     * A peer this socket connected to refused it.
     *
     * @param peer   who.
     * @param reason what its Reject said.
     */
    record RejectedByPeer(TransportSettings.Candidate peer, String reason) implements MonitorEvent
    {
    }

    /**
     * The socket dropped a message.
     *
     * @param peer   it came from or was going to.
     * @param reason why.
     */
    record MessageDropped(TransportSettings.Candidate peer, DropReason reason) implements MonitorEvent
    {
    }

    /**
     * The listener fell behind: this many events did not fit its queue and were not delivered.
     *
     * @param count events missed here.
     */
    record EventsLost(long count) implements MonitorEvent
    {
    }
}
