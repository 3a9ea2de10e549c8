package dev.aeromq.transport;

import dev.aeromq.codec.DataView;
import dev.aeromq.codec.MalformedWireMessageException;
import dev.aeromq.codec.WireReader;
import dev.aeromq.codec.sbe.AbortDecoder;
import dev.aeromq.codec.sbe.ChunkDecoder;
import dev.aeromq.codec.sbe.DataDecoder;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import io.aeron.logbuffer.FrameDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * Turns one peer's Aeron fragments into messages placed straight into their destination: no
 * {@code FragmentAssembler} copy. A message is a Data wire message (its header, then as much of its
 * body — the frames' bytes, then the tensors' data — as fits) followed, for a message longer than one
 * wire message, by Chunk wire messages carrying the rest in order; Aeron splits each wire message
 * longer than the MTU into fragments.
 * <p>
 * The socket sees the header first ({@link SocketHandler#onMessageBegin}), before any payload byte is
 * placed, and answers where each part (frame or tensor's data) goes; each fragment's bytes are then
 * copied once into that memory. A message that fits one fragment may instead be taken in place.
 * Messages are atomic: one cut short (an Abort, a new Data before the last ended, a Chunk out of order,
 * the peer gone) is abandoned and nothing of it is delivered. A message larger than the socket's limit
 * is skipped without allocating anything for it.
 * <p>
 * Engine-confined: used only under its socket's {@link SocketStreams} lock.
 */
final class Reassembly
{
    /** Most bytes gathered for a control wire message or a Data header that spans fragments. */
    static final int MAX_GATHERED_LENGTH = 64 * 1024;

    /** What the bytes of the fragmented wire message now open are for. */
    private enum Wire
    {
        /** Gathered whole: a control wire message, or a Data wire message until its header is complete. */
        GATHER,
        /** The open message's frames' bytes. */
        BODY,
        /** Read and forgotten. */
        SKIP
    }

    private final Session session;
    private SocketStreams streams; // the socket, as given with each fragment
    private final ExpandableArrayBuffer gathered = new ExpandableArrayBuffer(0);
    private boolean wireOpen;
    private Wire wire = Wire.SKIP;
    private int gatheredTemplateId;
    private int gatheredLength;

    private Assembly assembly;
    private boolean skipping;
    private int partCount;
    private int[] partLengths = new int[8];
    private long bodyLength;
    private long placed;
    private int partIndex;
    private int partOffset;

    Reassembly(final Session session)
    {
        this.session = session;
    }

    /**
     * One fragment of the peer's stream.
     *
     * @param buffer  holding it.
     * @param offset  where its payload starts.
     * @param length  of its payload.
     * @param flags   Aeron's fragment flags (begin, end).
     * @param streams the socket.
     * @return {@link Action#ABORT} to leave it in the log (the socket is full), else continue.
     */
    Action onFragment(
        final DirectBuffer buffer, final int offset, final int length, final byte flags, final SocketStreams streams)
    {
        final boolean begin = (flags & FrameDescriptor.BEGIN_FRAG_FLAG) != 0;
        final boolean end = (flags & FrameDescriptor.END_FRAG_FLAG) != 0;
        this.streams = streams;
        try
        {
            if (begin)
            {
                if (wireOpen)
                {
                    wireOpen = false;
                    throw new MalformedWireMessageException("a wire message was cut short by the next one");
                }
                return end ?
                    onWhole(buffer, offset, length, streams) : onFirstFragment(buffer, offset, length, streams);
            }
            if (!wireOpen)
            {
                throw new MalformedWireMessageException("a fragment continues no wire message (the fragments " +
                    "before it were cut short by another wire message, or never came)");
            }
            wireOpen = !end;
            switch (wire)
            {
                case GATHER -> gather(buffer, offset, length, end, streams);
                case BODY -> place(buffer, offset, length);
                case SKIP ->
                {
                    // read and forgotten
                }
            }
            return Action.CONTINUE;
        }
        catch (final MalformedWireMessageException ex)
        {
            abandon();
            wireOpen = !end;
            wire = Wire.SKIP;
            streams.faults().malformed(session, ex);
            return Action.CONTINUE;
        }
    }

    /**
     * A wire message in one fragment: read in place.
     */
    private Action onWhole(final DirectBuffer buffer, final int offset, final int length, final SocketStreams streams)
    {
        final WireReader reader = streams.reader();
        final int templateId = reader.read(buffer, offset, length);
        switch (templateId)
        {
            case DataDecoder.TEMPLATE_ID ->
            {
                return onData(reader, true, false, streams);
            }
            case ChunkDecoder.TEMPLATE_ID -> onChunk(reader, streams);
            case AbortDecoder.TEMPLATE_ID ->
            {
                if (abandon())
                {
                    streams.observer().dropped(session.link(), DropReason.CUT_SHORT);
                }
            }
            default -> session.onControl(templateId, reader, streams);
        }
        return Action.CONTINUE;
    }

    /**
     * The first fragment of a wire message longer than the MTU.
     */
    private Action onFirstFragment(
        final DirectBuffer buffer, final int offset, final int length, final SocketStreams streams)
    {
        final int templateId = WireReader.templateId(buffer, offset, length);
        if (templateId != DataDecoder.TEMPLATE_ID && templateId != ChunkDecoder.TEMPLATE_ID)
        {
            startGathering(templateId, buffer, offset, length);
            return Action.CONTINUE;
        }
        final WireReader reader = streams.reader();
        if (reader.readPrefix(buffer, offset, length) == WireReader.INCOMPLETE)
        {
            if (templateId == ChunkDecoder.TEMPLATE_ID)
            {
                throw new MalformedWireMessageException("a Chunk header runs past its first fragment");
            }
            if (streams.handler().receiveCapacity() <= 0)
            {
                return Action.ABORT; // no room to take a message now: look again later
            }
            startGathering(templateId, buffer, offset, length);
            return Action.CONTINUE;
        }
        Action action = Action.CONTINUE;
        if (templateId == DataDecoder.TEMPLATE_ID)
        {
            action = onData(reader, true, true, streams);
        }
        else
        {
            onChunk(reader, streams);
        }
        wireOpen = action != Action.ABORT;
        return action;
    }

    private void startGathering(final int templateId, final DirectBuffer buffer, final int offset, final int length)
    {
        wireOpen = true;
        wire = Wire.GATHER;
        gatheredTemplateId = templateId;
        gathered.putBytes(0, buffer, offset, length);
        gatheredLength = length;
    }

    private void gather(
        final DirectBuffer buffer, final int offset, final int length, final boolean end, final SocketStreams streams)
    {
        if (gatheredLength + length > MAX_GATHERED_LENGTH)
        {
            throw new MalformedWireMessageException("a control wire message or Data header is longer than " +
                MAX_GATHERED_LENGTH + " bytes");
        }
        gathered.putBytes(gatheredLength, buffer, offset, length);
        gatheredLength += length;
        final WireReader reader = streams.reader();
        if (gatheredTemplateId == DataDecoder.TEMPLATE_ID)
        {
            if (reader.readPrefix(gathered, 0, gatheredLength) != WireReader.INCOMPLETE)
            {
                onData(reader, false, !end, streams); // its first fragments are consumed: it cannot wait now
            }
            else if (end)
            {
                throw new MalformedWireMessageException("a Data wire message ends inside its header");
            }
        }
        else if (end)
        {
            session.onControl(reader.read(gathered, 0, gatheredLength), reader, streams);
        }
    }

    /**
     * A Data wire message whose header is complete; its frames' bytes are all there (a whole message)
     * or the first of them, the rest following in this wire message's next fragments and in Chunks.
     *
     * @param continues true if the wire message goes on in later fragments: then its frames cannot be
     *                  whole in the bytes given, or it carries more bytes than they add up to.
     */
    private Action onData(
        final WireReader reader, final boolean mayWait, final boolean continues, final SocketStreams streams)
    {
        final DataView view = streams.dataView().wrap(reader);
        if (inMessage())
        {
            final boolean placing = abandon(); // a message being skipped was counted when it was dropped
            streams.faults().dropped(session, placing ? DropReason.CUT_SHORT : null,
                "a message was cut short: its sender began the next one");
        }
        if (continues && view.isWhole())
        {
            throw new MalformedWireMessageException("a message carries more bytes than its frames and tensors " +
                "add up to (" + view.bodyLength() + "): its Data wire message goes on past them");
        }
        final SocketHandler handler = streams.handler();
        final Assembly answer;
        if (view.bodyLength() > handler.maxMessageSize())
        {
            streams.faults().dropped(session, DropReason.TOO_LARGE, "a message of " + view.bodyLength() +
                " bytes exceeds the socket's maxMessageSize of " + handler.maxMessageSize() + " bytes");
            answer = Assembly.DROP;
        }
        else
        {
            answer = begin(handler, view, mayWait, streams);
        }
        if (answer == Assembly.NOT_NOW)
        {
            if (mayWait)
            {
                return Action.ABORT;
            }
            throw new IllegalStateException("a socket answered NOT_NOW to a message that cannot wait");
        }
        begin(view, answer);
        return Action.CONTINUE;
    }

    /**
     * Ask the socket; one that fails (its frame allocator threw, say) drops the message, reported.
     */
    private Assembly begin(
        final SocketHandler handler, final DataView view, final boolean mayWait, final SocketStreams streams)
    {
        try
        {
            return handler.onMessageBegin(session.link(), view, mayWait);
        }
        catch (final RuntimeException ex)
        {
            streams.faults().dropped(session, DropReason.ALLOCATOR_FAILED, "the socket could not take a message of " +
                view.bodyLength() + " bytes: " + ex.getMessage());
            return Assembly.DROP;
        }
    }

    private void begin(final DataView view, final Assembly answer)
    {
        if (answer == Assembly.DONE || (answer == Assembly.DROP && view.isWhole()))
        {
            if (answer == Assembly.DONE)
            {
                streams.observer().received(view.bodyLength());
            }
            wire = Wire.SKIP;
            return;
        }
        bodyLength = view.bodyLength();
        placed = 0;
        partIndex = 0;
        partOffset = 0;
        partCount = view.partCount(); // the frames, then the tensors' data
        if (partCount > partLengths.length)
        {
            partLengths = new int[Math.max(partCount, partLengths.length * 2)];
        }
        for (int i = 0; i < partCount; i++)
        {
            partLengths[i] = view.partLength(i);
        }
        if (answer == Assembly.DROP)
        {
            skipping = true;
            wire = Wire.BODY;
        }
        else
        {
            assembly = answer;
            wire = Wire.BODY;
        }
        place(view.buffer(), view.bodyOffset(), view.bodyPresent());
    }

    private void onChunk(final WireReader reader, final SocketStreams streams)
    {
        wire = Wire.SKIP;
        if (!inMessage())
        {
            streams.faults().dropped(session, null, "a Chunk arrived for no message (one dropped or cut short)");
            return;
        }
        final long offset = reader.chunk().bodyOffset();
        if (offset != placed)
        {
            throw new MalformedWireMessageException("a Chunk at offset " + offset + " where " + placed + " was due");
        }
        wire = Wire.BODY;
        place(reader.buffer(), reader.sbeLength(), reader.buffer().capacity() - reader.sbeLength());
    }

    /**
     * Copy bytes of the open message into its parts' memory (frames, then tensors' data), part by part
     * (or count them, for a message being skipped).
     */
    private void place(final DirectBuffer buffer, final int offset, final int length)
    {
        if (placed + length > bodyLength)
        {
            throw new MalformedWireMessageException("a message carries more bytes than its frames and tensors add " +
                "up to (" + bodyLength + ")");
        }
        if (assembly != null)
        {
            int source = offset;
            int remaining = length;
            while (remaining > 0)
            {
                while (partOffset == partLengths[partIndex])
                {
                    partIndex++;
                    partOffset = 0;
                }
                final int count = Math.min(remaining, partLengths[partIndex] - partOffset);
                assembly.frame(partIndex).putBytes(partOffset, buffer, source, count);
                partOffset += count;
                source += count;
                remaining -= count;
            }
        }
        placed += length;
        if (placed == bodyLength)
        {
            final Assembly done = assembly;
            assembly = null;
            skipping = false;
            if (done != null)
            {
                done.complete();
                streams.observer().received(bodyLength);
            }
        }
    }

    private boolean inMessage()
    {
        return assembly != null || skipping;
    }

    /**
     * Abandon the open message, if any: nothing of it is delivered (an Abort, the peer gone).
     *
     * @return true if one was being placed (not one already being skipped).
     */
    boolean abandon()
    {
        skipping = false;
        final Assembly open = assembly;
        assembly = null;
        if (open != null)
        {
            open.abandon();
            return true;
        }
        return false;
    }
}
