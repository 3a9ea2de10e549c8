package dev.aeromq.codec;

import dev.aeromq.codec.sbe.ByeDecoder;
import dev.aeromq.codec.sbe.DataDecoder;
import dev.aeromq.codec.sbe.HeartbeatDecoder;
import dev.aeromq.codec.sbe.HelloDecoder;
import dev.aeromq.codec.sbe.MessageHeaderDecoder;
import dev.aeromq.codec.sbe.RejectDecoder;
import dev.aeromq.codec.sbe.SubscriptionDecoder;
import dev.aeromq.codec.sbe.WelcomeDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Validates an inbound frame and wraps the matching decoder over it.
 * <p>
 * The decoders are wrapped over a view bounded to the frame itself, so a corrupt length inside the
 * frame can never read past its end into the rest of the term buffer: it fails as a
 * {@link MalformedFrameException}. One instance per polling thread; reused, allocation free.
 */
public final class FrameReader
{
    private static final int GROUP_HEADER_LENGTH = 4;
    private static final int VAR_HEADER_LENGTH = 4;

    private final UnsafeBuffer frame = new UnsafeBuffer(0, 0);
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final HelloDecoder hello = new HelloDecoder();
    private final WelcomeDecoder welcome = new WelcomeDecoder();
    private final RejectDecoder reject = new RejectDecoder();
    private final DataDecoder data = new DataDecoder();
    private final HeartbeatDecoder heartbeat = new HeartbeatDecoder();
    private final ByeDecoder bye = new ByeDecoder();
    private final SubscriptionDecoder subscription = new SubscriptionDecoder();
    private int sbeLength;

    /**
     * Check a frame and wrap the decoder for its type.
     *
     * @param buffer holding the frame.
     * @param offset at which the frame starts.
     * @param length of the frame in bytes.
     * @return the template id of the frame, one of the {@code *Decoder.TEMPLATE_ID} constants.
     * @throws MalformedFrameException if the frame is not a well-formed AeroMQ frame.
     */
    public int read(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            throw new MalformedFrameException(
                "frame of " + length + " bytes is shorter than the " + MessageHeaderDecoder.ENCODED_LENGTH +
                "-byte AeroMQ header");
        }
        frame.wrap(buffer, offset, length);
        header.wrap(frame, 0);

        final int schemaId = header.schemaId();
        if (schemaId != MessageHeaderDecoder.SCHEMA_ID)
        {
            throw new MalformedFrameException(
                "frame has schema id " + schemaId + ", AeroMQ frames have " + MessageHeaderDecoder.SCHEMA_ID);
        }
        final int version = header.version();
        if (version != MessageHeaderDecoder.SCHEMA_VERSION)
        {
            throw new MalformedFrameException(
                "frame has protocol version " + version + ", this AeroMQ speaks " + MessageHeaderDecoder.SCHEMA_VERSION);
        }

