package dev.aeromq.transport;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * Which Hellos from unknown connectors a binding starts a handshake for (each opens a publication
 * back): at most {@link Limits#MAX_PENDING_HANDSHAKES_PER_BINDING} at once, at most
 * {@link Limits#MAX_PENDING_HANDSHAKES_PER_SOURCE} of them from one UDP source address, and new ones
 * at most {@link Limits#MAX_NEW_HANDSHAKES_PER_SECOND} a second (a token bucket). A Hello turned away
 * costs nothing: its connector sends it again a little later.
 * <p>
 * Engine-confined: used only under its socket's {@link SocketStreams} lock.
 */
final class HandshakeGate
{
    private static final long NS_PER_TOKEN = TimeUnit.SECONDS.toNanos(1) / Limits.MAX_NEW_HANDSHAKES_PER_SECOND;

    private long tokens = Limits.MAX_NEW_HANDSHAKES_PER_SECOND;
    private long lastRefillNs;
    private long turnedAway;

    /**
     * @param peers  the binding's connectors, linked and not.
     * @param source the host a new Hello comes from, or null (IPC: every process shares the driver).
     * @param nowNs  the duty cycle's time.
     * @return true to start a handshake for it (and spend a token), false to ignore it for now.
     */
    boolean admits(final Collection<BoundPeer> peers, final String source, final long nowNs)
    {
        refill(nowNs);
        if (tokens > 0 && withinPendingLimits(peers, source))
        {
            tokens--;
            return true;
        }
        turnedAway++;
        return false;
    }

    /**
     * @return Hellos ignored so far because a limit was reached.
     */
    long turnedAway()
    {
        return turnedAway;
    }

    private static boolean withinPendingLimits(final Collection<BoundPeer> peers, final String source)
    {
        int pending = 0;
        int fromSource = 0;
        for (final BoundPeer peer : peers)
        {
            if (peer.isHandshaking())
            {
                pending++;
                if (source != null && source.equals(peer.source()))
                {
                    fromSource++;
                }
            }
        }
        return pending < Limits.MAX_PENDING_HANDSHAKES_PER_BINDING &&
            fromSource < Limits.MAX_PENDING_HANDSHAKES_PER_SOURCE;
    }

    private void refill(final long nowNs)
    {
        if (lastRefillNs == 0)
        {
            lastRefillNs = nowNs;
            return;
        }
        final long earned = (nowNs - lastRefillNs) / NS_PER_TOKEN;
        if (earned > 0)
        {
            tokens = Math.min(Limits.MAX_NEW_HANDSHAKES_PER_SECOND, tokens + earned);
            lastRefillNs += earned * NS_PER_TOKEN;
        }
    }

    /**
     * @param sourceIdentity Aeron's source identity of an image: {@code host:port} for UDP.
     * @return the host, or null for IPC.
     */
    static String host(final String sourceIdentity)
    {
        if (sourceIdentity == null || sourceIdentity.startsWith("aeron:"))
        {
            return null;
        }
        final int colon = sourceIdentity.lastIndexOf(':');
        return colon > 0 ? sourceIdentity.substring(0, colon) : sourceIdentity;
    }
}
