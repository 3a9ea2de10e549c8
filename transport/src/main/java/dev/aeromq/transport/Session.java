package dev.aeromq.transport;

import dev.aeromq.codec.MalformedWireMessageException;
import dev.aeromq.codec.WireReader;
import dev.aeromq.codec.sbe.BooleanType;
import dev.aeromq.codec.sbe.ByeDecoder;
import dev.aeromq.codec.sbe.DataDecoder;
import dev.aeromq.codec.sbe.HeartbeatDecoder;
import dev.aeromq.codec.sbe.PrefixAction;
import dev.aeromq.codec.sbe.PrefixDecoder;

/**
 * An established connection with one peer, engine side: from the moment it joins until it leaves.
 * Reads the peer's wire messages, keeps its liveness and sends heartbeats; both ends of a handshake
 * ({@link BoundPeer} at a binder, {@link Connection} at a connector) hand their link to one of these
 * once the peer is admitted.
 * <p>
 * Engine-confined: used only under its socket's {@link SocketStreams} lock.
 */
final class Session
{
    private final Link link;
    private final int peerSessionId;
    private long lastHeardNs;
    private long nextHeartbeatNs;
    private boolean byeAcknowledged;

    Session(final Link link, final int peerSessionId, final long nowNs, final long heartbeatIntervalNs)
    {
        this.link = link;
        this.peerSessionId = peerSessionId;
        this.lastHeardNs = nowNs;
        this.nextHeartbeatNs = nowNs + heartbeatIntervalNs;
    }

    Link link()
    {
        return link;
    }

    int peerSessionId()
    {
        return peerSessionId;
    }

    boolean byeAcknowledged()
    {
        return byeAcknowledged;
    }

    /**
     * One wire message from the peer.
     *
     * @param templateId as read.
     * @param reader     positioned on it.
     * @param streams    the socket.
     * @param nowNs      the duty cycle's time.
     * @return {@link LeaveReason#BYE} if the peer said goodbye, else null.
     * @throws MalformedWireMessageException if the type has no place on an established link.
     */
    LeaveReason onWireMessage(
        final int templateId,
        final WireReader reader,
        final SocketStreams streams,
        final long nowNs)
    {
        lastHeardNs = nowNs;
        switch (templateId)
        {
            case DataDecoder.TEMPLATE_ID -> streams.handler().onData(link, streams.dataView().wrap(reader));
            case HeartbeatDecoder.TEMPLATE_ID ->
            {
                // lastHeardNs is all it is for
            }
            case ByeDecoder.TEMPLATE_ID ->
            {
                if (reader.bye().ack() == BooleanType.TRUE)
                {
                    byeAcknowledged = true;
                }
                else
                {
                    link.bye(true);
                    return LeaveReason.BYE;
                }
            }
            case PrefixDecoder.TEMPLATE_ID ->
            {
                final byte[] prefix = new byte[reader.prefixLength()];
                reader.buffer().getBytes(reader.prefixOffset(), prefix);
                streams.handler().onPrefix(link, reader.prefix().action() == PrefixAction.ADD, prefix);
            }
            default -> throw new MalformedWireMessageException(
                "wire message type " + templateId + " has no place on an established link");
        }
        return null;
    }

    /**
     * The timer's look at the peer: send a heartbeat when due, and judge whether it is still there.
     *
     * @param nowNs       the duty cycle's time.
     * @param streamGone  true if Aeron no longer has the peer's stream.
     * @param pushingBack true while the socket does not read its streams (its silence then proves nothing).
     * @param settings    heartbeat interval and peer timeout.
     * @return why the peer is gone, or null while it lives.
     */
    LeaveReason doWork(
        final long nowNs, final boolean streamGone, final boolean pushingBack, final TransportSettings settings)
    {
        if (streamGone)
        {
            return LeaveReason.STREAM_LOST;
        }
        if (pushingBack)
        {
            lastHeardNs = nowNs;
        }
        if (nowNs - lastHeardNs > settings.peerTimeoutNs())
        {
            return LeaveReason.TIMEOUT;
        }
        if (nowNs - nextHeartbeatNs >= 0)
        {
            nextHeartbeatNs = nowNs + settings.heartbeatIntervalNs();
            link.heartbeat();
        }
        return null;
    }
}
