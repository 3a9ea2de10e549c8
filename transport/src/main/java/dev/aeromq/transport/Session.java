package dev.aeromq.transport;

import dev.aeromq.codec.Liveness;
import dev.aeromq.codec.MalformedWireMessageException;
import dev.aeromq.codec.WireReader;
import dev.aeromq.codec.sbe.AttachedDecoder;
import dev.aeromq.codec.sbe.BooleanType;
import dev.aeromq.codec.sbe.ByeDecoder;
import dev.aeromq.codec.sbe.HeartbeatDecoder;
import dev.aeromq.codec.sbe.PrefixAckDecoder;
import dev.aeromq.codec.sbe.PrefixAction;
import dev.aeromq.codec.sbe.PrefixDecoder;
import io.aeron.Image;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;

/**
 * An established connection with one peer, engine side: from the moment it joins until it leaves.
 * Reads the peer's stream (messages through its {@link Reassembly}, control wire messages here),
 * keeps its liveness and sends heartbeats (the binder a Heartbeat, the connector its Hello again, so
 * a binder that restarted answers it at once); both ends of a handshake ({@link BoundPeer} at a
 * binder, {@link Connection} at a connector) hand their link to one of these once the peer is
 * admitted, with the {@link Liveness} both sides agreed on.
 * <p>
 * Engine-confined: used only under its socket's {@link SocketStreams} lock.
 */
final class Session
{
    private final Link link;
    private final int peerSessionId;
    private final Liveness liveness;
    private final Heartbeat heartbeat;
    private final Reassembly reassembly = new Reassembly(this);
    private long lastHeardNs;
    private long nextHeartbeatNs;
    private boolean excused;
    private long prefixesApplied;
    private long prefixesAcknowledged;
    private boolean byeSent;
    private boolean byeAcknowledged;
    private boolean refusing;
    private LeaveReason leaveReason;
    private Image image;

    /** How this side of the link says it lives. */
    @FunctionalInterface
    interface Heartbeat
    {
        /**
         * @return true if it went out (or need not), false to try again on the next duty cycle.
         */
        boolean send();
    }

    Session(
        final Link link, final int peerSessionId, final long nowNs, final Liveness liveness, final Heartbeat heartbeat)
    {
        this.link = link;
        this.peerSessionId = peerSessionId;
        this.liveness = liveness;
        this.heartbeat = heartbeat;
        this.lastHeardNs = nowNs;
        this.nextHeartbeatNs = nowNs + liveness.heartbeatIntervalNs();
    }

    Link link()
    {
        return link;
    }

    int peerSessionId()
    {
        return peerSessionId;
    }

    /**
     * The peer said it lives without a fragment for this session to read (a connector's repeated Hello).
     *
     * @param nowNs the duty cycle's time.
     */
    void heard(final long nowNs)
    {
        lastHeardNs = nowNs;
    }

    /**
     * Say goodbye (this socket is closing), again on every call until the Bye went out.
     *
     * @return true once the peer has answered it, or has left.
     */
    boolean sayBye()
    {
        if (!byeSent)
        {
            byeSent = link.bye(false);
        }
        return byeAcknowledged || !link.isActive();
    }

    /**
     * The link cannot go on (its SUB cannot read the PUB's shared stream): the peer leaves at the next timer.
     *
     * @param reason why.
     */
    void fail(final LeaveReason reason)
    {
        if (leaveReason == null)
        {
            leaveReason = reason;
        }
    }

    /**
     * @return why the peer must leave, once a fragment said so (a Bye), else null.
     */
    LeaveReason leaveReason()
    {
        return leaveReason;
    }

    /**
     * One fragment of the peer's stream.
     *
     * @param buffer  holding it.
     * @param offset  where its payload starts.
     * @param length  of its payload.
     * @param header  Aeron's header of the fragment.
     * @param streams the socket.
     * @return {@link Action#ABORT} to leave it in the log (the socket is full), else continue.
     */
    Action onFragment(
        final DirectBuffer buffer, final int offset, final int length, final Header header, final SocketStreams streams)
    {
        if (image == null)
        {
            image = (Image)header.context(); // the peer's stream: the timer watches whether it ended
        }
        final Action action = reassembly.onFragment(buffer, offset, length, header.flags(), streams);
        refusing = action == Action.ABORT;
        if (!refusing)
        {
            lastHeardNs = streams.nowNs(); // a fragment left in the log is seen again and again: not news
        }
        return leaveReason != null ? Action.BREAK : action;
    }

