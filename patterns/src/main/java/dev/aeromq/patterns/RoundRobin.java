package dev.aeromq.patterns;

import dev.aeromq.transport.Deadlines;
import dev.aeromq.transport.Failure;
import dev.aeromq.transport.Failures;
import dev.aeromq.transport.Link;
import org.agrona.DirectBuffer;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load balancing over a socket's peers (PUSH, REQ, PAIR): each message goes to the next peer in turn
 * that can take it now; a peer that pushes back, is busy with another sender's message, or left in
 * the middle of this one is skipped for it. JeroMQ's {@code LB}.
 */
final class RoundRobin
{
    private final AtomicInteger next = new AtomicInteger();
    private final SocketCore core;

    RoundRobin(final SocketCore core)
    {
        this.core = core;
    }

    /**
     * One pass over the peers, starting after the last one that took a message; a peer that takes no
     * message this large (its limit from the handshake) is passed over.
     *
     * @param links         the live peers.
     * @param correlationId REQ/REP correlation id, 0 otherwise.
     * @param frames        the frames.
     * @param metadata      the metadata.
     * @param size          of the frames together, as checked ({@link Link#sizeOf}).
     * @param finishBy      when a message that began must have finished ({@link Deadlines}).
     * @return the peer that took it, or null if none could.
     * @throws RuntimeException of kind MESSAGE_TOO_LARGE if no peer takes a message this large, or of
     *                          kind TIMEOUT if one began and could not finish in time.
     */
    Link send(
        final Link[] links,
        final long correlationId,
        final DirectBuffer[] frames,
        final Map<String, String> metadata,
        final long size,
        final long finishBy)
    {
        final int n = links.length;
        if (n == 0)
        {
            return null;
        }
        final int start = Math.floorMod(next.get(), n);
        long largestLimit = 0;
        for (int i = 0; i < n; i++)
        {
            final int index = (start + i) % n;
            final Link link = links[index];
            if (size > link.peerMaxMessageSize())
            {
                largestLimit = Math.max(largestLimit, link.peerMaxMessageSize());
                continue;
            }
            largestLimit = Long.MAX_VALUE;
            switch (link.send(correlationId, SocketCore.NO_TOPIC, frames, metadata, size, finishBy))
            {
                case SENT ->
                {
                    next.set(index + 1);
                    return link;
                }
                case TIMED_OUT ->
                {
                    core.observer().sendTimedOut();
                    throw Sending.abandonedMidMessage(link);
                }
                case REFUSED, LOST ->
                {
                    // try the next peer
                }
            }
        }
        if (largestLimit < size)
        {
            throw Failures.of(Failure.Kind.MESSAGE_TOO_LARGE, "a message of " + size + " bytes exceeds the " +
                "maxMessageSize of every peer (the largest is " + largestLimit + " bytes); it was not sent");
        }
        return null;
    }

}
