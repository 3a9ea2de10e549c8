package dev.aeromq.transport;

import dev.aeromq.codec.FanOutOffer;
import dev.aeromq.codec.MalformedWireMessageException;
import dev.aeromq.codec.WireReader;
import dev.aeromq.codec.WireWriter;
import dev.aeromq.codec.sbe.AbortDecoder;
import dev.aeromq.codec.sbe.ChunkDecoder;
import dev.aeromq.codec.sbe.DataDecoder;
import dev.aeromq.codec.sbe.FanOutKind;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.exceptions.RegistrationException;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.FrameDescriptor;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

import java.util.List;

/**
 * A SUB reading its PUB's shared stream ({@link FanOutPublication}), from the Welcome that offered it
 * until the PUB leaves:
 * <pre>
 *   Welcome --> REGISTERING --(subscription added)--> WAITING --(the PUB's image is there: Attached sent,
 *       the PUB joins)--> READING --(the PUB said Bye)--> DRAINING --(end of stream)--> CLOSED
 *   READING --(stranded over UDP)--> REJOINING --(a new subscription added)--> READING
 *   no image by the peer timeout: the link leaves (STREAM_LOST) and the connector dials again
 * </pre>
 * The PUB joins the SUB's socket only once the SUB reads the stream, so a message published after the
 * PUB counts the SUB reaches it; nothing from before the Welcome's position is delivered.
 * <p>
 * It reads only the PUB's image (by session id) and hands Data, Chunk and Abort wire messages to a
 * {@link Reassembly} of its own. An image that (re)joins mid-message — a SUB cut loose for falling behind
 * and rejoining, an image replaced — skips to the next Data, so a message is delivered whole or not at
 * all. When the PUB drops for slow SUBs ({@link FanOutOffer#lossless()} false), a SUB without room leaves
 * messages in the stream only while it is less than a quarter of a term behind the stream's head; past
 * that it drops them, whole, so it never holds the publisher (which would make every SUB lose them).
 * <p>
 * Over UDP a dropping PUB's sender follows the fastest SUB, and a SUB that fell further behind than the
 * sender keeps for repairs is stranded: Aeron neither fills its gap nor lets it skip ahead (its image would
 * wait for the image liveness timeout). The PUB's Heartbeats name the stream's position; a SUB more than
 * {@link #STRANDED_TERMS} terms behind it reads what its stream still holds, then (a heartbeat interval
 * without progress) reports that it lost messages and subscribes afresh, which starts a new image at the
 * stream's head.
 * <p>
 * Engine-confined: used only under its socket's {@link SocketStreams} lock.
 */
final class FanOutSubscription implements ControlledFragmentHandler
{
    /**
     * Terms behind the PUB's position past which a SUB is stranded: its image accepts at most half a term
     * beyond where it reads, a publication runs at most half a term ahead of its sender, and the sender
     * resends at most half a term back, so two terms leave no byte the SUB lacks that could still come.
     */
    private static final int STRANDED_TERMS = 2;

    /** Where the SUB stands with the shared stream. */
    enum State
    {
        /** The subscription is being added. */
        REGISTERING,
        /** Added; waiting for the PUB's image. */
        WAITING,
        /** The PUB joined; messages are read. */
        READING,
        /** Stranded: the subscription is being added again, to start at the stream's head. */
        REJOINING,
        /** The PUB said Bye: what it published before is read to the end of the stream. */
        DRAINING,
        /** Given up, or done. */
        CLOSED
    }

    private final SocketStreams streams;
    private final Session session;
    private final TransportSettings.Candidate peer;
    private final FanOutOffer offer;
    private final String channel;
    private long registrationId;
    private final long peerMaxMessageSize;
    private final List<byte[]> prefixes;
    private final StreamHead head;
    private long deadlineNs;
    private Reassembly reassembly;
    private Subscription subscription;
    private Image image;
    /** True once a fragment of the image was past the offer's position: every later one is too. */
    private boolean pastOffer;
    private boolean seekingData = true;
    private boolean skippingWire;
    private boolean droppingMessage;
    private long streamPosition = WireWriter.NO_FAN_OUT_POSITION;
    /** Where a stranded image's reading stood, and since when, to rejoin once it reads no more. */
    private long strandedAt = -1;
    private long strandedSinceNs;
    private State state = State.REGISTERING;

