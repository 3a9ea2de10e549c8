package dev.aeromq.codec;

import dev.aeromq.codec.sbe.ByeDecoder;
import dev.aeromq.codec.sbe.ChunkDecoder;
import dev.aeromq.codec.sbe.DataDecoder;
import dev.aeromq.codec.sbe.HelloDecoder;
import dev.aeromq.codec.sbe.MessageHeaderDecoder;
import dev.aeromq.codec.sbe.PrefixDecoder;
import dev.aeromq.codec.sbe.RejectDecoder;
import dev.aeromq.codec.sbe.WelcomeDecoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the fields of a valid wire message lie: the header's, the fixed block's, every group header
 * (entry length and count), every frame length and every var field's length. A structure-aware
 * mutation writes one of them.
 */
final class WireFields
{
    /**
     * A field.
     *
     * @param offset where it starts in the wire message.
     * @param width  its bytes: 1, 2, 4 or 8.
     * @param name   what it is, for the description of a mutation.
     */
    record Field(int offset, int width, String name)
    {
    }

    private final UnsafeBuffer buffer;
    private final List<Field> fields = new ArrayList<>();

    private WireFields(final byte[] message)
    {
        buffer = new UnsafeBuffer(message);
    }

    /**
     * @param message a valid wire message, as {@link RandomWireMessages} writes it.
     * @return its fields, in order.
     */
    static List<Field> of(final byte[] message)
    {
        final WireFields walk = new WireFields(message);
        walk.walk();
        return walk.fields;
    }

    private void walk()
    {
        add(MessageHeaderDecoder.blockLengthEncodingOffset(), 2, "blockLength");
        add(MessageHeaderDecoder.templateIdEncodingOffset(), 2, "templateId");
        add(MessageHeaderDecoder.schemaIdEncodingOffset(), 2, "schemaId");
        add(MessageHeaderDecoder.versionEncodingOffset(), 2, "version");
        final int body = MessageHeaderDecoder.ENCODED_LENGTH;
        switch (u16(MessageHeaderDecoder.templateIdEncodingOffset()))
        {
            case HelloDecoder.TEMPLATE_ID ->
            {
                add(body + HelloDecoder.socketTypeEncodingOffset(), 1, "socketType");
                add(body + HelloDecoder.socketIdEncodingOffset(), 8, "socketId");
                add(body + HelloDecoder.nonceEncodingOffset(), 8, "nonce");
                add(body + HelloDecoder.replyStreamIdEncodingOffset(), 4, "replyStreamId");
                add(body + HelloDecoder.replyPortEncodingOffset(), 2, "replyPort");
                add(body + HelloDecoder.maxMessageSizeEncodingOffset(), 8, "maxMessageSize");
                varGroup(body + HelloDecoder.BLOCK_LENGTH, "prefixes", 1);
            }
            case WelcomeDecoder.TEMPLATE_ID ->
            {
                add(body + WelcomeDecoder.socketTypeEncodingOffset(), 1, "socketType");
                add(body + WelcomeDecoder.nonceEncodingOffset(), 8, "nonce");
                add(body + WelcomeDecoder.maxMessageSizeEncodingOffset(), 8, "maxMessageSize");
                varGroup(body + WelcomeDecoder.BLOCK_LENGTH, "prefixes", 1);
            }
            case RejectDecoder.TEMPLATE_ID ->
            {
                add(body + RejectDecoder.socketTypeEncodingOffset(), 1, "socketType");
                add(body + RejectDecoder.nonceEncodingOffset(), 8, "nonce");
                add(body + RejectDecoder.BLOCK_LENGTH, 4, "reason length");
            }
            case DataDecoder.TEMPLATE_ID -> data(body);
            case ByeDecoder.TEMPLATE_ID -> add(body + ByeDecoder.ackEncodingOffset(), 1, "ack");
            case PrefixDecoder.TEMPLATE_ID ->
            {
                add(body + PrefixDecoder.actionEncodingOffset(), 1, "action");
                add(body + PrefixDecoder.BLOCK_LENGTH, 4, "prefix length");
            }
            case ChunkDecoder.TEMPLATE_ID -> add(body + ChunkDecoder.bodyOffsetEncodingOffset(), 8, "bodyOffset");
            default ->
            {
                // Heartbeat and Abort: the header is all there is
            }
        }
    }

    private void data(final int body)
    {
        add(body + DataDecoder.correlationIdEncodingOffset(), 8, "correlationId");
        int at = body + DataDecoder.BLOCK_LENGTH;
        final int frames = groupHeader(at, "frames");
        at += DataDecoder.FramesDecoder.sbeHeaderSize();
        for (int i = 0; i < frames; i++)
        {
            add(at, 4, "frame " + i + " length");
            at += DataDecoder.FramesDecoder.sbeBlockLength();
        }
        at = varGroup(at, "metadata", 2);
        add(at, 4, "topic length");
    }

    /**
     * A group whose entries are var fields only, each preceded by a uint32 length.
     *
     * @return where the group ends.
     */
    private int varGroup(final int offset, final String name, final int varsPerEntry)
    {
        final int count = groupHeader(offset, name);
        int at = offset + HelloDecoder.PrefixesDecoder.sbeHeaderSize();
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < varsPerEntry; j++)
            {
                add(at, 4, name + " " + i + " var " + j + " length");
                at += 4 + buffer.getInt(at, ByteOrder.LITTLE_ENDIAN);
            }
        }
        return at;
    }

    private int groupHeader(final int offset, final String name)
    {
        add(offset, 2, name + " entry length");
        add(offset + 2, 2, name + " count");
        return u16(offset + 2);
    }

    private int u16(final int offset)
    {
        return buffer.getShort(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    private void add(final int offset, final int width, final String name)
    {
        fields.add(new Field(offset, width, name));
    }
}
