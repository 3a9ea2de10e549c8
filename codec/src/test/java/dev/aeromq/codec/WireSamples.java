package dev.aeromq.codec;

import dev.aeromq.codec.sbe.AbortDecoder;
import dev.aeromq.codec.sbe.ByeDecoder;
import dev.aeromq.codec.sbe.ChunkDecoder;
import dev.aeromq.codec.sbe.DataDecoder;
import dev.aeromq.codec.sbe.HeartbeatDecoder;
import dev.aeromq.codec.sbe.HelloDecoder;
import dev.aeromq.codec.sbe.MessageHeaderEncoder;
import dev.aeromq.codec.sbe.PrefixDecoder;
import dev.aeromq.codec.sbe.RejectDecoder;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.codec.sbe.WelcomeDecoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small valid wire messages of every type, written by {@link WireWriter}, shared by the codec tests.
 */
final class WireSamples
{
    static final Liveness LIVENESS = new Liveness(100_000_000L, 2_000_000_000L);
    /** Length of the SBE message header every wire message starts with. */
    static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    /** Prefixes of the {@link Sample#HELLO} sample: an empty one between two others. */
    static final List<byte[]> HELLO_PREFIXES = List.of(bytes("a."), new byte[0], bytes("ü/"));

    /** Prefixes of the {@link Sample#WELCOME} sample. */
    static final List<byte[]> WELCOME_PREFIXES = List.of(bytes("x"), bytes("yz"));

    /** Reason of the {@link Sample#REJECT} sample. */
    static final String REJECT_REASON = "nö, danke";

    /** Prefix of the {@link Sample#PREFIX} sample. */
    static final byte[] PREFIX_BYTES = bytes("news.");

    /** Frames of the {@link Sample#DATA} sample: one empty frame between two others. */
    static final List<byte[]> DATA_FRAMES = List.of(bytes("abc"), new byte[0], bytes("de"));

    /** Metadata of the {@link Sample#DATA} sample. */
    static final Map<String, String> DATA_METADATA = metadata("k", "v", "clé", "värde");

    /** Topic of the {@link Sample#DATA} sample. */
    static final byte[] DATA_TOPIC = bytes("t.ü");

    /** Where in its message's frames' bytes the {@link Sample#CHUNK} sample starts: past 2^32, as a long must. */
    static final long CHUNK_BODY_OFFSET = (1L << 32) + 5;

    /** The frames' bytes the {@link Sample#CHUNK} sample carries after its header. */
    static final byte[] CHUNK_BYTES = bytes("chunk ü");

    /**
     * One valid wire message of each type.
     */
    enum Sample
    {
        HELLO(HelloDecoder.TEMPLATE_ID, HelloDecoder.BLOCK_LENGTH),
        WELCOME(WelcomeDecoder.TEMPLATE_ID, WelcomeDecoder.BLOCK_LENGTH),
        REJECT(RejectDecoder.TEMPLATE_ID, RejectDecoder.BLOCK_LENGTH),
        DATA(DataDecoder.TEMPLATE_ID, DataDecoder.BLOCK_LENGTH),
        HEARTBEAT(HeartbeatDecoder.TEMPLATE_ID, HeartbeatDecoder.BLOCK_LENGTH),
        BYE(ByeDecoder.TEMPLATE_ID, ByeDecoder.BLOCK_LENGTH),
        PREFIX(PrefixDecoder.TEMPLATE_ID, PrefixDecoder.BLOCK_LENGTH),
        CHUNK(ChunkDecoder.TEMPLATE_ID, ChunkDecoder.BLOCK_LENGTH),
        ABORT(AbortDecoder.TEMPLATE_ID, AbortDecoder.BLOCK_LENGTH);

        final int templateId;
        final int blockLength;

        Sample(final int templateId, final int blockLength)
        {
            this.templateId = templateId;
            this.blockLength = blockLength;
        }
    }

