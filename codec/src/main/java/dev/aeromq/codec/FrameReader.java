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

/**
 * Validates an inbound frame and wraps the matching decoder over it.
 * <p>
 * The decoders are wrapped over a view bounded to the frame itself, so a corrupt length inside the
 * frame can never read past its end into the rest of the term buffer: it fails as a
 * {@link MalformedFrameException}. One instance per polling thread; reused, allocation free.
 */
public final class FrameReader
{
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
        final int bodyOffset = MessageHeaderDecoder.ENCODED_LENGTH;
        try
        {
            sbeLength = bodyOffset + switch (templateId)
            {
                case HelloDecoder.TEMPLATE_ID -> hello.wrap(frame, bodyOffset, checkBlock(
                    HelloDecoder.BLOCK_LENGTH, blockLength), version).sbeDecodedLength();
                case WelcomeDecoder.TEMPLATE_ID -> welcome.wrap(frame, bodyOffset, checkBlock(
                    WelcomeDecoder.BLOCK_LENGTH, blockLength), version).sbeDecodedLength();
                case RejectDecoder.TEMPLATE_ID -> reject.wrap(frame, bodyOffset, checkBlock(
                    RejectDecoder.BLOCK_LENGTH, blockLength), version).sbeDecodedLength();
                case DataDecoder.TEMPLATE_ID -> data.wrap(frame, bodyOffset, checkBlock(
                    DataDecoder.BLOCK_LENGTH, blockLength), version).sbeDecodedLength();
                case HeartbeatDecoder.TEMPLATE_ID -> heartbeat.wrap(frame, bodyOffset, checkBlock(
                    HeartbeatDecoder.BLOCK_LENGTH, blockLength), version).sbeDecodedLength();
                case ByeDecoder.TEMPLATE_ID -> bye.wrap(frame, bodyOffset, checkBlock(
                    ByeDecoder.BLOCK_LENGTH, blockLength), version).sbeDecodedLength();
                case SubscriptionDecoder.TEMPLATE_ID -> subscription.wrap(frame, bodyOffset, checkBlock(
                    SubscriptionDecoder.BLOCK_LENGTH, blockLength), version).sbeDecodedLength();
                default -> throw new MalformedFrameException("frame has unknown message type " + templateId);
            };
        }
        catch (final IndexOutOfBoundsException ex)
        {
            throw new MalformedFrameException(
                "frame of " + length + " bytes is truncated: a length inside it runs past its end");
        }
        if (sbeLength > length)
        {
            throw new MalformedFrameException(
                "frame of " + length + " bytes is truncated: its fields need " + sbeLength + " bytes");
        }
        return templateId;
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
