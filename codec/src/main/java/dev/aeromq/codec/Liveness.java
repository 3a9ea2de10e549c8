package dev.aeromq.codec;

import java.util.concurrent.TimeUnit;

/**
 * How a socket judges a peer alive, as its Hello or Welcome announces it: how often it wants to hear
 * from an idle peer, and how long a silence it tolerates. A link keeps the stricter of the two sides'
 * values ({@link #agree}), so differently configured peers judge the link the same way.
 *
 * @param heartbeatIntervalNs how often a side of the link says it lives.
 * @param peerTimeoutNs       silence after which a side drops the link.
 */
public record Liveness(long heartbeatIntervalNs, long peerTimeoutNs)
{
    /** No peer may make a link send heartbeats more often than this. */
    public static final long MIN_HEARTBEAT_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(10);

    /** A link's timeout spans at least this many heartbeat intervals, so one lost heartbeat is no death. */
    public static final int MIN_INTERVALS_PER_TIMEOUT = 3;

    /**
     * The link's values: the shorter interval and the shorter timeout, within sane bounds whatever the
     * peer said (a peer of another version says 0: then ours hold).
     *
     * @param peer what the peer announced.
     * @return what both sides of the link use.
     */
    public Liveness agree(final Liveness peer)
    {
        final long interval = Math.max(MIN_HEARTBEAT_INTERVAL_NS,
            peer.heartbeatIntervalNs() > 0 ? Math.min(heartbeatIntervalNs, peer.heartbeatIntervalNs()) :
            heartbeatIntervalNs);
        final long timeout = peer.peerTimeoutNs() > 0 ? Math.min(peerTimeoutNs, peer.peerTimeoutNs()) : peerTimeoutNs;
        return new Liveness(interval, Math.max(timeout, MIN_INTERVALS_PER_TIMEOUT * interval));
    }
}
