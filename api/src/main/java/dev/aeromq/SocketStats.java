package dev.aeromq;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A snapshot of a socket's figures, from {@link Socket#stats()}. The same figures are Aeron counters
 * in the media driver's CnC file (type ids 1740-1759, labels {@code aeromq TYPE ID ENDPOINT: FIGURE}),
 * so {@code AeronStat} and AeroMQ's {@code dev.aeromq.tools.AeroMqStat} show them live. Every count
 * runs from the socket's creation; each figure is read on its own, so two figures may be a few
 * messages apart while messages flow.
 *
 * @param type              the socket's type.
 * @param socketId          its random 64-bit id, as its handshakes (and {@link Peer#socketId()} at its
 *                          peers) and its counters' labels name it.
 * @param endpoint          the first endpoint it bound (port resolved) or connected to, which its
 *                          counters' labels name; empty before it had one.
 * @param peers             peers joined now.
 * @param messagesSent      messages sent; a PUB counts one per subscriber a message went to.
 * @param bytesSent         payload bytes (frames) of the messages sent.
 * @param messagesReceived  messages received whole and taken by the socket (into its queue, a poll
 *                          handler, or a REQ's reply).
 * @param bytesReceived     payload bytes of the messages received.
 * @param messagesDropped   messages dropped, for any reason: the sum of {@code droppedByReason}.
 * @param droppedByReason   messages dropped, by reason (every reason present, most of them 0).
 * @param peersRejected     peers this socket refused at the handshake ({@link SocketEvent.PeerRejected}).
 * @param rejectedByPeers   times a peer this socket connected to refused it ({@link SocketEvent.RejectedByPeer}).
 * @param backPressureWaits sends that had to wait because every peer pushed back (receivers at their
 *                          high-water mark, or slower than the sender).
 * @param sendTimeouts      sends that timed out: the caller got a {@link TimeoutException}.
 * @param eventsLost        monitor events a slow listener missed ({@link SocketEvent.EventsLost}).
 */
public record SocketStats(
    SocketType type,
    long socketId,
    String endpoint,
    int peers,
    long messagesSent,
    long bytesSent,
    long messagesReceived,
    long bytesReceived,
    long messagesDropped,
    Map<DropReason, Long> droppedByReason,
    long peersRejected,
    long rejectedByPeers,
    long backPressureWaits,
    long sendTimeouts,
    long eventsLost)
{
    /**
     * Keeps an unmodifiable copy of the drop counts, in reason order.
     */
    public SocketStats
    {
        final EnumMap<DropReason, Long> copy = new EnumMap<>(DropReason.class);
        copy.putAll(droppedByReason);
        droppedByReason = Collections.unmodifiableMap(copy);
    }

    /**
     * @param reason a drop reason.
     * @return messages dropped for it.
     */
    public long dropped(final DropReason reason)
    {
        return droppedByReason.getOrDefault(reason, 0L);
    }
}