    /**
     * A control wire message from the peer.
     *
     * @param templateId as read.
     * @param reader     positioned on it.
     * @param streams    the socket.
     * @throws MalformedWireMessageException if the type has no place on an established link.
     */
    void onControl(final int templateId, final WireReader reader, final SocketStreams streams)
    {
        switch (templateId)
        {
            case HeartbeatDecoder.TEMPLATE_ID -> streams.fanOuts().onStreamPosition(this,
                reader.heartbeat().fanOutPosition()); // and hearing it keeps the peer alive
            case ByeDecoder.TEMPLATE_ID ->
            {
                if (reader.bye().ack() == BooleanType.TRUE)
                {
                    byeAcknowledged = true;
                }
                else
                {
                    link.bye(true);
                    leaveReason = LeaveReason.BYE;
                }
            }
            case PrefixDecoder.TEMPLATE_ID ->
            {
                final byte[] prefix = new byte[reader.prefixLength()];
                reader.buffer().getBytes(reader.prefixOffset(), prefix);
                streams.roster().applyPrefix(this, reader.prefix().action() == PrefixAction.ADD, prefix);
                prefixesApplied = Math.max(prefixesApplied, reader.prefix().sequence());
                acknowledgePrefixes();
            }
            case PrefixAckDecoder.TEMPLATE_ID -> link.prefixesConfirmed(reader.prefixAck().sequence());
            case AttachedDecoder.TEMPLATE_ID -> streams.handler().onSubscriberAttached(link);
            default -> throw new MalformedWireMessageException(
                "wire message type " + templateId + " has no place on an established link");
        }
    }

    /**
     * The timer's look at the peer: send a heartbeat when due, and judge whether it is still there.
     *
     * @param nowNs      the duty cycle's time.
     * @param streamGone true if Aeron no longer has the peer's stream.
     * @param streams    the socket.
     * @return why the peer is gone, or null while it lives.
     */
    LeaveReason doWork(final long nowNs, final boolean streamGone, final SocketStreams streams)
    {
        if (streamGone || leaveReason != null)
        {
            return streamGone ? LeaveReason.STREAM_LOST : leaveReason;
        }
        excuseSilence(nowNs, refusing || streams.handler().receiveCapacity() <= 0, streams);
        if (nowNs - lastHeardNs > liveness.peerTimeoutNs())
        {
            return LeaveReason.TIMEOUT;
        }
        if (nowNs - nextHeartbeatNs >= 0 && heartbeat.send())
        {
            nextHeartbeatNs = nowNs + liveness.heartbeatIntervalNs();
        }
        acknowledgePrefixes();
        return null;
    }

    /**
     * While its messages wait unread in the log, the peer's silence proves nothing while Aeron says it lives;
     * when Aeron stops saying so (our publication to it disconnected), it was last heard of a publication
     * connection timeout ago, so a peer that died is noticed about a peer timeout after it died.
     */
    private void excuseSilence(final long nowNs, final boolean full, final SocketStreams streams)
    {
        if (full && peerStreamsLive())
        {
            lastHeardNs = nowNs;
            excused = true;
        }
        else if (excused)
        {
            excused = false;
            if (full)
            {
                lastHeardNs = nowNs - streams.transport().publicationConnectionTimeoutNs();
            }
        }
    }

    /**
     * While this socket leaves the peer's messages unread, the peer cannot show it lives (its heartbeats
     * wait behind them), and Aeron keeps a stream that ended until it is read to its end, so the stream
     * never goes away either. Aeron still knows whether the peer is there: its stream is open (no end of
     * stream: it did not close it, and its process did not die) and its side still reads this side's
     * stream. Only then is its silence excused.
     */
    private boolean peerStreamsLive()
    {
        return link.publication().isConnected() && !peerEndedItsStream();
    }

    /**
     * @return true if the peer closed its stream (Aeron marked its end), read to that end or not: a peer
     * that went silent this way is not coming back, so its link does not wait dormant for it.
     */
    boolean peerEndedItsStream()
    {
        return image != null && image.endOfStreamPosition() != Long.MAX_VALUE;
    }

    /**
     * A PUB confirms the prefixes it applied; one that could not go out now goes with the next try.
     */
    private void acknowledgePrefixes()
    {
        if (prefixesApplied > prefixesAcknowledged && link.prefixAck(prefixesApplied))
        {
            prefixesAcknowledged = prefixesApplied;
        }
    }

    /**
     * The peer left: a message it was sending will never complete.
     *
     * @return true if one was part-way: it is dropped.
     */
    boolean close()
    {
        return reassembly.abandon();
    }
}
