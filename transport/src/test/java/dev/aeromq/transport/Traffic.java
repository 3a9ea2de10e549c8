package dev.aeromq.transport;

import dev.aeromq.codec.WireWriter;
import dev.aeromq.codec.sbe.DataEncoder;
import dev.aeromq.codec.sbe.MessageHeaderEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A peer's stream built wire message by wire message, each split into fragments, together with the
 * protocol's own account of what a socket must make of it (docs/architecture.md, "Chunk protocol"):
 * which messages arrive, and how many wire messages it must count as malformed and messages as
 * dropped. The account is kept here from the rules, not from the transport's code:
 * <ul>
 * <li>a Data begins a message (cutting short, and dropping, one still open); one larger than the
 * socket's limit is dropped, its Chunks then read and forgotten;</li>
 * <li>a Chunk continues the open message at the offset due, else it is malformed and the message is
 * abandoned; a Chunk while none is open is dropped;</li>
 * <li>an Abort abandons the open message; a malformed wire message is counted and abandons it too;</li>
 * <li>a message arrives once its frames' bytes are all in.</li>
 * </ul>
 */
final class Traffic
{
    /** Where a Data's first frame length lies: after the header, the fixed block and the group header. */
    static final int FIRST_FRAME_LENGTH_OFFSET = MessageHeaderEncoder.ENCODED_LENGTH + DataEncoder.BLOCK_LENGTH +
        DataEncoder.FramesEncoder.sbeHeaderSize();

