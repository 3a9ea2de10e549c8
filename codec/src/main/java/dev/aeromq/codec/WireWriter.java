package dev.aeromq.codec;

import dev.aeromq.codec.sbe.AbortEncoder;
import dev.aeromq.codec.sbe.AttachedEncoder;
import dev.aeromq.codec.sbe.BooleanType;
import dev.aeromq.codec.sbe.ByeEncoder;
import dev.aeromq.codec.sbe.ChunkEncoder;
import dev.aeromq.codec.sbe.DataEncoder;
import dev.aeromq.codec.sbe.HeartbeatEncoder;
import dev.aeromq.codec.sbe.HelloEncoder;
import dev.aeromq.codec.sbe.MessageHeaderEncoder;
import dev.aeromq.codec.sbe.PrefixAckEncoder;
import dev.aeromq.codec.sbe.PrefixAction;
import dev.aeromq.codec.sbe.PrefixEncoder;
import dev.aeromq.codec.sbe.RejectEncoder;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.codec.sbe.WelcomeEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.List;
import java.util.Map;

/**
 * Encodes every AeroMQ wire message. Each method writes at an offset of the given buffer and
 * returns the number of bytes written; lengths come from the generated codecs, so they follow the
 * schema. A Data wire message is written as its header only: the frames' bytes follow it, gathered
 * by the sender straight from the caller's memory.
 * <p>
 * Not thread safe: one per sending link, used under its send lock.
 */
public final class WireWriter
{
    /** Length of a Heartbeat wire message. */
    public static final int HEARTBEAT_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + HeartbeatEncoder.BLOCK_LENGTH;

    /** A Heartbeat's {@code fanOutPosition} on a link without a shared stream. */
    public static final long NO_FAN_OUT_POSITION = -1;

    /** Length of a Bye wire message. */
    public static final int BYE_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + ByeEncoder.BLOCK_LENGTH;

    /** Length of an Abort wire message. */
    public static final int ABORT_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + AbortEncoder.BLOCK_LENGTH;

    /** Length of an Attached wire message. */
    public static final int ATTACHED_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + AttachedEncoder.BLOCK_LENGTH;

    /** Length of a PrefixAck wire message. */
    public static final int PREFIX_ACK_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + PrefixAckEncoder.BLOCK_LENGTH;

    /** Length of a Chunk's header; the frames' bytes follow it. */
    public static final int CHUNK_HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + ChunkEncoder.BLOCK_LENGTH;

    /** Bytes of a Hello or Welcome before its prefixes (the larger of the two, with the group header). */
    public static final int HANDSHAKE_FIXED_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH +
        Math.max(HelloEncoder.BLOCK_LENGTH, WelcomeEncoder.BLOCK_LENGTH) + HelloEncoder.PrefixesEncoder.sbeHeaderSize();

    /** Bytes a handshake's prefix entry takes besides the prefix itself. */
    public static final int PREFIX_ENTRY_LENGTH = HelloEncoder.PrefixesEncoder.sbeBlockLength() +
        HelloEncoder.PrefixesEncoder.prefixHeaderLength();

    /** Most frames one message may have: the count of a group is a uint16. */
    public static final int MAX_FRAMES = DataEncoder.FramesEncoder.countMaxValue();

    private static final int DATA_FIXED_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + DataEncoder.BLOCK_LENGTH +
        DataEncoder.FramesEncoder.sbeHeaderSize() + DataEncoder.MetadataEncoder.sbeHeaderSize() +
        DataEncoder.TensorsEncoder.sbeHeaderSize() + DataEncoder.topicHeaderLength();
    private static final int TENSOR_ENTRY_FIXED_LENGTH = DataEncoder.TensorsEncoder.sbeBlockLength() +
        DataEncoder.TensorsEncoder.DimsEncoder.sbeHeaderSize() + DataEncoder.TensorsEncoder.nameHeaderLength();
    private static final int DIM_LENGTH = DataEncoder.TensorsEncoder.DimsEncoder.sbeBlockLength();
    private static final int METADATA_ENTRY_FIXED_LENGTH = DataEncoder.MetadataEncoder.sbeBlockLength() +
        DataEncoder.MetadataEncoder.keyHeaderLength() + DataEncoder.MetadataEncoder.valueHeaderLength();

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final HelloEncoder hello = new HelloEncoder();
    private final WelcomeEncoder welcome = new WelcomeEncoder();
    private final RejectEncoder reject = new RejectEncoder();
    private final DataEncoder data = new DataEncoder();
    private final HeartbeatEncoder heartbeat = new HeartbeatEncoder();
    private final AttachedEncoder attached = new AttachedEncoder();
    private final ByeEncoder bye = new ByeEncoder();
    private final PrefixEncoder prefix = new PrefixEncoder();
    private final PrefixAckEncoder prefixAck = new PrefixAckEncoder();
    private final ChunkEncoder chunk = new ChunkEncoder();
    private final AbortEncoder abort = new AbortEncoder();