    private WireSamples()
    {
    }

    /**
     * Write a sample wire message.
     *
     * @param writer to write with.
     * @param buffer to write into.
     * @param offset where the wire message starts.
     * @param sample which one.
     * @return its length, frames' bytes included for a Data or a Chunk.
     */
    static int write(final WireWriter writer, final MutableDirectBuffer buffer, final int offset, final Sample sample)
    {
        return switch (sample)
        {
            case HELLO -> writer.hello(
                buffer, offset, SocketType.SUB, 11L, 0x1234_5678_9ABC_DEF0L, 1002, 40123, 1L << 30, LIVENESS,
                HELLO_PREFIXES);
            case WELCOME -> writer.welcome(buffer, offset, SocketType.PUB, 12L, -7L, 1L << 30, LIVENESS,
                WELCOME_PREFIXES);
            case REJECT -> writer.reject(buffer, offset, SocketType.PAIR, 13L, 99L, REJECT_REASON);
            case DATA -> writeData(writer, buffer, offset, 15L, DATA_FRAMES, DATA_METADATA, DATA_TOPIC);
            case HEARTBEAT -> writer.heartbeat(buffer, offset);
            case BYE -> writer.bye(buffer, offset, true);
            case PREFIX -> writer.prefix(buffer, offset, true, 1L, PREFIX_BYTES);
            case CHUNK -> writeChunk(writer, buffer, offset, CHUNK_BODY_OFFSET, CHUNK_BYTES);
            case ABORT -> writer.abort(buffer, offset);
        };
    }

    /**
     * Write a whole Data wire message: its header, then the frames' bytes in order.
     *
     * @param writer        to write with.
     * @param buffer        to write into.
     * @param offset        where the wire message starts.
     * @param correlationId of the message.
     * @param frames        its frames.
     * @param metadata      its metadata.
     * @param topic         its topic's bytes.
     * @return the length of the wire message.
     */
    static int writeData(
        final WireWriter writer,
        final MutableDirectBuffer buffer,
        final int offset,
        final long correlationId,
        final List<byte[]> frames,
        final Map<String, String> metadata,
        final byte[] topic)
    {
        final int headerLength = writer.dataHeader(buffer, offset, correlationId, buffers(frames), metadata, topic);
        int cursor = offset + headerLength;
        for (final byte[] frame : frames)
        {
            buffer.putBytes(cursor, frame);
            cursor += frame.length;
        }
        return cursor - offset;
    }

    /**
     * Write a whole Chunk wire message: its header, then the frames' bytes it carries.
     *
     * @param writer     to write with.
     * @param buffer     to write into.
     * @param offset     where the wire message starts.
     * @param bodyOffset where in its message's frames' bytes the chunk starts.
     * @param bytes      the frames' bytes it carries.
     * @return the length of the wire message.
     */
    static int writeChunk(
        final WireWriter writer,
        final MutableDirectBuffer buffer,
        final int offset,
        final long bodyOffset,
        final byte[] bytes)
    {
        final int headerLength = writer.chunk(buffer, offset, bodyOffset);
        buffer.putBytes(offset + headerLength, bytes);
        return headerLength + bytes.length;
    }

    /**
     * @param frames as byte arrays.
     * @return the same frames as buffers, each exactly as long as its frame.
     */
    static DirectBuffer[] buffers(final List<byte[]> frames)
    {
        final DirectBuffer[] buffers = new DirectBuffer[frames.size()];
        for (int i = 0; i < buffers.length; i++)
        {
            buffers[i] = new UnsafeBuffer(frames.get(i));
        }
        return buffers;
    }

    /**
     * @param keysAndValues key, value, key, value...
     * @return them in an insertion-ordered map.
     */
    static Map<String, String> metadata(final String... keysAndValues)
    {
        final Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2)
        {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /**
     * @param text any text.
     * @return its UTF-8 bytes.
     */
    static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
