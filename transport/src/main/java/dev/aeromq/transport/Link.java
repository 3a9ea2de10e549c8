package dev.aeromq.transport;

import dev.aeromq.codec.sbe.BooleanType;
import dev.aeromq.codec.sbe.ByeEncoder;
import dev.aeromq.codec.sbe.DataEncoder;
import dev.aeromq.codec.sbe.HeartbeatEncoder;
import dev.aeromq.codec.sbe.HelloEncoder;
import dev.aeromq.codec.sbe.MessageHeaderEncoder;
import dev.aeromq.codec.sbe.RejectEncoder;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.codec.sbe.SubscriptionAction;
import dev.aeromq.codec.sbe.SubscriptionEncoder;
import dev.aeromq.codec.sbe.WelcomeEncoder;
import io.aeron.DirectBufferVector;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.logbuffer.BufferClaim;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One peer, seen from a socket: the exclusive publication this side sends to it on, and what the
 * handshake told about it.
 * <p>
 * Sending is thread safe: an exclusive publication has a single writer, so a short
 * {@link ReentrantLock} (never held across a wait, virtual-thread friendly) serialises the
 * encode-and-offer. Small messages are encoded in place with {@code tryClaim}; frames at or above
 * the attachment threshold are gathered by {@code offer(DirectBufferVector[])} straight from the
 * caller's memory into the log buffer behind an encoded header.
 */
public final class Link
{
    /** Bytes of a DATA frame before its groups: message header plus fixed block. */
    private static final int DATA_FIXED_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + DataEncoder.BLOCK_LENGTH;
    private static final int GROUP_HEADER_LENGTH = 4;
    private static final int PART_ENTRY_LENGTH = 5;
    private static final int VAR_HEADER_LENGTH = 4;
    private static final byte[] NO_TOPIC = new byte[0];
    private static final int MAX_ADMIN_RETRIES = 3;

    private final ExclusivePublication publication;
    private final long socketId;
    private final int attachmentThreshold;
    private final String description;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final DataEncoder dataEncoder = new DataEncoder();
    private final HeartbeatEncoder heartbeatEncoder = new HeartbeatEncoder();
    private final ByeEncoder byeEncoder = new ByeEncoder();
    private final SubscriptionEncoder subscriptionEncoder = new SubscriptionEncoder();
    private final BufferClaim claim = new BufferClaim();
    private final ExpandableDirectByteBuffer staging = new ExpandableDirectByteBuffer(4096);
    private DirectBufferVector[][] vectorsByCount = new DirectBufferVector[8][];

    private final HelloEncoder helloEncoder = new HelloEncoder();
    private final WelcomeEncoder welcomeEncoder = new WelcomeEncoder();
    private final RejectEncoder rejectEncoder = new RejectEncoder();

    /** Aeron session id of the peer's stream; written by the engine thread before {@link #activate()}. */
    private int peerSessionId = -1;
    private volatile boolean active;

    /** Engine-thread state. */
    long lastHeardNs;
    boolean byeAcknowledged;

    /** Free for the pattern that owns the link (e.g. a PUB's subscription set of this SUB). */
    public Object attachment;

    Link(
        final ExclusivePublication publication,
        final long socketId,
        final int attachmentThreshold,
        final String description)
    {
        this.publication = publication;
        this.socketId = socketId;
        this.attachmentThreshold = attachmentThreshold;
        this.description = description;
    }

    void peer(final int sessionId)
    {
        peerSessionId = sessionId;
    }

    void activate()
    {
        byeAcknowledged = false;
        active = true;
    }

    int peerSessionId()
    {
        return peerSessionId;
    }

    /**
     * @return false once the peer left; sends then fail with {@link Publication#NOT_CONNECTED}.
     */
    public boolean isActive()
    {
        return active;
    }

    void deactivate()
    {
        active = false;
        peerSessionId = -1;
    }

