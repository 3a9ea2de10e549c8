package dev.aeromq.transport;

import dev.aeromq.codec.WireWriter;
import dev.aeromq.codec.sbe.SocketType;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.logbuffer.BufferClaim;
import org.agrona.DirectBuffer;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One peer as a socket's senders see it: the exclusive publication this side sends to it on. This is
 * the only transport object user threads touch; everything the engine knows about the peer lives in
 * its engine-side {@link Session}.
 * <p>
 * Threads: any thread may send. An exclusive publication has one writer, and a message longer than
 * one wire message must not interleave with another, so a {@link ReentrantLock} (never a monitor:
 * virtual-thread friendly) is held for a whole message; a sender that finds it held tries another
 * peer or waits. The duty thread's own sends (heartbeats, goodbyes) only try the lock, so a long
 * message never stalls the engine. {@link #isActive()} and the peer's limit are published by the duty
 * thread (volatile) when the peer joins and leaves.
 */
public final class Link
{
    private static final int MAX_ADMIN_RETRIES = 3;

    /** What became of a message offered to a link. */
    public enum SendResult
    {
        /** All of it is in the peer's stream. */
        SENT,
        /** None of it went out: the peer pushes back, another sender holds the link, or it left. */
        REFUSED,
        /** It began, then the deadline passed: the rest was given up on, and the peer discards the part. */
        TIMED_OUT,
        /** It began, then the peer left: nothing of it was delivered, so it may go to another peer. */
        LOST
    }

    private final ExclusivePublication publication;
    private final SocketType peerType;
    private final String description;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final WireWriter writer = new WireWriter();
    private final DataSender data;
    private final BufferClaim claim = new BufferClaim();
    private final ControlOffers controls;
    private volatile boolean active;
    // for DataSender.sendRest, made once: no lambda per message
    private final BooleanSupplier inactive = () -> !active;
    private final Supplier<String> destination = this::toString;
    private volatile long peerMaxMessageSize = Long.MAX_VALUE;
    private volatile long prefixesConfirmed;
    private volatile long prefixSequence; // written under the send lock
    private volatile FanOutPublication fanOut;
    private volatile TransportSettings.Candidate peer;

    Link(
        final ExclusivePublication publication,
        final SocketType peerType,
        final String description,
        final int attachmentThreshold)
    {
        this.publication = publication;
        this.peerType = peerType;
        this.description = description;
        this.data = new DataSender(publication, attachmentThreshold, writer);
        this.controls = new ControlOffers(publication, sendLock);
    }

    /**
     * @return false once the peer left; sends are then refused.
     */
    public boolean isActive()
    {
        return active;
    }

    /**
     * @return the peer's role.
     */
    public SocketType peerType()
    {
        return peerType;
    }

    /**
     * @return the most payload bytes the peer takes in one message, as it said in the handshake.
     */
    public long peerMaxMessageSize()
    {
        return peerMaxMessageSize;
    }

    void peerMaxMessageSize(final long bytes)
    {
        peerMaxMessageSize = bytes > 0 ? bytes : Long.MAX_VALUE;
    }

    /**
     * @return the shared stream a PUB binder offered this SUB in its Welcome (the PUB sends there, not on
     * the link, once the SUB said it reads it), or null if it sends on the link.
     */
    public FanOutPublication fanOut()
    {
        return fanOut;
    }

    void fanOut(final FanOutPublication publication)
    {
        fanOut = publication;
    }

    /**
     * @return the peer as its handshake named it (endpoint, address, type, id); null before it joined.
     */
    public TransportSettings.Candidate peer()
    {
        return peer;
    }

    void peer(final TransportSettings.Candidate peer)
    {
        this.peer = peer;
    }

    void activate()
    {
        active = true;
    }

    void deactivate()
    {
        active = false;
    }

    /**
     * @return the link's handshake and Prefix offers.
     */
    ControlOffers controls()
    {
        return controls;
    }

    ExclusivePublication publication()
    {
        return publication;
    }

    /**
     * Send one message: as one wire message if it fits, else as a Data wire message and Chunks, each
     * gathered from the caller's memory. Refused at once (nothing sent) when the link is busy with
     * another sender's message or its first wire message meets back pressure; once begun, it waits out
     * back pressure between wire messages until the deadline. (With a stall limit it waits for a busy
     * link up to that limit instead.)
     *
     * @param correlationId REQ/REP correlation id, 0 otherwise.
     * @param topic         UTF-8 topic bytes, may be empty.
     * @param frames        the frames, then the message's tensors as {@link dev.aeromq.codec.WireTensor}s.
     * @param metadata      the metadata, may be empty.
     * @param bodyLength    of the frames together, {@link #sizeOf}: the caller has it from checking the size.
     * @param deadlineNs    when to give up mid-message ({@link Deadlines}): the whole send must be done by then.
     * @return what became of it.
     * @throws RuntimeException of kind MESSAGE_TOO_LARGE if the peer takes no message this large, or
     *                          of kind CLOSED if the caller is interrupted mid-message.
     */
    public SendResult send(
        final long correlationId,
        final byte[] topic,
        final DirectBuffer[] frames,
        final Map<String, String> metadata,
        final long bodyLength,
        final long deadlineNs)
    {
        return send(correlationId, topic, frames, metadata, bodyLength, deadlineNs, 0);
    }

    /**
     * Send one message, as {@link #send(long, byte[], DirectBuffer[], Map, long, long)} does, giving up
     * mid-message also when the peer takes nothing for a while: a stall limit, measured from the last
     * wire message that went out (so a long message to a peer that keeps up is never cut short, however
     * long it takes as a whole).
     *
     * @param correlationId REQ/REP correlation id, 0 otherwise.
     * @param topic         UTF-8 topic bytes, may be empty.
     * @param frames        the frames.
     * @param metadata      the metadata, may be empty.
     * @param bodyLength    of the frames together, {@link #sizeOf}.
     * @param deadlineNs    when to give up mid-message ({@link Deadlines}), or {@link Deadlines#NONE}.
     * @param stallLimitNs  how long the peer may take no part of the message before it is given up on; 0 for
     *                      no limit.
     * @return what became of it.
     * @throws RuntimeException of kind MESSAGE_TOO_LARGE if the peer takes no message this large, or
     *                          of kind CLOSED if the caller is interrupted mid-message.
     */
    public SendResult send(
        final long correlationId,
        final byte[] topic,
        final DirectBuffer[] frames,
        final Map<String, String> metadata,
        final long bodyLength,
        final long deadlineNs,
        final long stallLimitNs)
    {
        if (bodyLength > peerMaxMessageSize)
        {
            throw Failures.of(Failure.Kind.MESSAGE_TOO_LARGE, "a message of " + bodyLength + " bytes exceeds " +
                "the peer's maxMessageSize of " + peerMaxMessageSize + " bytes (" + description +
                "); it was not sent");
        }
        if (!active || !lockForSend(stallLimitNs))
        {
            return SendResult.REFUSED;
        }
        try
        {
            final int headerLength = WireWriter.dataHeaderLength(frames, metadata, topic.length);
            long result;
            int attempts = 0;
            do
            {
                result = data.offerFirst(correlationId, topic, frames, metadata, headerLength, bodyLength);
            }
            while (result == Publication.ADMIN_ACTION && ++attempts < MAX_ADMIN_RETRIES);
            if (result <= 0)
            {
                return SendResult.REFUSED;
            }
            return data.sendRest(deadlineNs, stallLimitNs, inactive, destination);
        }
        finally
        {
            data.clear();
            sendLock.unlock();
        }
    }

    /**
     * The send lock: at once if free. A sender with a stall limit (a PUB that drops for slow subscribers)
     * waits for it up to that limit, since whoever holds it — the engine sending a Heartbeat or PrefixAck,
     * another thread publishing — says nothing about the peer being slow; a busy link is not a full one.
     */
    private boolean lockForSend(final long stallLimitNs)
    {
        if (sendLock.tryLock())
        {
            return true;
        }
        if (stallLimitNs <= 0)
        {
            return false;
        }
        try
        {
            return sendLock.tryLock(stallLimitNs, TimeUnit.NANOSECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw Failures.of(Failure.Kind.CLOSED, "interrupted while waiting to send to " + description +
                "; the message was not sent");
        }
    }

    /**
     * @param frames a message's frames (and tensors).
     * @return their bytes together.
     * @throws RuntimeException of kind MESSAGE_TOO_LARGE if there are more frames than a message carries.
     */
    public static long sizeOf(final DirectBuffer[] frames)
    {
        if (frames.length > WireWriter.MAX_FRAMES)
        {
            throw Failures.of(Failure.Kind.MESSAGE_TOO_LARGE,
                "a message has " + frames.length + " frames; the limit is " + WireWriter.MAX_FRAMES);
        }
        long length = 0;
        for (final DirectBuffer frame : frames)
        {
            length += frame.capacity();
        }
        return length;
    }

    /**
     * Send a Heartbeat, the binder's side of a link saying it lives; a PUB binder's names its shared stream's
     * position, so a SUB can tell when it was left too far behind to catch up.
     *
     * @return true if it went out, or a sender holds the link right now (its message proves liveness
     * anyway); false if the stream pushes back, to try again.
     */
    boolean heartbeat()
    {
        final FanOutPublication shared = fanOut;
        return offerSmall(SmallControl.HEARTBEAT,
            shared == null ? WireWriter.NO_FAN_OUT_POSITION : shared.sampledPosition(), true);
    }

    /**
     * A SUB tells its PUB it reads the PUB's shared stream from now on; the link need not be active yet.
     *
     * @return true if the Attached went out; false if the stream pushes back or a sender holds the link.
     */
    boolean offerAttached()
    {
        return offerSmall(SmallControl.ATTACHED, 0, false);
    }

    /**
     * A PUB confirms the Prefix wire messages it applied, all up to {@code sequence}.
     *
     * @param sequence of the last one applied.
     * @return true if the PrefixAck went out; false if the stream pushes back or a sender holds the link.
     */
    boolean prefixAck(final long sequence)
    {
        return offerSmall(SmallControl.PREFIX_ACK, sequence, false);
    }

    /**
     * @return the sequence of the last Prefix wire message the PUB on this link confirmed.
     */
    public long prefixesConfirmed()
    {
        return prefixesConfirmed;
    }

    void prefixesConfirmed(final long sequence)
    {
        if (sequence > prefixesConfirmed && sequence <= prefixSequence)
        {
            prefixesConfirmed = sequence;
        }
    }

    /**
     * @param ack true to answer a peer's Bye.
     * @return true if the Bye went into the stream; false if the stream pushes back or a sender holds
     * the link.
     */
    boolean bye(final boolean ack)
    {
        return offerSmall(SmallControl.BYE, ack ? 1 : 0, false);
    }

    /**
     * A small control wire message, claimed in place. Only tries the lock: the duty thread never waits for a
     * sender.
     *
     * @param kind       which one.
     * @param value      its one field, if it has one (a Heartbeat's stream position, a PrefixAck's sequence;
     *                   a Bye's ack as 1).
     * @param ifBusy     what to answer when a sender holds the link.
     * @return true if it went out.
     */
    private boolean offerSmall(final SmallControl kind, final long value, final boolean ifBusy)
    {
        if (!sendLock.tryLock())
        {
            return ifBusy;
        }
        try
        {
            if (claim(kind.length) <= 0)
            {
                return false;
            }
            switch (kind)
            {
                case HEARTBEAT -> writer.heartbeat(claim.buffer(), claim.offset(), value);
                case ATTACHED -> writer.attached(claim.buffer(), claim.offset());
                case PREFIX_ACK -> writer.prefixAck(claim.buffer(), claim.offset(), value);
                case BYE -> writer.bye(claim.buffer(), claim.offset(), value != 0);
            }
            claim.commit();
            return true;
        }
        finally
        {
            sendLock.unlock();
        }
    }

    /**
     * Tell a PUB to add or drop a prefix; it confirms with the returned sequence
     * ({@link #prefixesConfirmed()}).
     *
     * @param add    true to add, false to drop.
     * @param prefix the prefix bytes.
     * @return the Prefix's sequence on this link (positive) if sent, else an Aeron {@link Publication}
     * code (negative).
     */
    public long offerPrefix(final boolean add, final byte[] prefix)
    {
        if (!active)
        {
            return Publication.NOT_CONNECTED;
        }
        sendLock.lock();
        try
        {
            final long sequence = prefixSequence + 1;
            final long result = controls.offerPrefix(add, sequence, prefix);
            if (result > 0)
            {
                prefixSequence = sequence;
                return sequence;
            }
            return result;
        }
        finally
        {
            sendLock.unlock();
        }
    }

    private long claim(final int length)
    {
        long result;
        int attempts = 0;
        do
        {
            result = publication.tryClaim(length, claim);
        }
        while (result == Publication.ADMIN_ACTION && ++attempts < MAX_ADMIN_RETRIES);
        return result;
    }

    @Override
    public String toString()
    {
        return description;
    }

    /** The control wire messages of a fixed, small length, written in place in the log. */
    private enum SmallControl
    {
        HEARTBEAT(WireWriter.HEARTBEAT_LENGTH),
        ATTACHED(WireWriter.ATTACHED_LENGTH),
        PREFIX_ACK(WireWriter.PREFIX_ACK_LENGTH),
        BYE(WireWriter.BYE_LENGTH);

        private final int length;

        SmallControl(final int length)
        {
            this.length = length;
        }
    }
}