    /**
     * @param streams            the SUB's.
     * @param session            its link to the PUB.
     * @param peer               the PUB, as its Welcome named it, for the join.
     * @param offer              the PUB's Welcome's.
     * @param channel            to subscribe to ({@link FanOutChannels#subscription}).
     * @param peerMaxMessageSize the PUB's, from the Welcome, for the join.
     * @param prefixes           the Welcome's, for the join.
     * @param nowNs              the duty cycle's time.
     */
    FanOutSubscription(
        final SocketStreams streams,
        final Session session,
        final TransportSettings.Candidate peer,
        final FanOutOffer offer,
        final String channel,
        final long peerMaxMessageSize,
        final List<byte[]> prefixes,
        final long nowNs)
    {
        this.streams = streams;
        this.session = session;
        this.peer = peer;
        this.offer = offer;
        this.channel = channel;
        this.peerMaxMessageSize = peerMaxMessageSize;
        this.prefixes = prefixes;
        this.head = new StreamHead(streams.aeron().countersReader(), offer);
        this.reassembly = new Reassembly(session);
        this.deadlineNs = nowNs + streams.settings().peerTimeoutNs();
        this.registrationId = streams.aeron().asyncAddSubscription(channel, offer.streamId());
    }

    Session session()
    {
        return session;
    }

    State state()
    {
        return state;
    }

    /**
     * @return the subscription while it is read, else null.
     */
    Subscription reading()
    {
        return state == State.READING || state == State.DRAINING ? subscription : null;
    }

    /**
     * @param position the PUB's stream position its latest Heartbeat named.
     */
    void onStreamPosition(final long position)
    {
        streamPosition = Math.max(streamPosition, position);
    }

    /**
     * @param nowNs the duty cycle's time.
     * @return work done.
     */
    int doWork(final long nowNs)
    {
        return switch (state)
        {
            case REGISTERING -> register(nowNs);
            case WAITING -> attach(nowNs);
            case READING -> watch(nowNs);
            case REJOINING -> resubscribe(nowNs);
            case DRAINING -> drain(nowNs);
            case CLOSED -> 0;
        };
    }

    private int register(final long nowNs)
    {
        subscription = added(nowNs);
        if (subscription == null)
        {
            return state == State.CLOSED ? 1 : 0;
        }
        state = State.WAITING;
        return 1 + attach(nowNs);
    }

    private int attach(final long nowNs)
    {
        if (subscription.imageBySessionId(offer.sessionId()) == null)
        {
            return giveUpAfterDeadline(nowNs);
        }
        if (!session.link().offerAttached())
        {
            return giveUpAfterDeadline(nowNs); // the link pushes back: again on the next timer
        }
        state = State.READING;
        streams.roster().join(session, peer, peerMaxMessageSize, prefixes);
        return 1;
    }

    /**
     * While reading: an image that went away (the SUB was cut loose, or the PUB's stream ended) leaves no
     * half message behind; a stranded one is left for a new one.
     */
    private int watch(final long nowNs)
    {
        if (image != null && (image.isClosed() || subscription.imageBySessionId(offer.sessionId()) != image))
        {
            restart(null);
            return 1;
        }
        if (image != null && isStranded(image))
        {
            final long position = image.position();
            if (position != strandedAt)
            {
                strandedAt = position; // it still reads what its stream holds: that much is not lost
                strandedSinceNs = nowNs;
            }
            else if (nowNs - strandedSinceNs > streams.settings().heartbeatIntervalNs())
            {
                rejoin(nowNs);
                return 1;
            }
        }
        return 0;
    }

    private boolean isStranded(final Image current)
    {
        return offer.kind() != FanOutKind.IPC && !offer.lossless() &&
            streamPosition - current.position() > (long)STRANDED_TERMS * current.termBufferLength();
    }

    private void rejoin(final long nowNs)
    {
        final long behind = streamPosition - image.position();
        streams.settings().report(new IllegalStateException("the SUB fell " + behind + " bytes behind the " +
            "shared stream of " + session.link() + " at " + channel + ", further than the PUB keeps to repair " +
            "a gap: the messages in between are lost, and it reads on from the stream's head. A SUB that must " +
            "not miss messages needs a PUB with PublisherBackPressure.WAIT, or a longer termLength"));
        restart(null);
        CloseHelper.quietClose(subscription);
        subscription = null;
        registrationId = streams.aeron().asyncAddSubscription(channel, offer.streamId());
        deadlineNs = nowNs + streams.settings().peerTimeoutNs();
        state = State.REJOINING;
    }

    private int resubscribe(final long nowNs)
    {
        subscription = added(nowNs);
        if (subscription == null)
        {
            return state == State.CLOSED ? 1 : 0;
        }
        state = State.READING; // the PUB counts this SUB still: the new image is read as it comes
        return 1;
    }

    /**
     * @param nowNs the duty cycle's time.
     * @return the subscription being added, or null while the driver adds it (given up at the deadline) or
     * if the driver refused it (given up at once: the SUB is then CLOSED).
     */
    private Subscription added(final long nowNs)
    {
        try
        {
            final Subscription added = streams.aeron().getSubscription(registrationId);
            if (added == null)
            {
                giveUpAfterDeadline(nowNs);
            }
            return added;
        }
        catch (final RegistrationException ex)
        {
            giveUp("the media driver refused the subscription: " + ex.getMessage());
            return null;
        }
    }