    ExclusivePublication publication()
    {
        return publication;
    }

    /**
     * Offer one DATA message to the peer; never waits.
     *
     * @param correlationId REQ/REP correlation id, 0 otherwise.
     * @param topic         UTF-8 topic bytes, may be empty.
     * @param frames        the parts.
     * @param metadata      the metadata, may be empty.
     * @return a positive position if sent, else one of Aeron's {@link Publication} codes
     * (BACK_PRESSURED, NOT_CONNECTED, ADMIN_ACTION, CLOSED, MAX_POSITION_EXCEEDED).
     * @throws Failure of kind MESSAGE_TOO_LARGE if it exceeds the publication's max message length.
     */
    public long offerData(
        final long correlationId,
        final byte[] topic,
        final DirectBuffer[] frames,
        final Map<String, String> metadata)
    {
        if (!active)
        {
            return Publication.NOT_CONNECTED;
        }
        final byte[] topicBytes = topic == null ? NO_TOPIC : topic;
        int attachments = 0;
        long attachedLength = 0;
        long inlineLength = 0;
        for (final DirectBuffer frame : frames)
        {
            final int length = frame.capacity();
            if (length >= attachmentThreshold)
            {
                attachments++;
                attachedLength += length;
            }
            else
            {
                inlineLength += length;
            }
        }
        long metadataLength = 0;
        if (!metadata.isEmpty())
        {
            for (final Map.Entry<String, String> e : metadata.entrySet())
            {
                metadataLength += 2L * VAR_HEADER_LENGTH + utf8Length(e.getKey()) + utf8Length(e.getValue());
            }
        }
        final long headerLength = DATA_FIXED_LENGTH + GROUP_HEADER_LENGTH + (long)PART_ENTRY_LENGTH * frames.length +
            GROUP_HEADER_LENGTH + metadataLength + VAR_HEADER_LENGTH + topicBytes.length +
            VAR_HEADER_LENGTH + inlineLength;
        final long totalLength = headerLength + attachedLength;
        final int maxMessageLength = publication.maxMessageLength();
        if (totalLength > maxMessageLength)
        {
            throw new Failure(Failure.Kind.MESSAGE_TOO_LARGE, "message of " + totalLength +
                " bytes (with its " + headerLength + "-byte header) exceeds the limit of " + maxMessageLength +
                " bytes (an eighth of the " + publication.termBufferLength() +
                "-byte term length); raise the term length or split the message");
        }
        if (frames.length > 0xFFFF)
        {
            throw new Failure(Failure.Kind.MESSAGE_TOO_LARGE,
                "message has " + frames.length + " frames; the limit is 65535");
        }

        long result;
        int attempts = 0;
        do
        {
            result = offerLocked(correlationId, topicBytes, frames, metadata, attachments, (int)inlineLength, totalLength);
        }
        while (result == Publication.ADMIN_ACTION && ++attempts < MAX_ADMIN_RETRIES);
        return result;
    }

    /**
     * One attempt; ADMIN_ACTION (the term rotated under us) is worth an immediate retry.
     */
    private long offerLocked(
        final long correlationId,
        final byte[] topicBytes,
        final DirectBuffer[] frames,
        final Map<String, String> metadata,
        final int attachments,
        final int inlineLength,
        final long totalLength)
    {
        sendLock.lock();
        try
        {
            if (attachments == 0 && totalLength <= publication.maxPayloadLength())
            {
                final long result = publication.tryClaim((int)totalLength, claim);
                if (result > 0)
                {
                    try
                    {
                        encodeData(claim.buffer(), claim.offset(), correlationId, topicBytes, frames, metadata,
                            inlineLength);
                        claim.commit();
                    }
                    catch (final RuntimeException ex)
                    {
                        claim.abort(); // an uncommitted claim would stall the stream
                        throw ex;
                    }
                }
                return result;
            }

            final int encoded = encodeData(staging, 0, correlationId, topicBytes, frames, metadata, inlineLength);
            if (attachments == 0)
            {
                return publication.offer(staging, 0, encoded);
            }
            final DirectBufferVector[] vectors = vectors(attachments + 1);
            vectors[0].reset(staging, 0, encoded);
            int v = 1;
            for (final DirectBuffer frame : frames)
            {
                if (frame.capacity() >= attachmentThreshold)
                {
                    vectors[v++].reset(frame, 0, frame.capacity());
                }
            }
            final long result = publication.offer(vectors);
            for (final DirectBufferVector vector : vectors)
            {
                vector.buffer(null); // do not keep the caller's memory reachable
            }
            return result;
        }
        finally
        {
            sendLock.unlock();
        }
    }

