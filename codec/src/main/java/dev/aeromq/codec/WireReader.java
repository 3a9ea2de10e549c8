package dev.aeromq.codec;

import dev.aeromq.codec.sbe.AbortDecoder;
import dev.aeromq.codec.sbe.AttachedDecoder;
import dev.aeromq.codec.sbe.BooleanType;
import dev.aeromq.codec.sbe.ByeDecoder;
import dev.aeromq.codec.sbe.ChunkDecoder;
import dev.aeromq.codec.sbe.DataDecoder;
import dev.aeromq.codec.sbe.FanOutKind;
import dev.aeromq.codec.sbe.HeartbeatDecoder;
import dev.aeromq.codec.sbe.HelloDecoder;
import dev.aeromq.codec.sbe.MessageHeaderDecoder;
import dev.aeromq.codec.sbe.PrefixAckDecoder;
import dev.aeromq.codec.sbe.PrefixAction;
import dev.aeromq.codec.sbe.PrefixDecoder;
import dev.aeromq.codec.sbe.RejectDecoder;
import dev.aeromq.codec.sbe.WelcomeDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Validates an inbound wire message and wraps the matching decoder over it.
 * <p>
 * The decoders are wrapped over a view bounded to the wire message itself, so a corrupt length can
 * never read past its end into the rest of the term buffer: every group and var field is walked with
 * the generated decoders before anything else reads it, and a read out of bounds becomes a
 * {@link MalformedWireMessageException}.
 * <p>
 * The protocol version is checked here and only here. A wire message of another version is
 * malformed, except a Hello or a Reject: their leading fields never change (see the schema), so a
 * binder can refuse a connector of another version with a reason, and the connector can report it.
 * The caller tells by {@link #version()} != {@link #VERSION}.
 * <p>
 * One instance per thread that reads; reused, allocation free on the success path.
 */
public final class WireReader
{
    /** The protocol version this build speaks: the schema version. */
    public static final int VERSION = MessageHeaderDecoder.SCHEMA_VERSION;


    /** {@link #readPrefix} returns this when the header runs past the bytes given. */
    public static final int INCOMPLETE = -1;

    private final WireBounds bounds = new WireBounds();
    private final DataLayout dataLayout = new DataLayout();
    private final UnsafeBuffer view = bounds.view();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final HelloDecoder hello = new HelloDecoder();
    private final WelcomeDecoder welcome = new WelcomeDecoder();
    private final RejectDecoder reject = new RejectDecoder();
    private final DataDecoder data = new DataDecoder();
    private final HeartbeatDecoder heartbeat = new HeartbeatDecoder();
    private final ByeDecoder bye = new ByeDecoder();
    private final PrefixDecoder prefix = new PrefixDecoder();
    private final PrefixAckDecoder prefixAck = new PrefixAckDecoder();
    private final ChunkDecoder chunk = new ChunkDecoder();
    private final AbortDecoder abort = new AbortDecoder();
    private int version;
    private int sbeLength;

    /**
     * Check a wire message and wrap the decoder for its type.
     *
     * @param buffer holding the wire message.
     * @param offset at which it starts.
     * @param length of the wire message in bytes.
     * @return its template id, one of the {@code *Decoder.TEMPLATE_ID} constants.
     * @throws MalformedWireMessageException if it is not a well-formed AeroMQ wire message.
     */
    public int read(final DirectBuffer buffer, final int offset, final int length)
    {
        return readAny(buffer, offset, length, false);
    }

    /**
     * Check the start of a Data or Chunk wire message whose frames' bytes run on past the bytes given
     * (its first fragment): its header must be complete within them.
     *
     * @param buffer holding the start of the wire message.
     * @param offset at which it starts.
     * @param length of the bytes there so far.
     * @return its template id, or {@link #INCOMPLETE} if its header runs past them.
     * @throws MalformedWireMessageException if what is there is not the start of a well-formed one.
     */
    public int readPrefix(final DirectBuffer buffer, final int offset, final int length)
    {
        try
        {
            final int templateId = readAny(buffer, offset, length, true);
            if (templateId != DataDecoder.TEMPLATE_ID && templateId != ChunkDecoder.TEMPLATE_ID)
            {
                throw new MalformedWireMessageException("a wire message of type " + templateId +
                    " cannot carry frames' bytes");
            }
            return templateId;
        }
        catch (final WireBounds.Incomplete ex)
        {
            return INCOMPLETE;
        }
    }

    /**
     * @param buffer holding a wire message.
     * @param offset at which it starts.
     * @param length bytes there, at least the header's.
     * @return its template id as the header says, not yet validated.
     * @throws MalformedWireMessageException if there are fewer bytes than a header.
     */
    public static int templateId(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            throw new MalformedWireMessageException("wire message of " + length + " bytes is shorter than the " +
                MessageHeaderDecoder.ENCODED_LENGTH + "-byte AeroMQ header");
        }
        return buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(), ByteOrder.LITTLE_ENDIAN) &
            0xFFFF;
    }

    private int readAny(final DirectBuffer buffer, final int offset, final int length, final boolean prefixOnly)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            throw new MalformedWireMessageException("wire message of " + length + " bytes is shorter than the " +
                MessageHeaderDecoder.ENCODED_LENGTH + "-byte AeroMQ header");
        }
        bounds.wrap(buffer, offset, length, prefixOnly);
        header.wrap(view, 0);
        final int schemaId = header.schemaId();
        if (schemaId != MessageHeaderDecoder.SCHEMA_ID)
        {
            throw new MalformedWireMessageException("wire message has schema id " + schemaId +
                ", AeroMQ's is " + MessageHeaderDecoder.SCHEMA_ID);
        }
        version = header.version();
        final int templateId = header.templateId();
        try
        {
            sbeLength = version == VERSION ? walk(templateId, header.blockLength()) :
                walkOtherVersion(templateId, header.blockLength());
        }
        catch (final IndexOutOfBoundsException ex)
        {
            throw bounds.truncated(ex);
        }
        if (sbeLength > length)
        {
            throw bounds.truncated(null);
        }
        return templateId;
    }

    private int walk(final int templateId, final int blockLength)
    {
        final int body = MessageHeaderDecoder.ENCODED_LENGTH;
        // the fixed block is checked here, once, not left to Agrona's bounds checks, which may be off
        bounds.within(body + WireRules.checkBlock(templateId, blockLength));
        return switch (templateId)
        {
            case HelloDecoder.TEMPLATE_ID -> walkHello(blockLength);
            case WelcomeDecoder.TEMPLATE_ID -> walkWelcome(blockLength);
            case RejectDecoder.TEMPLATE_ID -> walkReject(blockLength);
            case DataDecoder.TEMPLATE_ID -> dataLayout.walk(data, bounds, blockLength, version);
            case HeartbeatDecoder.TEMPLATE_ID ->
            {
                heartbeat.wrap(view, body, blockLength, version);
                yield bounds.within(heartbeat.limit());
            }
            case ByeDecoder.TEMPLATE_ID ->
            {
                bye.wrap(view, body, blockLength, version);
                WireRules.checkEnum("Bye ack", bye.ackRaw(), BooleanType.FALSE.value(), BooleanType.TRUE.value());
                yield bounds.within(bye.limit());
            }
            case ChunkDecoder.TEMPLATE_ID ->
            {
                chunk.wrap(view, body, blockLength, version);
                if (chunk.bodyOffset() < 0)
                {
                    throw new MalformedWireMessageException("Chunk has a negative offset " + chunk.bodyOffset());
                }
                yield bounds.within(chunk.limit());
            }
            case AbortDecoder.TEMPLATE_ID ->
            {
                abort.wrap(view, body, blockLength, version);
                yield bounds.within(abort.limit());
            }
            case AttachedDecoder.TEMPLATE_ID -> bounds.within(body + blockLength);
            case PrefixDecoder.TEMPLATE_ID ->
            {
                prefix.wrap(view, body, blockLength, version);
                WireRules.checkEnum("Prefix action", prefix.actionRaw(), PrefixAction.ADD.value(),
                    PrefixAction.REMOVE.value());
                bounds.varAt(prefix.limit());
                bounds.nonNegative(prefix.skipPrefix());
                final int limit = bounds.within(prefix.limit());
                prefix.wrap(view, body, blockLength, version);
                yield limit;
            }
            case PrefixAckDecoder.TEMPLATE_ID ->
            {
                prefixAck.wrap(view, body, blockLength, version);
                yield bounds.within(prefixAck.limit());
            }
            default -> throw new MalformedWireMessageException("wire message has unknown type " + templateId);
        };
    }

    /**
     * Another version: only the frozen leading fields of a Hello or Reject are read, and only what
     * is needed to answer or report it.
     */
    private int walkOtherVersion(final int templateId, final int blockLength)
    {
        if (templateId == HelloDecoder.TEMPLATE_ID && blockLength >= HelloDecoder.BLOCK_LENGTH)
        {
            hello.wrap(view, MessageHeaderDecoder.ENCODED_LENGTH, blockLength, version);
            return bounds.within(MessageHeaderDecoder.ENCODED_LENGTH + blockLength);
        }
        if (templateId == RejectDecoder.TEMPLATE_ID && blockLength >= RejectDecoder.BLOCK_LENGTH)
        {
            return walkReject(blockLength);
        }
        throw new MalformedWireMessageException("wire message of protocol version " + version +
            " (type " + templateId + "); this AeroMQ speaks version " + VERSION);
    }

    private int walkHello(final int blockLength)
    {
        hello.wrap(view, MessageHeaderDecoder.ENCODED_LENGTH, blockLength, version);
        bounds.checkEntryBlock(hello.limit(), HelloDecoder.PrefixesDecoder.sbeBlockLength());
        for (final HelloDecoder.PrefixesDecoder entry : hello.prefixes())
        {
            bounds.varAt(hello.limit());
            bounds.nonNegative(entry.skipPrefix());
            bounds.within(hello.limit());
        }
        final int limit = bounds.within(hello.limit());
        hello.wrap(view, MessageHeaderDecoder.ENCODED_LENGTH, blockLength, version); // rewind for the caller
        return limit;
    }

    private int walkWelcome(final int blockLength)
    {
        welcome.wrap(view, MessageHeaderDecoder.ENCODED_LENGTH, blockLength, version);
        WireRules.checkEnum("Welcome fanOutKind", welcome.fanOutKindRaw(), FanOutKind.NONE.value(),
            FanOutKind.MULTICAST.value());
        WireRules.checkEnum("Welcome fanOutLossless", welcome.fanOutLosslessRaw(), BooleanType.FALSE.value(),
            BooleanType.TRUE.value());
        bounds.checkEntryBlock(welcome.limit(), WelcomeDecoder.PrefixesDecoder.sbeBlockLength());
        for (final WelcomeDecoder.PrefixesDecoder entry : welcome.prefixes())
        {
            bounds.varAt(welcome.limit());
            bounds.nonNegative(entry.skipPrefix());
            bounds.within(welcome.limit());
        }
        final int limit = bounds.within(welcome.limit());
        welcome.wrap(view, MessageHeaderDecoder.ENCODED_LENGTH, blockLength, version); // rewind for the caller
        return limit;
    }

    private int walkReject(final int blockLength)
    {
        reject.wrap(view, MessageHeaderDecoder.ENCODED_LENGTH, blockLength, version);
        bounds.varAt(reject.limit());
        bounds.nonNegative(reject.skipReason());
        final int limit = bounds.within(reject.limit());
        reject.wrap(view, MessageHeaderDecoder.ENCODED_LENGTH, blockLength, version);
        return limit;
    }

    /**
     * @return the protocol version of the last wire message read; other than {@link #VERSION} only
     * for a Hello or Reject.
     */
    public int version()
    {
        return version;
    }

    /**
     * @return the view the decoders are wrapped over; offsets are relative to the wire message's start.
     */
    public DirectBuffer buffer()
    {
        return view;
    }

    /**
     * @return the length of the SBE-encoded part; a Data's frames follow it.
     */
    public int sbeLength()
    {
        return sbeLength;
    }

    /**
     * @return the Hello decoder, positioned at its fixed block (read the prefixes group next).
     */
    public HelloDecoder hello()
    {
        return hello;
    }

    /**
     * @return the Welcome decoder, positioned at its fixed block.
     */
    public WelcomeDecoder welcome()
    {
        return welcome;
    }

    /**
     * @return the Reject decoder, positioned at its fixed block.
     */
    public RejectDecoder reject()
    {
        return reject;
    }

    /**
     * @return the Data decoder, positioned at its fixed block; {@link DataView} reads it.
     */
    public DataDecoder data()
    {
        return data;
    }

    /**
     * @return where the parts of the last Data lie, for {@link DataView}.
     */
    DataLayout dataLayout()
    {
        return dataLayout;
    }

    /**
     * @return the Heartbeat decoder.
     */
    public HeartbeatDecoder heartbeat()
    {
        return heartbeat;
    }

    /**
     * @return the Bye decoder.
     */
    public ByeDecoder bye()
    {
        return bye;
    }

    /**
     * @return the Chunk decoder.
     */
    public ChunkDecoder chunk()
    {
        return chunk;
    }

    /**
     * @return the Prefix decoder, positioned at its fixed block.
     */
    public PrefixDecoder prefix()
    {
        return prefix;
    }

    /**
     * @return the PrefixAck decoder.
     */
    public PrefixAckDecoder prefixAck()
    {
        return prefixAck;
    }

    /**
     * @return offset in {@link #buffer()} of a Prefix wire message's prefix bytes.
     */
    public int prefixOffset()
    {
        return MessageHeaderDecoder.ENCODED_LENGTH + PrefixDecoder.BLOCK_LENGTH + PrefixDecoder.prefixHeaderLength();
    }

    /**
     * @return length of a Prefix wire message's prefix bytes.
     */
    public int prefixLength()
    {
        return sbeLength - prefixOffset();
    }
}
