package dev.aeromq.transport;

import dev.aeromq.codec.WireWriter;
import dev.aeromq.codec.sbe.SocketType;
import io.aeron.DirectBufferVector;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.logbuffer.BufferClaim;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One peer as a socket's senders see it: the exclusive publication this side sends to it on. This is
 * the only transport object user threads touch; everything the engine knows about the peer lives in
 * its engine-side {@link Session}.
 * <p>
 * Threads: any thread may send. An exclusive publication has one writer, so a short
 * {@link ReentrantLock} (never held across a wait; virtual-thread friendly) serialises each
 * encode-and-offer. {@link #isActive()} is published by the engine (volatile) when the peer joins
 * and leaves.
 * <p>
 * Sending a message: when it fits one MTU and has no frame at the attachment threshold, it is
 * encoded in place with {@code tryClaim}. Otherwise its header and its small frames are copied into a
 * staging buffer and every frame at or above the threshold is gathered by
 * {@code offer(DirectBufferVector[])} straight from the caller's memory into the log buffer.
 */
public final class Link
{
    private static final int MAX_ADMIN_RETRIES = 3;

    private final ExclusivePublication publication;
    private final SocketType peerType;
    private final String description;
    private final int attachmentThreshold;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final WireWriter writer = new WireWriter();
    private final BufferClaim claim = new BufferClaim();
    private final ExpandableDirectByteBuffer staging = new ExpandableDirectByteBuffer(4096);
    private DirectBufferVector[][] vectorsByCount = new DirectBufferVector[8][];
    private volatile boolean active;

    Link(
        final ExclusivePublication publication,
        final SocketType peerType,
        final String description,
        final int attachmentThreshold)
    {
        this.publication = publication;
        this.peerType = peerType;
        this.description = description;
        this.attachmentThreshold = attachmentThreshold;
    }

    /**
     * @return false once the peer left; sends then return {@link Publication#NOT_CONNECTED}.
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

    void activate()
    {
        active = true;
    }

    void deactivate()
    {
        active = false;
    }

    ExclusivePublication publication()
    {
        return publication;
    }

    /**
     * Offer one message to the peer; never waits.
     *
     * @param correlationId REQ/REP correlation id, 0 otherwise.
     * @param topic         UTF-8 topic bytes, may be empty.
     * @param frames        the frames.
     * @param metadata      the metadata, may be empty.
     * @return a positive position if sent, else one of Aeron's {@link Publication} codes
     * (BACK_PRESSURED, NOT_CONNECTED, ADMIN_ACTION, CLOSED, MAX_POSITION_EXCEEDED).
     * @throws RuntimeException of kind MESSAGE_TOO_LARGE if it exceeds what one wire message carries.
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
        if (frames.length > WireWriter.MAX_FRAMES)
        {
            throw Failures.of(Failure.Kind.MESSAGE_TOO_LARGE,
                "message has " + frames.length + " frames; the limit is " + WireWriter.MAX_FRAMES);
        }
        final int headerLength = WireWriter.dataHeaderLength(frames.length, metadata, topic.length);
        long bodyLength = 0;
        int attachments = 0;
        for (final DirectBuffer frame : frames)
        {
            bodyLength += frame.capacity();
            attachments += frame.capacity() >= attachmentThreshold ? 1 : 0;
        }
        final long length = headerLength + bodyLength;
        if (length > publication.maxMessageLength())
        {
            throw Failures.of(Failure.Kind.MESSAGE_TOO_LARGE, "message of " + length + " bytes (with its " +
                headerLength + "-byte header) exceeds the limit of " + publication.maxMessageLength() +
                " bytes (an eighth of the " + publication.termBufferLength() +
                "-byte term length); raise the term length or split the message");
        }
        long result;
        int attempts = 0;
        do
        {
            result = offerDataOnce(correlationId, topic, frames, metadata, attachments, headerLength, (int)length);
        }
        while (result == Publication.ADMIN_ACTION && ++attempts < MAX_ADMIN_RETRIES);
        return result;
    }

    private long offerDataOnce(
        final long correlationId,
        final byte[] topic,
        final DirectBuffer[] frames,
        final Map<String, String> metadata,
        final int attachments,
        final int headerLength,
        final int length)
    {
        sendLock.lock();
        try
        {
            if (attachments == 0 && length <= publication.maxPayloadLength())
            {
                return claimData(correlationId, topic, frames, metadata, headerLength, length);
            }
            writer.dataHeader(staging, 0, correlationId, frames, metadata, topic);
            if (attachments == 0)
            {
                int cursor = headerLength;
                for (final DirectBuffer frame : frames)
                {
                    staging.putBytes(cursor, frame, 0, frame.capacity());
                    cursor += frame.capacity();
                }
                return publication.offer(staging, 0, cursor);
            }
            return offerGathered(frames, headerLength);
        }
        finally
        {
            sendLock.unlock();
        }
    }

    private long claimData(
        final long correlationId,
        final byte[] topic,
        final DirectBuffer[] frames,
        final Map<String, String> metadata,
        final int headerLength,
        final int length)
    {
        final long result = publication.tryClaim(length, claim);
        if (result > 0)
        {
            try
            {
                int cursor = claim.offset() + writer.dataHeader(
                    claim.buffer(), claim.offset(), correlationId, frames, metadata, topic);
                for (final DirectBuffer frame : frames)
                {
                    claim.buffer().putBytes(cursor, frame, 0, frame.capacity());
                    cursor += frame.capacity();
                }
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

    /**
     * The header and runs of small frames from the staging buffer, each large frame from the caller's
     * memory, in frame order.
     */
    private long offerGathered(final DirectBuffer[] frames, final int headerLength)
    {
        int count = 1; // the header's run
        boolean runOpen = true;
        for (final DirectBuffer frame : frames)
        {
            if (frame.capacity() >= attachmentThreshold)
            {
                count++;
                runOpen = false;
            }
            else if (frame.capacity() > 0 && !runOpen)
            {
                count++;
                runOpen = true;
            }
        }
        final DirectBufferVector[] vectors = vectors(count);
        int vector = 0;
        int runStart = 0;
        int cursor = headerLength;
        for (final DirectBuffer frame : frames)
        {
            final int frameLength = frame.capacity();
            if (frameLength >= attachmentThreshold)
            {
                if (cursor > runStart || vector == 0)
                {
                    vectors[vector++].reset(staging, runStart, cursor - runStart);
                }
                vectors[vector++].reset(frame, 0, frameLength);
                runStart = cursor;
            }
            else
            {
                staging.putBytes(cursor, frame, 0, frameLength);
                cursor += frameLength;
            }
        }
        if (cursor > runStart)
        {
            vectors[vector++].reset(staging, runStart, cursor - runStart);
        }
        final long result = publication.offer(vectors);
        for (final DirectBufferVector v : vectors)
        {
            v.buffer(null); // do not keep the caller's memory reachable
        }
        return result;
    }

    /**
     * Send a Heartbeat unless a sender holds the link right now (which proves liveness anyway).
     */
    void heartbeat()
    {
        if (active && sendLock.tryLock())
        {
            try
            {
                if (claim(WireWriter.HEARTBEAT_LENGTH) > 0)
                {
                    writer.heartbeat(claim.buffer(), claim.offset());
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
     * @param ack true to answer a peer's Bye.
     * @return true if the Bye went into the stream.
     */
    boolean bye(final boolean ack)
    {
        sendLock.lock();
        try
        {
            if (claim(WireWriter.BYE_LENGTH) > 0)
            {
                writer.bye(claim.buffer(), claim.offset(), ack);
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
     * @param add    true to add, false to drop.
     * @param prefix the prefix bytes.
     * @return a positive position if sent, else an Aeron {@link Publication} code.
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
            return offerStaged(writer.prefix(staging, 0, add, prefix));
        }
        finally
        {
            sendLock.unlock();
        }
    }

    long offerHello(
        final SocketType type,
        final long socketId,
        final long nonce,
        final int replyStreamId,
        final int replyPort,
        final List<byte[]> prefixes)
    {
        sendLock.lock();
        try
        {
            return offerStaged(writer.hello(staging, 0, type, socketId, nonce, replyStreamId, replyPort, prefixes));
        }
        finally
        {
            sendLock.unlock();
        }
    }

    long offerWelcome(final SocketType type, final long socketId, final long nonce, final List<byte[]> prefixes)
    {
        sendLock.lock();
        try
        {
            return offerStaged(writer.welcome(staging, 0, type, socketId, nonce, prefixes));
        }
        finally
        {
            sendLock.unlock();
        }
    }

    long offerReject(final SocketType type, final long socketId, final long nonce, final String reason)
    {
        sendLock.lock();
        try
        {
            return offerStaged(writer.reject(staging, 0, type, socketId, nonce, reason));
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

    @Override
    public String toString()
    {
        return description;
    }
}