    private int encodeData(
        final MutableDirectBuffer buffer,
        final int offset,
        final long correlationId,
        final byte[] topic,
        final DirectBuffer[] frames,
        final Map<String, String> metadata,
        final int inlineLength)
    {
        dataEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .socketId(socketId)
            .correlationId(correlationId);
        final DataEncoder.PartsEncoder parts = dataEncoder.partsCount(frames.length);
        for (final DirectBuffer frame : frames)
        {
            final boolean attached = frame.capacity() >= attachmentThreshold;
            parts.next().length(frame.capacity()).attached(attached ? BooleanType.TRUE : BooleanType.FALSE);
        }
        final DataEncoder.MetadataEncoder meta = dataEncoder.metadataCount(metadata.size());
        if (!metadata.isEmpty())
        {
            for (final Map.Entry<String, String> e : metadata.entrySet())
            {
                meta.next().key(e.getKey()).value(e.getValue());
            }
        }
        dataEncoder.putTopic(topic, 0, topic.length);

        // inlineParts is SBE var data (uint32 length + bytes) gathered from several frames, which
        // the generated encoder cannot do in one call: write the same layout directly.
        final int limit = dataEncoder.limit();
        buffer.putInt(limit, inlineLength, ByteOrder.LITTLE_ENDIAN);
        int cursor = limit + VAR_HEADER_LENGTH;
        for (final DirectBuffer frame : frames)
        {
            final int length = frame.capacity();
            if (length < attachmentThreshold)
            {
                buffer.putBytes(cursor, frame, 0, length);
                cursor += length;
            }
        }
        dataEncoder.limit(cursor);
        return cursor - offset;
    }

    /**
     * Send a HEARTBEAT unless a sender holds the link right now (which proves liveness anyway).
     */
    void heartbeat()
    {
        if (active && sendLock.tryLock())
        {
            try
            {
                final int length = MessageHeaderEncoder.ENCODED_LENGTH + HeartbeatEncoder.BLOCK_LENGTH;
                if (claim(length) > 0)
                {
                    heartbeatEncoder.wrapAndApplyHeader(claim.buffer(), claim.offset(), headerEncoder)
                        .socketId(socketId);
                    claim.commit();
                }
            }
            finally
            {
                sendLock.unlock();
            }
        }
    }

    /**
     * @param ack true to answer a peer's BYE.
     * @return true if the BYE went into the stream.
     */
    boolean bye(final boolean ack)
    {
        sendLock.lock();
        try
        {
            final int length = MessageHeaderEncoder.ENCODED_LENGTH + ByeEncoder.BLOCK_LENGTH;
            if (claim(length) > 0)
            {
                byeEncoder.wrapAndApplyHeader(claim.buffer(), claim.offset(), headerEncoder)
                    .socketId(socketId)
                    .ack(ack ? BooleanType.TRUE : BooleanType.FALSE);
                claim.commit();
                return true;
            }
            return false;
        }
        finally
        {
            sendLock.unlock();
        }
    }