    /**
     * @param frameCount  frames of the message.
     * @param metadata    its metadata.
     * @param topicLength UTF-8 bytes of its topic.
     * @return the length of the Data header (everything before the frames' bytes).
     */
    public static int dataHeaderLength(final int frameCount, final Map<String, String> metadata, final int topicLength)
    {
        int length = DATA_FIXED_LENGTH + frameCount * DataEncoder.FramesEncoder.sbeBlockLength() + topicLength;
        if (!metadata.isEmpty())
        {
            for (final Map.Entry<String, String> entry : metadata.entrySet())
            {
                length += METADATA_ENTRY_FIXED_LENGTH + Utf8.length(entry.getKey()) + Utf8.length(entry.getValue());
            }
        }
        return length;
    }

    /**
     * @param parts       a message's parts: its frames, then its tensors ({@link WireTensor}s).
     * @param metadata    its metadata.
     * @param topicLength UTF-8 bytes of its topic.
     * @return the length of the Data header (everything before the body).
     */
    public static int dataHeaderLength(final DirectBuffer[] parts, final Map<String, String> metadata,
        final int topicLength)
    {
        final int frameCount = frameCount(parts);
        int length = dataHeaderLength(frameCount, metadata, topicLength);
        for (int i = frameCount; i < parts.length; i++)
        {
            final WireTensor tensor = (WireTensor)parts[i];
            length += TENSOR_ENTRY_FIXED_LENGTH + tensor.shape().length * DIM_LENGTH + tensor.nameBytes().length;
        }
        return length;
    }

    /**
     * @param parts a message's parts: its frames, then its tensors.
     * @return how many are frames: the index of the first {@link WireTensor}.
     * @throws IllegalArgumentException if a frame follows a tensor.
     */
    public static int frameCount(final DirectBuffer[] parts)
    {
        int frames = parts.length;
        while (frames > 0 && parts[frames - 1] instanceof WireTensor)
        {
            frames--;
        }
        for (int i = 0; i < frames; i++)
        {
            if (parts[i] instanceof WireTensor)
            {
                throw new IllegalArgumentException("a message's frames must precede its tensors");
            }
        }
        return frames;
    }

    /**
     * Write a Data header; the body must follow it: the frames' bytes in order, then the tensors' data.
     *
     * @param buffer        to write into.
     * @param offset        where the wire message starts.
     * @param correlationId REQ/REP correlation id, 0 otherwise.
     * @param parts         the frames, whose lengths are written (not their bytes), then the tensors
     *                      ({@link WireTensor}s), whose names, types and shapes are written.
     * @param metadata      the metadata.
     * @param topic         the topic's UTF-8 bytes.
     * @return the header length, as {@link #dataHeaderLength} computes it.
     */
    public int dataHeader(
        final MutableDirectBuffer buffer,
        final int offset,
        final long correlationId,
        final DirectBuffer[] parts,
        final Map<String, String> metadata,
        final byte[] topic)
    {
        final int frameCount = frameCount(parts);
        data.wrapAndApplyHeader(buffer, offset, header).correlationId(correlationId);
        final DataEncoder.FramesEncoder lengths = data.framesCount(frameCount);
        for (int i = 0; i < frameCount; i++)
        {
            lengths.next().length(parts[i].capacity());
        }
        final DataEncoder.MetadataEncoder entries = data.metadataCount(metadata.size());
        if (!metadata.isEmpty())
        {
            for (final Map.Entry<String, String> entry : metadata.entrySet())
            {
                entries.next().key(entry.getKey()).value(entry.getValue());
            }
        }
        tensors(parts, frameCount);
        data.putTopic(topic, 0, topic.length);
        return data.limit() - offset;
    }

