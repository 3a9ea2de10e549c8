package dev.aeromq.transport;

import dev.aeromq.codec.WireWriter;
import io.aeron.DirectBufferVector;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.logbuffer.BufferClaim;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Writes one message onto a link's publication as a Data wire message and, past the publication's
 * largest wire message, Chunk wire messages — gathered straight from the caller's memory: frames at
 * or above the attachment threshold are handed to {@code offer(DirectBufferVector[])} where they lie,
 * smaller ones are copied into a staging buffer behind the header (one copy into the log, which is
 * inherent, and no staging copy of large payloads). A message that fits one MTU and has no large frame
 * is encoded in place with {@code tryClaim}.
 * <p>
 * Keeps its place in the message between wire messages, so the caller can wait out back pressure
 * between them. Not thread safe: one per link, used under the link's send lock.
 */
final class DataSender
{
    private final ExclusivePublication publication;
    private final int attachmentThreshold;
    private final WireWriter writer;
    private final BufferClaim claim = new BufferClaim();
    private final ExpandableDirectByteBuffer staging = new ExpandableDirectByteBuffer(4096);
    private DirectBufferVector[] scratch = newVectors(16);
    private DirectBufferVector[][] vectorsByCount = new DirectBufferVector[16][];

    private DirectBuffer[] frames;
    private long bodyLength;
    private long sent;
    private int frameIndex;
    private int frameOffset;

    DataSender(final ExclusivePublication publication, final int attachmentThreshold, final WireWriter writer)
    {
        this.publication = publication;
        this.attachmentThreshold = attachmentThreshold;
        this.writer = writer;
    }

    /**
     * Offer a message's Data wire message: its header and as many of its frames' bytes as fit.
     *
     * @param correlationId REQ/REP correlation id, 0 otherwise.
     * @param topic         UTF-8 topic bytes.
     * @param frames        the frames.
     * @param metadata      the metadata.
     * @param headerLength  of the Data header, as {@link WireWriter#dataHeaderLength} computes it.
     * @param bodyLength    of all frames together.
     * @return Aeron's result: a position if it went out, else why not ({@link Publication} codes).
     */
    long offerFirst(
        final long correlationId,
        final byte[] topic,
        final DirectBuffer[] frames,
        final Map<String, String> metadata,
        final int headerLength,
        final long bodyLength)
    {
        this.frames = frames;
        this.bodyLength = bodyLength;
        sent = 0;
        frameIndex = 0;
        frameOffset = 0;
        final int bodyHere = (int)Math.min(bodyLength, publication.maxMessageLength() - headerLength);
        if (bodyHere == bodyLength && headerLength + bodyLength <= publication.maxPayloadLength() &&
            !hasAttachment(frames))
        {
            return claimWhole(correlationId, topic, frames, metadata, headerLength + (int)bodyLength);
        }
        writer.dataHeader(staging, 0, correlationId, frames, metadata, topic);
        return offerGathered(headerLength, bodyHere);
    }

    /**
     * @return true while frames' bytes remain to be sent in Chunks.
     */
    private boolean hasMore()
    {
        return sent < bodyLength;
    }

    /**
     * Send the rest of the message begun with {@link #offerFirst} as Chunks, waiting out back pressure
     * between them; gives up (with an Abort, so the receivers discard the part they have) at the deadline, or
     * when no Chunk went out for the stall limit — measured from the last one that did.
     *
     * @param deadlineNs   when to give up ({@link Deadlines}), or {@link Deadlines#NONE}.
     * @param stallLimitNs how long the publication may take no Chunk; 0 for no limit.
     * @param gone         true once the destination is gone (the peer left, the stream closed).
     * @param destination  what is sent to, for the failure of an interrupted caller.
     * @return SENT (also when nothing was left), LOST if the destination went, TIMED_OUT if given up.
     * @throws RuntimeException of kind CLOSED if the caller is interrupted (the Abort is sent first).
     */
    Link.SendResult sendRest(
        final long deadlineNs, final long stallLimitNs, final BooleanSupplier gone, final Supplier<String> destination)
    {
        int attempt = 0;
        long stallDeadlineNs = stallLimitNs > 0 ? System.nanoTime() + stallLimitNs : Deadlines.NONE;
        while (hasMore())
        {
            if (offerChunk() > 0)
            {
                attempt = 0;
                if (stallLimitNs > 0)
                {
                    stallDeadlineNs = System.nanoTime() + stallLimitNs; // progress: the stall clock starts again
                }
                continue;
            }
            if (gone.getAsBoolean() || publication.isClosed())
            {
                return Link.SendResult.LOST;
            }
            if (Thread.currentThread().isInterrupted())
            {
                offerAbort();
                throw Failures.of(Failure.Kind.CLOSED, "interrupted while sending a message to " + destination.get() +
                    "; the part sent is discarded where it was received");
            }
            if (Deadlines.passed(deadlineNs) || Deadlines.passed(stallDeadlineNs))
            {
                offerAbort();
                return Link.SendResult.TIMED_OUT;
            }
            Deadlines.backoff(attempt++);
        }
        return Link.SendResult.SENT;
    }

