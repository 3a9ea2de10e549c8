package dev.aeromq.codec;

import dev.aeromq.codec.sbe.AbortDecoder;
import dev.aeromq.codec.sbe.ByeDecoder;
import dev.aeromq.codec.sbe.ChunkDecoder;
import dev.aeromq.codec.sbe.DataDecoder;
import dev.aeromq.codec.sbe.HeartbeatDecoder;
import dev.aeromq.codec.sbe.HelloDecoder;
import dev.aeromq.codec.sbe.MessageHeaderDecoder;
import dev.aeromq.codec.sbe.PrefixAckDecoder;
import dev.aeromq.codec.sbe.PrefixDecoder;
import dev.aeromq.codec.sbe.RejectDecoder;
import dev.aeromq.codec.sbe.WelcomeDecoder;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Reads a wire message as a receiver would, every field of it, checking that each read stays inside
 * the wire message, and describes what it read: two reads of the same bytes placed in different
 * surroundings must describe the same thing, or the reader looked outside them.
 */
final class WireReads
{
    private final WireReader reader = new WireReader();
    private final DataView view = new DataView();

    /**
     * {@link WireReader#read} the bytes, then every field of what it accepted.
     *
     * @param buffer holding them.
     * @param offset where they start.
     * @param length how many.
     * @return what was read, or "malformed: " and why.
     */
    String read(final DirectBuffer buffer, final int offset, final int length)
    {
        final int templateId;
        try
        {
            templateId = reader.read(buffer, offset, length);
        }
        catch (final MalformedWireMessageException ex)
        {
            return malformed(ex);
        }
        assertEquals(length, reader.buffer().capacity(), "the reader's view is the wire message");
        final int sbeLength = reader.sbeLength();
        final int blockLength = reader.buffer().getShort(0, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        assertTrue(sbeLength >= MessageHeaderDecoder.ENCODED_LENGTH + blockLength && sbeLength <= length,
            () -> "sbeLength " + sbeLength + " of a wire message of " + length + " bytes, block " + blockLength);
        final StringBuilder out = new StringBuilder("template ").append(templateId).append(" version ")
            .append(reader.version()).append(" sbeLength ").append(sbeLength);
        switch (templateId)
        {
            case HelloDecoder.TEMPLATE_ID -> hello(out);
            case WelcomeDecoder.TEMPLATE_ID -> welcome(out);
            case RejectDecoder.TEMPLATE_ID ->
            {
                final RejectDecoder reject = reader.reject();
                out.append(' ').append(reject.socketTypeRaw()).append(' ').append(reject.socketId()).append(' ')
                    .append(reject.nonce()).append(" reason ").append(reject.reason());
                assertEquals(sbeLength, reject.limit());
            }
            case DataDecoder.TEMPLATE_ID -> data(out);
            case ChunkDecoder.TEMPLATE_ID -> chunk(out, length);
            case AbortDecoder.TEMPLATE_ID -> assertEquals(WireWriter.ABORT_LENGTH, sbeLength);
            case HeartbeatDecoder.TEMPLATE_ID -> assertEquals(WireWriter.HEARTBEAT_LENGTH, sbeLength);
            case ByeDecoder.TEMPLATE_ID -> out.append(" ack ").append(reader.bye().ackRaw());
            case PrefixAckDecoder.TEMPLATE_ID ->
            {
                assertEquals(WireWriter.PREFIX_ACK_LENGTH, sbeLength);
                out.append(" sequence ").append(reader.prefixAck().sequence());
            }
            case PrefixDecoder.TEMPLATE_ID ->
            {
                out.append(" action ").append(reader.prefix().actionRaw()).append(" sequence ")
                    .append(reader.prefix().sequence());
                assertTrue(reader.prefixLength() >= 0, "prefix length " + reader.prefixLength());
                assertEquals(sbeLength, reader.prefixOffset() + reader.prefixLength());
                out.append(" prefix ").append(hex(reader.buffer(), reader.prefixOffset(), reader.prefixLength()));
            }
            default -> fail("read returned template id " + templateId);
        }
        return out.toString();
    }

    /**
     * {@link WireReader#readPrefix} the bytes as the first fragment of a wire message, then read what
     * a receiver reads of the start of a message.
     *
     * @param buffer holding them.
     * @param offset where they start.
     * @param length how many.
     * @return what was read: "incomplete", the start of a Data or Chunk, or "malformed: " and why.
     */
    String readPrefix(final DirectBuffer buffer, final int offset, final int length)
    {
        final int templateId;
        try
        {
            templateId = reader.readPrefix(buffer, offset, length);
        }
        catch (final MalformedWireMessageException ex)
        {
            return malformed(ex);
        }
        if (templateId == WireReader.INCOMPLETE)
        {
            return "incomplete";
        }
        final int sbeLength = reader.sbeLength();
        assertTrue(sbeLength <= length, () -> "sbeLength " + sbeLength + " of a first fragment of " + length);
        final StringBuilder out = new StringBuilder("start of template ").append(templateId);
        switch (templateId)
        {
            case DataDecoder.TEMPLATE_ID -> data(out);
            case ChunkDecoder.TEMPLATE_ID -> chunk(out, length);
            default -> fail("readPrefix returned template id " + templateId);
        }
        return out.toString();
    }

    /**
     * @return the reader, positioned on what it read last.
     */
    WireReader reader()
    {
        return reader;
    }

    /**
     * @return the view of the last Data read.
     */
    DataView view()
    {
        return view;
    }

    private void hello(final StringBuilder out)
    {
        final HelloDecoder hello = reader.hello();
        out.append(' ').append(hello.socketTypeRaw()).append(' ').append(hello.socketId()).append(' ')
            .append(hello.nonce()).append(' ').append(hello.replyStreamId()).append(' ').append(hello.replyPort())
            .append(' ').append(hello.maxMessageSize());
        if (reader.version() == WireReader.VERSION)
        {
            for (final HelloDecoder.PrefixesDecoder entry : hello.prefixes())
            {
                final byte[] prefix = new byte[entry.prefixLength()];
                entry.getPrefix(prefix, 0, prefix.length);
                out.append(" prefix ").append(HexFormat.of().formatHex(prefix));
            }
            assertEquals(reader.sbeLength(), hello.limit());
        }
    }

    private void welcome(final StringBuilder out)
    {
        final WelcomeDecoder welcome = reader.welcome();
        out.append(' ').append(welcome.socketTypeRaw()).append(' ').append(welcome.socketId()).append(' ')
            .append(welcome.nonce()).append(' ').append(welcome.maxMessageSize());
        for (final WelcomeDecoder.PrefixesDecoder entry : welcome.prefixes())
        {
            final byte[] prefix = new byte[entry.prefixLength()];
            entry.getPrefix(prefix, 0, prefix.length);
            out.append(" prefix ").append(HexFormat.of().formatHex(prefix));
        }
        assertEquals(reader.sbeLength(), welcome.limit());
    }

    private void chunk(final StringBuilder out, final int length)
    {
        final int sbeLength = reader.sbeLength();
        assertEquals(WireWriter.CHUNK_HEADER_LENGTH, sbeLength);
        final long bodyOffset = reader.chunk().bodyOffset();
        assertTrue(bodyOffset >= 0, "Chunk body offset " + bodyOffset);
        out.append(" bodyOffset ").append(bodyOffset).append(" bytes ")
            .append(hex(reader.buffer(), sbeLength, length - sbeLength));
    }

    /**
     * A Data: every frame that starts among the bytes present must lie where they are, and what is
     * present may not exceed what the frames add up to.
     */
    private void data(final StringBuilder out)
    {
        out.append(" correlationId ").append(reader.data().correlationId());
        try
        {
            view.wrap(reader);
        }
        catch (final MalformedWireMessageException ex)
        {
            out.append(" frames ").append(malformed(ex));
            return;
        }
        final int sbeLength = reader.sbeLength();
        final int length = reader.buffer().capacity();
        assertTrue(view.topicLength() >= 0 && view.topicLength() <= sbeLength, "topic length " + view.topicLength());
        out.append(" topic ").append(view.topic()).append(" metadata ").append(view.metadata());
        final byte[] topic = new byte[view.topicLength()];
        view.copyTopic(topic);
        assertTrue(view.topicStartsWith(topic));
        assertEquals(sbeLength, view.bodyOffset(), "the frames' bytes follow the header");
        assertEquals(length - sbeLength, view.bodyPresent(), "the frames' bytes run to the end of the wire message");
        assertTrue(view.bodyPresent() <= view.bodyLength(), "more bytes present than the frames add up to");
        long cursor = sbeLength;
        for (int i = 0; i < view.frameCount(); i++)
        {
            final int frameLength = view.frameLength(i);
            assertTrue(frameLength >= 0, "frame length " + frameLength);
            if (cursor < length)
            {
                assertEquals(cursor, view.frameOffset(i), "frame " + i + " lies where the frames before it end");
                final int present = (int)Math.min(frameLength, length - cursor);
                out.append(" frame ").append(hex(view.buffer(), view.frameOffset(i), present));
            }
            cursor += frameLength;
        }
        assertEquals(cursor - sbeLength, view.bodyLength());
    }

    private static String hex(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String malformed(final MalformedWireMessageException ex)
    {
        assertTrue(ex.getMessage() != null && !ex.getMessage().isBlank(), "a malformed wire message says why");
        return "malformed: " + ex.getMessage();
    }
}