        final int templateId = header.templateId();
        final int blockLength = header.blockLength();
        final int body = MessageHeaderDecoder.ENCODED_LENGTH;
        switch (templateId)
        {
            case HelloDecoder.TEMPLATE_ID ->
            {
                hello.wrap(frame, body, checkBlock(HelloDecoder.BLOCK_LENGTH, blockLength), version);
                sbeLength = skipVar(skipGroup(body + blockLength, 0, 1), 1);
            }
            case WelcomeDecoder.TEMPLATE_ID ->
            {
                welcome.wrap(frame, body, checkBlock(WelcomeDecoder.BLOCK_LENGTH, blockLength), version);
                sbeLength = skipGroup(body + blockLength, 0, 1);
            }
            case RejectDecoder.TEMPLATE_ID ->
            {
                reject.wrap(frame, body, checkBlock(RejectDecoder.BLOCK_LENGTH, blockLength), version);
                sbeLength = skipVar(body + blockLength, 1);
            }
            case DataDecoder.TEMPLATE_ID ->
            {
                data.wrap(frame, body, checkBlock(DataDecoder.BLOCK_LENGTH, blockLength), version);
                final int afterParts = skipGroup(body + blockLength, DataDecoder.PartsDecoder.sbeBlockLength(), 0);
                sbeLength = skipVar(skipGroup(afterParts, 0, 2), 2);
            }
            case HeartbeatDecoder.TEMPLATE_ID ->
            {
                heartbeat.wrap(frame, body, checkBlock(HeartbeatDecoder.BLOCK_LENGTH, blockLength), version);
                sbeLength = fixed(body + blockLength);
            }
            case ByeDecoder.TEMPLATE_ID ->
            {
                bye.wrap(frame, body, checkBlock(ByeDecoder.BLOCK_LENGTH, blockLength), version);
                sbeLength = fixed(body + blockLength);
            }
            case SubscriptionDecoder.TEMPLATE_ID ->
            {
                subscription.wrap(frame, body, checkBlock(SubscriptionDecoder.BLOCK_LENGTH, blockLength), version);
                sbeLength = skipVar(body + blockLength, 1);
            }
            default -> throw new MalformedFrameException("frame has unknown message type " + templateId);
        }
        return templateId;
    }

    /**
     * Walk a repeating group (uint16 block length, uint16 count, then entries of a fixed block
     * followed by {@code varFields} var-data fields), checking every length against the frame.
     */
    private int skipGroup(final int offset, final int entryBlockLength, final int varFields)
    {
        final int limit = fixed(offset + GROUP_HEADER_LENGTH);
        final int actualBlockLength = frame.getShort(offset, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int count = frame.getShort(offset + 2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (actualBlockLength != entryBlockLength)
        {
            throw new MalformedFrameException("frame has a group entry of " + actualBlockLength +
                " bytes where " + entryBlockLength + " are expected");
        }
        int cursor = limit;
        for (int i = 0; i < count; i++)
        {
            cursor = skipVar(fixed(cursor + entryBlockLength), varFields);
        }
        return cursor;
    }

    /**
     * Walk {@code fields} consecutive var-data fields (uint32 length + bytes).
     */
    private int skipVar(final int offset, final int fields)
    {
        int cursor = offset;
        for (int i = 0; i < fields; i++)
        {
            fixed(cursor + VAR_HEADER_LENGTH);
            final long length = frame.getInt(cursor, ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL;
            if (length > frame.capacity() - cursor - VAR_HEADER_LENGTH)
            {
                throw new MalformedFrameException("frame of " + frame.capacity() + " bytes is truncated: a " +
                    length + "-byte field at offset " + cursor + " runs past its end");
            }
            cursor += VAR_HEADER_LENGTH + (int)length;
        }
        return cursor;
    }

    private int fixed(final int end)
    {
        if (end > frame.capacity())
        {
            throw new MalformedFrameException("frame of " + frame.capacity() + " bytes is truncated: its fields need " +
                "at least " + end + " bytes");
        }
        return end;
    }

    private static int checkBlock(final int expected, final int actual)
    {
        if (actual != expected)
        {
            throw new MalformedFrameException(
                "frame block length is " + actual + " bytes, its message type needs " + expected);
        }
        return actual;
    }

    /**
     * @return the frame view the decoders are wrapped over; offsets are relative to the frame start.
     */
    public DirectBuffer frame()
    {
        return frame;
    }

    /**
     * @return the length of the SBE-encoded part of the frame; bytes after it are DATA attachments.
     */
    public int sbeLength()
    {
        return sbeLength;
    }

    /** @return the HELLO decoder, valid after {@link #read} returned its template id. */
    public HelloDecoder hello()
    {
        return hello;
    }

    /** @return the WELCOME decoder, valid after {@link #read} returned its template id. */
    public WelcomeDecoder welcome()
    {
        return welcome;
    }

    /** @return the REJECT decoder, valid after {@link #read} returned its template id. */
    public RejectDecoder reject()
    {
        return reject;
    }

    /** @return the DATA decoder, valid after {@link #read} returned its template id. */
    public DataDecoder data()
    {
        return data;
    }

    /** @return the HEARTBEAT decoder, valid after {@link #read} returned its template id. */
    public HeartbeatDecoder heartbeat()
    {
        return heartbeat;
    }

    /** @return the BYE decoder, valid after {@link #read} returned its template id. */
    public ByeDecoder bye()
    {
        return bye;
    }

    /** @return the SUBSCRIPTION decoder, valid after {@link #read} returned its template id. */
    public SubscriptionDecoder subscription()
    {
        return subscription;
    }
}