    /**
     * Offer the next Chunk of the message begun with {@link #offerFirst}.
     *
     * @return Aeron's result.
     */
    private long offerChunk()
    {
        final int headerLength = writer.chunk(staging, 0, sent);
        final int bodyHere = (int)Math.min(bodyLength - sent, publication.maxMessageLength() - headerLength);
        return offerGathered(headerLength, bodyHere);
    }

    /**
     * Tell the peer the message begun will not complete.
     *
     * @return true if the Abort went out.
     */
    boolean offerAbort()
    {
        frames = null;
        if (publication.tryClaim(WireWriter.ABORT_LENGTH, claim) > 0)
        {
            writer.abort(claim.buffer(), claim.offset());
            claim.commit();
            return true;
        }
        return false;
    }

    /**
     * Forget the caller's frames (the message is done or given up on).
     */
    void clear()
    {
        frames = null;
        sent = 0;
        bodyLength = 0;
    }

    private long claimWhole(
        final long correlationId,
        final byte[] topic,
        final DirectBuffer[] frames,
        final Map<String, String> metadata,
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
                sent = bodyLength;
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
     * One wire message: the header already in the staging buffer, then {@code count} frames' bytes from
     * where the last wire message stopped — small frames copied behind the header, large ones gathered
     * from the caller's memory. Advances the place in the message only if it went out.
     */
    private long offerGathered(final int headerLength, final int count)
    {
        int vector = 0;
        int runStart = 0;
        int cursor = headerLength;
        int index = frameIndex;
        int offset = frameOffset;
        int remaining = count;
        while (remaining > 0)
        {
            final DirectBuffer frame = frames[index];
            final int available = frame.capacity() - offset;
            if (available == 0)
            {
                index++;
                offset = 0;
                continue;
            }
            final int take = Math.min(available, remaining);
            if (frame.capacity() >= attachmentThreshold)
            {
                if (cursor > runStart)
                {
                    vector = add(vector, staging, runStart, cursor - runStart);
                }
                vector = add(vector, frame, offset, take);
                runStart = cursor;
            }
            else
            {
                staging.putBytes(cursor, frame, offset, take);
                cursor += take;
            }
            offset += take;
            remaining -= take;
        }
        if (cursor > runStart)
        {
            vector = add(vector, staging, runStart, cursor - runStart);
        }
        final long result = vector == 1 ?
            publication.offer(staging, 0, cursor) : publication.offer(exactVectors(vector));
        for (int i = 0; i < vector; i++)
        {
            scratch[i].buffer(null); // do not keep the caller's memory reachable
        }
        if (result > 0)
        {
            frameIndex = index;
            frameOffset = offset;
            sent += count;
        }
        return result;
    }

    private int add(final int vector, final DirectBuffer buffer, final int offset, final int length)
    {
        if (vector == scratch.length)
        {
            final DirectBufferVector[] grown = newVectors(scratch.length * 2);
            for (int i = 0; i < vector; i++)
            {
                grown[i].reset(scratch[i].buffer(), scratch[i].offset(), scratch[i].length());
            }
            scratch = grown;
        }
        scratch[vector].reset(buffer, offset, length);
        return vector + 1;
    }

    private DirectBufferVector[] exactVectors(final int count)
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
            vectorsByCount[count] = vectors;
        }
        System.arraycopy(scratch, 0, vectors, 0, count);
        return vectors;
    }

    private boolean hasAttachment(final DirectBuffer[] frames)
    {
        for (final DirectBuffer frame : frames)
        {
            if (frame.capacity() >= attachmentThreshold)
            {
                return true;
            }
        }
        return false;
    }

    private static DirectBufferVector[] newVectors(final int count)
    {
        final DirectBufferVector[] vectors = new DirectBufferVector[count];
        for (int i = 0; i < count; i++)
        {
            vectors[i] = new DirectBufferVector();
        }
        return vectors;
    }
}