    private void tensors(final DirectBuffer[] parts, final int frameCount)
    {
        final DataEncoder.TensorsEncoder entries = data.tensorsCount(parts.length - frameCount);
        for (int i = frameCount; i < parts.length; i++)
        {
            final WireTensor tensor = (WireTensor)parts[i];
            entries.next().dataLength(tensor.capacity()).dtype(tensor.type());
            final long[] shape = tensor.shape();
            final DataEncoder.TensorsEncoder.DimsEncoder dims = entries.dimsCount(shape.length);
            for (final long size : shape)
            {
                dims.next().size(size);
            }
            entries.putName(tensor.nameBytes(), 0, tensor.nameBytes().length);
        }
    }

    /**
     * @param buffer        to write into.
     * @param offset        where the wire message starts.
     * @param type          the connecting socket's role.
     * @param socketId      its id.
     * @param nonce         echoed by the answer.
     * @param replyStreamId stream the binder answers on.
     * @param replyPort      UDP port of the reply stream, 0 for IPC.
     * @param maxMessageSize the connecting socket's limit.
     * @param liveness       the connecting socket's heartbeat interval and peer timeout.
     * @param prefixes       a SUB's prefixes, else empty.
     * @return bytes written.
     */
    public int hello(
        final MutableDirectBuffer buffer,
        final int offset,
        final SocketType type,
        final long socketId,
        final long nonce,
        final int replyStreamId,
        final int replyPort,
        final long maxMessageSize,
        final Liveness liveness,
        final List<byte[]> prefixes)
    {
        hello.wrapAndApplyHeader(buffer, offset, header)
            .socketType(type)
            .socketId(socketId)
            .nonce(nonce)
            .replyStreamId(replyStreamId)
            .replyPort(replyPort)
            .maxMessageSize(maxMessageSize)
            .heartbeatIntervalNs(liveness.heartbeatIntervalNs())
            .peerTimeoutNs(liveness.peerTimeoutNs());
        final HelloEncoder.PrefixesEncoder entries = hello.prefixesCount(prefixes.size());
        for (final byte[] bytes : prefixes)
        {
            entries.next().putPrefix(bytes, 0, bytes.length);
        }
        return hello.limit() - offset;
    }

    /**
     * @param buffer   to write into.
     * @param offset   where the wire message starts.
     * @param type     the binding socket's role.
     * @param socketId its id.
     * @param nonce          the Hello's.
     * @param maxMessageSize the binding socket's limit.
     * @param liveness       the binding socket's heartbeat interval and peer timeout.
     * @param prefixes       a SUB's prefixes, else empty.
     * @return bytes written.
     */
    public int welcome(
        final MutableDirectBuffer buffer,
        final int offset,
        final SocketType type,
        final long socketId,
        final long nonce,
        final long maxMessageSize,
        final Liveness liveness,
        final List<byte[]> prefixes)
    {
        return welcome(buffer, offset, type, socketId, nonce, maxMessageSize, liveness, prefixes, FanOutOffer.NONE);
    }

    /**
     * @param buffer         to write into.
     * @param offset         where the wire message starts.
     * @param type           the binding socket's role.
     * @param socketId       its id.
     * @param nonce          the Hello's.
     * @param maxMessageSize the binding socket's limit.
     * @param liveness       the binding socket's heartbeat interval and peer timeout.
     * @param prefixes       a SUB's prefixes, else empty.
     * @param fanOut         a PUB's shared stream, else {@link FanOutOffer#NONE}.
     * @return bytes written.
     */
    public int welcome(
        final MutableDirectBuffer buffer,
        final int offset,
        final SocketType type,
        final long socketId,
        final long nonce,
        final long maxMessageSize,
        final Liveness liveness,
        final List<byte[]> prefixes,
        final FanOutOffer fanOut)
    {
        welcome.wrapAndApplyHeader(buffer, offset, header).socketType(type).socketId(socketId).nonce(nonce)
            .maxMessageSize(maxMessageSize)
            .heartbeatIntervalNs(liveness.heartbeatIntervalNs())
            .peerTimeoutNs(liveness.peerTimeoutNs())
            .fanOutPosition(fanOut.position())
            .fanOutStreamId(fanOut.streamId())
            .fanOutSessionId(fanOut.sessionId())
            .fanOutControlPort(fanOut.controlPort())
            .fanOutKind(fanOut.kind())
            .fanOutLossless(fanOut.lossless() ? BooleanType.TRUE : BooleanType.FALSE);
        final WelcomeEncoder.PrefixesEncoder entries = welcome.prefixesCount(prefixes.size());
        for (final byte[] bytes : prefixes)
        {
            entries.next().putPrefix(bytes, 0, bytes.length);
        }
        return welcome.limit() - offset;
    }

