package dev.aeromq.transport;

/**
 * What a socket's peers sent that it could not take — malformed wire messages and dropped messages —
 * counted (in the socket's counters, and here for tests and the socket's own accounting) and reported to
 * the error handler, so hostile or broken input is seen, never silently lost.
 * <p>
 * Threads: the counts are written only by the socket's duty-lock holder (one writer at a time) and read by
 * anyone.
 */
final class PeerFaults
{
    private final SocketObserver observer;
    private final TransportSettings settings;
    private volatile long malformedCount;
    private volatile long droppedCount;

    PeerFaults(final SocketObserver observer, final TransportSettings settings)
    {
        this.observer = observer;
        this.settings = settings;
    }

    /**
     * A wire message from a stream with no session yet (a handshake in progress) was malformed.
     *
     * @param endpoint  where it arrived.
     * @param sessionId the Aeron session it came on.
     * @param ex        what is wrong with it.
     */
    void malformed(final String endpoint, final int sessionId, final RuntimeException ex)
    {
        malformedCount++;
        observer.dropped(new TransportSettings.Candidate(endpoint, null, null, 0), DropReason.MALFORMED);
        settings.report(new IllegalStateException(
            "malformed wire message on " + endpoint + " from session " + sessionId + " dropped: " + ex.getMessage(),
            ex));
    }

    /**
     * A wire message from a peer was malformed.
     *
     * @param session of the peer.
     * @param ex      what is wrong with it.
     */
    void malformed(final Session session, final RuntimeException ex)
    {
        malformedCount++;
        observer.dropped(session.link(), DropReason.MALFORMED);
        settings.report(new IllegalStateException("malformed wire message from " + session.link() +
            " (session " + session.peerSessionId() + ") dropped: " + ex.getMessage(), ex));
    }

    /**
     * A message (or a prefix) from a peer was dropped: counted (if a reason is given) and reported.
     *
     * @param session of the peer.
     * @param reason  why, or null when not a message of its own (a prefix, the rest of one dropped).
     * @param why     in words, for the error handler.
     */
    void dropped(final Session session, final DropReason reason, final String why)
    {
        droppedCount++;
        if (reason != null)
        {
            observer.dropped(session.link(), reason);
        }
        settings.report(new IllegalStateException("message from " + session.link() + " dropped: " + why));
    }

    long malformedCount()
    {
        return malformedCount;
    }

    long droppedCount()
    {
        return droppedCount;
    }
}