    private int drain(final long nowNs)
    {
        final Image current = subscription.imageBySessionId(offer.sessionId());
        if (current == null || current.isEndOfStream() || nowNs - deadlineNs > 0)
        {
            close();
            return 1;
        }
        return 0;
    }

    private int giveUpAfterDeadline(final long nowNs)
    {
        if (nowNs - deadlineNs > 0)
        {
            giveUp("no image of the PUB's stream (session " + offer.sessionId() + ") appeared within the peer " +
                "timeout" + (offer.kind() == FanOutKind.IPC ? "" :
                ": is UDP from the PUB's host to this one blocked, or multicast not routed here?"));
            return 1;
        }
        return 0;
    }

    private void giveUp(final String why)
    {
        streams.settings().report(new IllegalStateException("the SUB cannot read the shared stream of " +
            session.link() + " at " + channel + " (stream " + offer.streamId() + "): " + why +
            "; it leaves that PUB and dials again"));
        close();
        session.fail(LeaveReason.STREAM_LOST);
    }

    @Override
    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        if (header.sessionId() != offer.sessionId())
        {
            return Action.CONTINUE; // another publication on the stream: not this SUB's PUB
        }
        if (header.context() != image)
        {
            restart((Image)header.context());
        }
        if (!pastOffer)
        {
            if (header.position() <= offer.position())
            {
                return Action.CONTINUE; // published before this SUB joined
            }
            pastOffer = true; // positions only grow within an image: no need to look again
        }
        final byte flags = header.flags();
        if ((flags & FrameDescriptor.BEGIN_FRAG_FLAG) == 0)
        {
            if (skippingWire)
            {
                skippingWire = (flags & FrameDescriptor.END_FRAG_FLAG) == 0;
                return Action.CONTINUE;
            }
            return reassembly.onFragment(buffer, offset, length, flags, streams);
        }
        skippingWire = false;
        final int templateId = WireReader.templateId(buffer, offset, length);
        switch (templateId)
        {
            case DataDecoder.TEMPLATE_ID ->
            {
                seekingData = false;
                droppingMessage = false;
            }
            case ChunkDecoder.TEMPLATE_ID, AbortDecoder.TEMPLATE_ID ->
            {
                if (seekingData || droppingMessage)
                {
                    return skipWire(flags); // the rest of a message joined mid-way, or dropped
                }
            }
            default ->
            {
                streams.faults().malformed(session, new MalformedWireMessageException("wire message type " +
                    templateId + " has no place on a shared stream"));
                return skipWire(flags);
            }
        }
        final Action action = reassembly.onFragment(buffer, offset, length, flags, streams);
        if (action == Action.ABORT && !offer.lossless() && templateId == DataDecoder.TEMPLATE_ID &&
            head.isFarAhead(image, header.position()))
        {
            streams.observer().dropped(session.link(), DropReason.HIGH_WATER_MARK);
            droppingMessage = true; // no room, and too far behind to wait: this message is lost, whole
            return skipWire(flags);
        }
        return action;
    }

    private Action skipWire(final byte flags)
    {
        skippingWire = (flags & FrameDescriptor.END_FRAG_FLAG) == 0;
        return Action.CONTINUE;
    }

    /**
     * A new image of the PUB's stream, or none: whatever message was open is abandoned, and reading starts
     * again at the next Data.
     */
    private void restart(final Image next)
    {
        reassembly.abandon();
        reassembly = new Reassembly(session); // forgets a wire message cut short as well
        image = next;
        pastOffer = false;
        seekingData = true;
        skippingWire = false;
        droppingMessage = false;
        strandedAt = -1;
        if (next != null)
        {
            head.follow(next);
        }
    }

    /**
     * The PUB left.
     *
     * @param reason why.
     * @param nowNs  the duty cycle's time.
     * @return true if the PUB had joined through this stream (the SUB reads it); false if it was still
     * waiting for the stream (it never joined).
     */
    boolean onLeave(final LeaveReason reason, final long nowNs)
    {
        final boolean joined = state == State.READING || state == State.REJOINING || state == State.DRAINING;
        if (state == State.READING && reason == LeaveReason.BYE)
        {
            state = State.DRAINING; // what it published before its Bye is still to be read
            deadlineNs = nowNs + streams.settings().peerTimeoutNs();
        }
        else
        {
            close();
        }
        return joined;
    }

    void close()
    {
        if (state == State.CLOSED)
        {
            return;
        }
        state = State.CLOSED;
        reassembly.abandon();
        if (subscription != null)
        {
            CloseHelper.quietClose(subscription);
        }
        else
        {
            streams.aeron().asyncRemoveSubscription(registrationId);
        }
    }
}