    /**
     * @param buffer   to write into.
     * @param offset   where the wire message starts.
     * @param type     the binding socket's role.
     * @param socketId its id.
     * @param nonce    the Hello's.
     * @param reason   why the Hello is refused.
     * @return bytes written.
     */
    public int reject(
        final MutableDirectBuffer buffer,
        final int offset,
        final SocketType type,
        final long socketId,
        final long nonce,
        final String reason)
    {
        reject.wrapAndApplyHeader(buffer, offset, header).socketType(type).socketId(socketId).nonce(nonce)
            .reason(reason);
        return reject.limit() - offset;
    }

    /**
     * @param buffer to write into.
     * @param offset where the wire message starts.
     * @return {@link #ATTACHED_LENGTH}.
     */
    public int attached(final MutableDirectBuffer buffer, final int offset)
    {
        attached.wrapAndApplyHeader(buffer, offset, header);
        return ATTACHED_LENGTH;
    }

    /**
     * A Heartbeat on a link without a shared stream.
     *
     * @param buffer to write into.
     * @param offset where the wire message starts.
     * @return {@link #HEARTBEAT_LENGTH}.
     */
    public int heartbeat(final MutableDirectBuffer buffer, final int offset)
    {
        return heartbeat(buffer, offset, NO_FAN_OUT_POSITION);
    }

    /**
     * @param buffer         to write into.
     * @param offset         where the wire message starts.
     * @param fanOutPosition the PUB's shared stream's position now, or {@link #NO_FAN_OUT_POSITION}.
     * @return {@link #HEARTBEAT_LENGTH}.
     */
    public int heartbeat(final MutableDirectBuffer buffer, final int offset, final long fanOutPosition)
    {
        heartbeat.wrapAndApplyHeader(buffer, offset, header).fanOutPosition(fanOutPosition);
        return HEARTBEAT_LENGTH;
    }

    /**
     * @param buffer to write into.
     * @param offset where the wire message starts.
     * @param ack    true to answer a peer's Bye.
     * @return {@link #BYE_LENGTH}.
     */
    public int bye(final MutableDirectBuffer buffer, final int offset, final boolean ack)
    {
        bye.wrapAndApplyHeader(buffer, offset, header).ack(ack ? BooleanType.TRUE : BooleanType.FALSE);
        return BYE_LENGTH;
    }

    /**
     * Write a Chunk's header; frames' bytes must follow it, from {@code bodyOffset} on.
     *
     * @param buffer     to write into.
     * @param offset     where the wire message starts.
     * @param bodyOffset where in the message's frames' bytes the chunk starts.
     * @return {@link #CHUNK_HEADER_LENGTH}.
     */
    public int chunk(final MutableDirectBuffer buffer, final int offset, final long bodyOffset)
    {
        chunk.wrapAndApplyHeader(buffer, offset, header).bodyOffset(bodyOffset);
        return CHUNK_HEADER_LENGTH;
    }

    /**
     * @param buffer to write into.
     * @param offset where the wire message starts.
     * @return {@link #ABORT_LENGTH}.
     */
    public int abort(final MutableDirectBuffer buffer, final int offset)
    {
        abort.wrapAndApplyHeader(buffer, offset, header);
        return ABORT_LENGTH;
    }

    /**
     * @param buffer to write into.
     * @param offset where the wire message starts.
     * @param add      true to add the prefix, false to drop it.
     * @param sequence of this Prefix on its link.
     * @param bytes    the prefix.
     * @return bytes written.
     */
    public int prefix(
        final MutableDirectBuffer buffer, final int offset, final boolean add, final long sequence, final byte[] bytes)
    {
        prefix.wrapAndApplyHeader(buffer, offset, header)
            .action(add ? PrefixAction.ADD : PrefixAction.REMOVE)
            .sequence(sequence)
            .putPrefix(bytes, 0, bytes.length);
        return prefix.limit() - offset;
    }

    /**
     * @param buffer   to write into.
     * @param offset   where the wire message starts.
     * @param sequence of the last Prefix applied.
     * @return {@link #PREFIX_ACK_LENGTH}.
     */
    public int prefixAck(final MutableDirectBuffer buffer, final int offset, final long sequence)
    {
        prefixAck.wrapAndApplyHeader(buffer, offset, header).sequence(sequence);
        return PREFIX_ACK_LENGTH;
    }
}
