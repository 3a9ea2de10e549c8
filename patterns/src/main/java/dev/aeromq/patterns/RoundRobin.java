package dev.aeromq.patterns;

import dev.aeromq.transport.Link;
import org.agrona.DirectBuffer;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load balancing over a socket's peers (PUSH, REQ, PAIR): each message goes to the next peer in turn
 * that can take it now; a peer that pushes back is skipped for this message. JeroMQ's {@code LB}.
 */
final class RoundRobin
{
    private final AtomicInteger next = new AtomicInteger();

    /**
     * One pass over the peers, starting after the last one that took a message.
     *
     * @param links         the live peers.
     * @param correlationId REQ/REP correlation id, 0 otherwise.
     * @param frames        the frames.
     * @param metadata      the metadata.
     * @return the peer that took it, or null if none could.
     */
    Link offer(
        final Link[] links, final long correlationId, final DirectBuffer[] frames, final Map<String, String> metadata)
    {
        final int n = links.length;
        if (n == 0)
        {
            return null;
        }
        final int start = Math.floorMod(next.get(), n);
        for (int i = 0; i < n; i++)
        {
            final int index = (start + i) % n;
            if (links[index].offerData(correlationId, SocketCore.NO_TOPIC, frames, metadata) > 0)
            {
                next.set(index + 1);
                return links[index];
            }
        }
        return null;
    }
}