    /**
     * Tell a PUB to add or drop a prefix.
     *
     * @param subscribe true to add, false to drop.
     * @param prefix    the prefix bytes.
     * @return a positive position if sent, else an Aeron {@link Publication} code.
     */
    public long offerSubscription(final boolean subscribe, final byte[] prefix)
    {
        if (!active)
        {
            return Publication.NOT_CONNECTED;
        }
        sendLock.lock();
        try
        {
            final int length = subscriptionEncoder.wrapAndApplyHeader(staging, 0, headerEncoder)
                .socketId(socketId)
                .action(subscribe ? SubscriptionAction.SUBSCRIBE : SubscriptionAction.UNSUBSCRIBE)
                .putPrefix(prefix, 0, prefix.length)
                .encodedLength() + MessageHeaderEncoder.ENCODED_LENGTH;
            return offerStaged(length);
        }
        finally
        {
            sendLock.unlock();
        }
    }

    long offerHello(
        final SocketType type, final int replyStreamId, final String replyChannel, final List<byte[]> subscriptions)
    {
        sendLock.lock();
        try
        {
            helloEncoder.wrapAndApplyHeader(staging, 0, headerEncoder)
                .protocolVersion(MessageHeaderEncoder.SCHEMA_VERSION)
                .socketType(type)
                .socketId(socketId)
                .replyStreamId(replyStreamId);
            final HelloEncoder.SubscriptionsEncoder subs = helloEncoder.subscriptionsCount(subscriptions.size());
            for (final byte[] prefix : subscriptions)
            {
                subs.next().putPrefix(prefix, 0, prefix.length);
            }
            helloEncoder.replyChannel(replyChannel);
            return offerStaged(MessageHeaderEncoder.ENCODED_LENGTH + helloEncoder.encodedLength());
        }
        finally
        {
            sendLock.unlock();
        }
    }

    long offerWelcome(final SocketType type, final List<byte[]> subscriptions)
    {
        sendLock.lock();
        try
        {
            welcomeEncoder.wrapAndApplyHeader(staging, 0, headerEncoder)
                .protocolVersion(MessageHeaderEncoder.SCHEMA_VERSION)
                .socketType(type)
                .socketId(socketId);
            final WelcomeEncoder.SubscriptionsEncoder subs = welcomeEncoder.subscriptionsCount(subscriptions.size());
            for (final byte[] prefix : subscriptions)
            {
                subs.next().putPrefix(prefix, 0, prefix.length);
            }
            return offerStaged(MessageHeaderEncoder.ENCODED_LENGTH + welcomeEncoder.encodedLength());
        }
        finally
        {
            sendLock.unlock();
        }
    }

    long offerReject(final SocketType type, final String reason)
    {
        sendLock.lock();
        try
        {
            rejectEncoder.wrapAndApplyHeader(staging, 0, headerEncoder)
                .socketType(type)
                .socketId(socketId)
                .reason(reason);
            return offerStaged(MessageHeaderEncoder.ENCODED_LENGTH + rejectEncoder.encodedLength());
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

    private long offerStaged(final int length)
    {
        long result;
        int attempts = 0;
        do
        {
            result = publication.offer(staging, 0, length);
        }
        while (result == Publication.ADMIN_ACTION && ++attempts < MAX_ADMIN_RETRIES);
        return result;
    }

    private DirectBufferVector[] vectors(final int count)
    {
        if (count >= vectorsByCount.length)
        {
            final DirectBufferVector[][] grown = new DirectBufferVector[count * 2][];
            System.arraycopy(vectorsByCount, 0, grown, 0, vectorsByCount.length);
            vectorsByCount = grown;
        }
        DirectBufferVector[] vectors = vectorsByCount[count];
        if (vectors == null)
        {
            vectors = new DirectBufferVector[count];
            for (int i = 0; i < count; i++)
            {
                vectors[i] = new DirectBufferVector();
            }
            vectorsByCount[count] = vectors;
        }
        return vectors;
    }

    private static int utf8Length(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public String toString()
    {
        return description;
    }
}