    private final long maxMessageSize;
    private final WireWriter writer = new WireWriter();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256 * 1024]);
    private final List<Fragment> fragments = new ArrayList<>();
    private final List<TrafficMessage> arrivals = new ArrayList<>();
    private long prefixSequence;
    private final List<String> steps = new ArrayList<>();
    private final ArrayDeque<byte[]> unsent = new ArrayDeque<>();
    private final ArrayDeque<Long> unsentOffsets = new ArrayDeque<>();
    private long malformed;
    private long dropped;

    private TrafficMessage open;
    private boolean openDropped;
    private long placed;
    private long openLength;

    /**
     * @param maxMessageSize the receiving socket's limit.
     */
    Traffic(final long maxMessageSize)
    {
        this.maxMessageSize = maxMessageSize;
    }

    /**
     * Send a message's Data wire message; its Chunks wait for {@link #nextChunk} or {@link #finish}.
     *
     * @param message    the message.
     * @param wireLength the longest wire message (the sender's MTU-bound limit), above a Chunk's header.
     * @param mtu        the longest fragment.
     */
    void begin(final TrafficMessage message, final int wireLength, final int mtu)
    {
        unsent.clear();
        unsentOffsets.clear();
        final int header = writer.dataHeader(buffer, 0, message.correlationId(), message.frameBuffers(),
            message.metadata(), message.topic());
        final byte[] body = body(message);
        final int first = (int)Math.min(body.length, Math.max(0, wireLength - header));
        buffer.putBytes(header, body, 0, first);
        final byte[] data = Arrays.copyOf(buffer.byteArray(), header + first);
        for (int at = first; at < body.length; )
        {
            final int length = Math.min(body.length - at, wireLength - WireWriter.CHUNK_HEADER_LENGTH);
            final int chunkHeader = writer.chunk(buffer, 0, at);
            buffer.putBytes(chunkHeader, body, at, length);
            unsent.add(Arrays.copyOf(buffer.byteArray(), chunkHeader + length));
            unsentOffsets.add((long)at);
            at += length;
        }
        steps.add("Data of " + message + " with " + first + " bytes, " + unsent.size() + " Chunks to follow");
        send(data, mtu);
        onData(message, first);
    }

    /**
     * Send the next Chunk of the message begun last, if any is left.
     *
     * @param mtu the longest fragment.
     * @return false if none was left.
     */
    boolean nextChunk(final int mtu)
    {
        final byte[] chunk = unsent.poll();
        if (chunk == null)
        {
            return false;
        }
        steps.add("its next Chunk");
        send(chunk, mtu);
        onChunk(unsentOffsets.poll(), chunk.length - WireWriter.CHUNK_HEADER_LENGTH);
        return true;
    }

    /**
     * Send the rest of the message begun last.
     *
     * @param mtu the longest fragment.
     */
    void finish(final int mtu)
    {
        while (nextChunk(mtu))
        {
            // on to the next
        }
    }

    /**
     * Send a Chunk of no message's making.
     *
     * @param bodyOffset where it says it starts.
     * @param bytes      what it carries.
     * @param mtu        the longest fragment.
     */
    void strayChunk(final long bodyOffset, final byte[] bytes, final int mtu)
    {
        final int header = writer.chunk(buffer, 0, bodyOffset);
        buffer.putBytes(header, bytes);
        steps.add("a Chunk at " + bodyOffset + " of " + bytes.length + " bytes");
        send(Arrays.copyOf(buffer.byteArray(), header + bytes.length), mtu);
        onChunk(bodyOffset, bytes.length);
    }

    /**
     * Send a Data whose one frame declares far more bytes than any socket takes (0x7FFFFFFF, 1 GiB), with
     * one byte of it present and none to follow: dropped without allocating anything, its Chunks (none
     * come) read and forgotten until the next message cuts it short.
     *
     * @param declared the frame length it declares.
     * @param mtu      the longest fragment.
     */
    void hugeData(final int declared, final int mtu)
    {
        unsent.clear();
        unsentOffsets.clear();
        final DirectBuffer[] frames = {new UnsafeBuffer(new byte[1])};
        final int header = writer.dataHeader(buffer, 0, 0, frames, Map.of(), new byte[0]);
        buffer.putInt(FIRST_FRAME_LENGTH_OFFSET, declared, ByteOrder.LITTLE_ENDIAN);
        buffer.putByte(header, (byte)1);
        steps.add("Data declaring a frame of " + declared + " bytes");
        send(Arrays.copyOf(buffer.byteArray(), header + 1), mtu);
        if (open != null)
        {
            dropped++; // cut short
        }
        open = new TrafficMessage(0, new byte[0], Map.of(), new byte[0][]);
        openDropped = true;
        dropped++;
        openLength = declared;
        placed = 1;
    }

    /**
     * Send an Abort: the open message is abandoned.
     */
    void abort()
    {
        steps.add("Abort");
        send(Arrays.copyOf(buffer.byteArray(), writer.abort(buffer, 0)), Integer.MAX_VALUE);
        open = null;
    }

    /**
     * Send a Heartbeat: it changes nothing.
     */
    void heartbeat()
    {
        steps.add("Heartbeat");
        send(Arrays.copyOf(buffer.byteArray(), writer.heartbeat(buffer, 0)), Integer.MAX_VALUE);
    }

    /**
     * Send a Prefix (a control wire message that may span fragments): it changes nothing for the message.
     *
     * @param prefix its bytes.
     * @param mtu    the longest fragment.
     */
    void prefix(final byte[] prefix, final int mtu)
    {
        steps.add("Prefix of " + prefix.length + " bytes");
        send(Arrays.copyOf(buffer.byteArray(), writer.prefix(buffer, 0, true, ++prefixSequence, prefix)), mtu);
    }

    /**
     * Send a Prefix longer than a socket gathers for a control wire message, in fragments: malformed.
     *
     * @param prefix its bytes, more than {@link Reassembly#MAX_GATHERED_LENGTH}.
     * @param mtu    the longest fragment, less than that.
     */
    void tooLongPrefix(final byte[] prefix, final int mtu)
    {
        steps.add("Prefix of " + prefix.length + " bytes, more than a socket gathers");
        send(Arrays.copyOf(buffer.byteArray(), writer.prefix(buffer, 0, true, ++prefixSequence, prefix)), mtu);
        malformed++;
        open = null;
    }

    /**
     * Send a wire message the reader rejects, or one with no place on a link, in one fragment.
     *
     * @param bytes its bytes.
     * @param what  describes it.
     */
    void malformed(final byte[] bytes, final String what)
    {
        steps.add("malformed " + what);
        fragments.add(new Fragment(Fragment.WHOLE, bytes));
        malformed++;
        open = null;
    }

    private void onData(final TrafficMessage message, final int first)
    {
        if (open != null)
        {
            dropped++; // cut short
        }
        open = null;
        openLength = message.bodyLength();
        placed = first;
        openDropped = openLength > maxMessageSize;
        if (openDropped)
        {
            dropped++;
        }
        if (placed < openLength)
        {
            open = message;
        }
        else if (!openDropped)
        {
            arrivals.add(message);
        }
    }

    private void onChunk(final long bodyOffset, final int length)
    {
        if (open == null)
        {
            dropped++; // a Chunk of no message
            return;
        }
        if (bodyOffset != placed || placed + length > openLength)
        {
            malformed++;
            open = null;
            return;
        }
        placed += length;
        if (placed == openLength)
        {
            if (!openDropped)
            {
                arrivals.add(open);
            }
            open = null;
        }
    }

    private void send(final byte[] wire, final int mtu)
    {
        if (wire.length <= mtu)
        {
            fragments.add(new Fragment(Fragment.WHOLE, wire));
            return;
        }
        for (int at = 0; at < wire.length; at += mtu)
        {
            final int end = Math.min(wire.length, at + mtu);
            final byte flags = (byte)((at == 0 ? Fragment.BEGIN : 0) | (end == wire.length ? Fragment.END : 0));
            fragments.add(new Fragment(flags, Arrays.copyOfRange(wire, at, end)));
        }
    }

    private static byte[] body(final TrafficMessage message)
    {
        final byte[] body = new byte[(int)message.bodyLength()];
        int at = 0;
        for (final byte[] frame : message.frames())
        {
            System.arraycopy(frame, 0, body, at, frame.length);
            at += frame.length;
        }
        return body;
    }

    /**
     * @return the stream so far, fragment by fragment.
     */
    List<Fragment> fragments()
    {
        return fragments;
    }

    /**
     * @return the messages that must arrive, in order.
     */
    List<TrafficMessage> arrivals()
    {
        return arrivals;
    }

    /**
     * @return wire messages the socket must count as malformed.
     */
    long malformed()
    {
        return malformed;
    }

    /**
     * @return messages the socket must count as dropped.
     */
    long dropped()
    {
        return dropped;
    }

    /**
     * @return true while a message is open (begun, neither complete nor abandoned).
     */
    boolean isOpen()
    {
        return open != null;
    }

    /**
     * @return what was sent, step by step.
     */
    List<String> steps()
    {
        return steps;
    }
}
