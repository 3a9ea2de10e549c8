package dev.aeromq;

import dev.aeromq.patterns.SocketCore;
import dev.aeromq.transport.MonitorEvent;
import dev.aeromq.transport.SocketCounter;
import dev.aeromq.transport.SocketCounters;
import dev.aeromq.transport.TransportSettings;

import java.util.EnumMap;

/**
 * The socket's figures and events in public terms: {@link SocketStats} from its counters, and each
 * transport {@link MonitorEvent} as a {@link SocketEvent}.
 */
final class Observations
{
    private Observations()
    {
    }

    /**
     * @param core the socket's core.
     * @return its figures now.
     */
    static SocketStats stats(final SocketCore core)
    {
        final SocketCounters counters = core.observer().counters();
        final EnumMap<DropReason, Long> dropped = new EnumMap<>(DropReason.class);
        long total = 0;
        // CHECKSTYLE:OFF:InlineFullyQualifiedName (the public DropReason has the same name)
        for (final dev.aeromq.transport.DropReason reason : dev.aeromq.transport.DropReason.values())
        // CHECKSTYLE:ON:InlineFullyQualifiedName
        {
            final long count = counters.get(SocketCounter.dropped(reason));
            dropped.put(DropReason.valueOf(reason.name()), count);
            total += count;
        }
        final String endpoint = core.observer().endpoint();
        return new SocketStats(
            SocketType.valueOf(core.type().name()),
            core.socketId(),
            endpoint == null ? "" : endpoint,
            (int)counters.get(SocketCounter.PEERS),
            counters.get(SocketCounter.MESSAGES_SENT),
            counters.get(SocketCounter.BYTES_SENT),
            counters.get(SocketCounter.MESSAGES_RECEIVED),
            counters.get(SocketCounter.BYTES_RECEIVED),
            total,
            dropped,
            counters.get(SocketCounter.PEERS_REJECTED),
            counters.get(SocketCounter.REJECTED_BY_PEERS),
            counters.get(SocketCounter.BACK_PRESSURE_WAITS),
            counters.get(SocketCounter.SEND_TIMEOUTS),
            counters.get(SocketCounter.EVENTS_LOST));
    }

    /**
     * @param event as the transport reports it.
     * @return the public event.
     */
    static SocketEvent toPublic(final MonitorEvent event)
    {
        return switch (event)
        {
            case MonitorEvent.Bound bound -> new SocketEvent.Bound(bound.endpoint());
            case MonitorEvent.Connecting connecting -> new SocketEvent.Connecting(connecting.endpoint());
            case MonitorEvent.PeerJoined joined -> new SocketEvent.PeerJoined(peer(joined.peer()));
            case MonitorEvent.PeerLeft left -> new SocketEvent.PeerLeft(peer(left.peer()), leaveReason(left.reason()));
            case MonitorEvent.PeerRejected rejected -> new SocketEvent.PeerRejected(peer(rejected.peer()),
                rejected.reason());
            case MonitorEvent.RejectedByPeer rejected -> new SocketEvent.RejectedByPeer(peer(rejected.peer()),
                rejected.reason());
            case MonitorEvent.MessageDropped dropped -> new SocketEvent.MessageDropped(peer(dropped.peer()),
                DropReason.valueOf(dropped.reason().name()));
            case MonitorEvent.EventsLost lost -> new SocketEvent.EventsLost(lost.count());
        };
    }

    /**
     * @param candidate a peer as the transport names it.
     * @return the public peer; parts not known stay null (type) or 0 (id).
     */
    static Peer peer(final TransportSettings.Candidate candidate)
    {
        if (candidate == null)
        {
            return null;
        }
        return new Peer(candidate.endpoint(), candidate.address(),
            candidate.type() == null ? null : SocketType.valueOf(candidate.type().name()), candidate.socketId());
    }

    // CHECKSTYLE:OFF:InlineFullyQualifiedName (the public LeaveReason has the same name)
    private static LeaveReason leaveReason(final dev.aeromq.transport.LeaveReason reason)
    // CHECKSTYLE:ON:InlineFullyQualifiedName
    {
        return switch (reason)
        {
            case BYE -> LeaveReason.PEER_CLOSED;
            case TIMEOUT -> LeaveReason.PEER_TIMED_OUT;
            case STREAM_LOST -> LeaveReason.STREAM_LOST;
            case RESET -> LeaveReason.RESET;
            case UNBIND -> LeaveReason.UNBOUND;
            case DISCONNECT -> LeaveReason.DISCONNECTED;
            case CLOSE -> LeaveReason.CLOSED;
        };
    }
}
