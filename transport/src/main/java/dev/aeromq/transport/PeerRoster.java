package dev.aeromq.transport;

import java.util.List;

/**
 * Who is joined to a socket now: the one place where peers join and leave, whatever the stream (a bound
 * peer, a connection, a shared fan-out stream) and whatever the reason, so the count, the counters, the
 * monitor events and the socket's pattern always agree.
 * <p>
 * Threads: the socket's duty-lock holder only.
 */
final class PeerRoster
{
    private final SocketStreams streams;
    private int count;

    PeerRoster(final SocketStreams streams)
    {
        this.streams = streams;
    }

    /**
     * A peer completed the handshake.
     *
     * @param session            the new session.
     * @param peer               who, as its handshake said.
     * @param peerMaxMessageSize the peer's limit, from its handshake.
     * @param prefixes           a SUB peer's prefixes from its handshake, applied before it joins.
     */
    void join(
        final Session session,
        final TransportSettings.Candidate peer,
        final long peerMaxMessageSize,
        final List<byte[]> prefixes)
    {
        final Link link = session.link();
        link.peer(peer);
        link.peerMaxMessageSize(peerMaxMessageSize);
        for (final byte[] prefix : prefixes)
        {
            applyPrefix(session, true, prefix);
        }
        link.activate();
        count++;
        streams.observer().joined(peer, count);
        streams.handler().onPeerJoined(link);
    }

    /**
     * A peer leaves.
     *
     * @param session the session that ends.
     * @param reason  why.
     */
    void leave(final Session session, final LeaveReason reason)
    {
        final Link link = session.link();
        link.deactivate();
        if (session.close())
        {
            streams.observer().dropped(link, DropReason.PEER_GONE); // it was part-way through a message
        }
        if (streams.fanOuts().onLeave(session, reason))
        {
            count--;
            if (reason != LeaveReason.STREAM_LOST || streams.transport().isClientAlive())
            {
                streams.observer().left(link.peer(), reason, count);
                streams.handler().onPeerLeft(link, reason);
            }
            // else Aeron closed every stream because this process lost its client: the peer did not leave, and
            // the loss closes the socket with its cause at once (see Transport#onLost)
        }
    }

    /**
     * A peer fell silent for the peer timeout while Aeron still has its stream: it leaves (the pattern
     * stops using it, a REQ waiting on it is told), but what it was sending is kept, so if the silence
     * was a partition that heals, {@link #resume} takes it back with nothing lost.
     *
     * @param session the session that goes dormant.
     */
    void suspend(final Session session)
    {
        final Link link = session.link();
        link.deactivate();
        count--;
        streams.handler().onPeerLeft(link, LeaveReason.TIMEOUT);
    }

    /**
     * A dormant peer was heard from again: it joins again where it was.
     *
     * @param session the dormant session.
     */
    void resume(final Session session)
    {
        session.heard(streams.nowNs());
        session.link().activate();
        count++;
        streams.handler().onPeerJoined(session.link());
    }

    /**
     * @return peers joined now.
     */
    int count()
    {
        return count;
    }

    /**
     * A binding refused a connector (the connector is told the reason): counted.
     *
     * @param candidate who.
     * @param reason    why.
     */
    void refused(final TransportSettings.Candidate candidate, final String reason)
    {
        streams.observer().rejected(candidate, reason);
    }

    /**
     * A peer this socket connected to refused it: counted, and the socket is told.
     *
     * @param peer   who, as its Reject (or Welcome) said.
     * @param reason why.
     */
    void rejectedBy(final TransportSettings.Candidate peer, final String reason)
    {
        streams.observer().rejectedBy(peer, reason);
        streams.handler().onRejected(peer.endpoint(), reason);
    }

    /**
     * A SUB's prefix change, applied unless it takes the SUB beyond {@link Limits} (then dropped and
     * reported: an honest SUB checks the limits itself before it sends).
     */
    void applyPrefix(final Session session, final boolean add, final byte[] prefix)
    {
        if (!streams.handler().onPrefix(session.link(), add, prefix))
        {
            streams.faults().dropped(session, null, "a prefix of " + prefix.length + " bytes was refused: a SUB " +
                "may hold at most " + Limits.MAX_PREFIXES + " prefixes of at most " + Limits.MAX_PREFIX_LENGTH +
                " bytes, " + Limits.MAX_PREFIX_BYTES + " bytes in all");
        }
    }
}
