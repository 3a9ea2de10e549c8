package dev.aeromq.codec;

import dev.aeromq.codec.sbe.AbortDecoder;
import dev.aeromq.codec.sbe.AttachedDecoder;
import dev.aeromq.codec.sbe.ByeDecoder;
import dev.aeromq.codec.sbe.ChunkDecoder;
import dev.aeromq.codec.sbe.DataDecoder;
import dev.aeromq.codec.sbe.HeartbeatDecoder;
import dev.aeromq.codec.sbe.HelloDecoder;
import dev.aeromq.codec.sbe.PrefixAckDecoder;
import dev.aeromq.codec.sbe.PrefixDecoder;
import dev.aeromq.codec.sbe.RejectDecoder;
import dev.aeromq.codec.sbe.WelcomeDecoder;

/**
 * The fixed rules a wire message of this version is held to before any of its fields is read: the
 * block length of each type, and the values an enum field may take.
 */
final class WireRules
{
    private WireRules()
    {
    }

    /**
     * @param templateId  the wire message's type.
     * @param blockLength the block length its header declares.
     * @return the block length, the one its type has.
     * @throws MalformedWireMessageException for an unknown type or another block length.
     */
    static int checkBlock(final int templateId, final int blockLength)
    {
        final int expected = switch (templateId)
        {
            case HelloDecoder.TEMPLATE_ID -> HelloDecoder.BLOCK_LENGTH;
            case WelcomeDecoder.TEMPLATE_ID -> WelcomeDecoder.BLOCK_LENGTH;
            case RejectDecoder.TEMPLATE_ID -> RejectDecoder.BLOCK_LENGTH;
            case DataDecoder.TEMPLATE_ID -> DataDecoder.BLOCK_LENGTH;
            case HeartbeatDecoder.TEMPLATE_ID -> HeartbeatDecoder.BLOCK_LENGTH;
            case ByeDecoder.TEMPLATE_ID -> ByeDecoder.BLOCK_LENGTH;
            case PrefixDecoder.TEMPLATE_ID -> PrefixDecoder.BLOCK_LENGTH;
            case ChunkDecoder.TEMPLATE_ID -> ChunkDecoder.BLOCK_LENGTH;
            case AbortDecoder.TEMPLATE_ID -> AbortDecoder.BLOCK_LENGTH;
            case PrefixAckDecoder.TEMPLATE_ID -> PrefixAckDecoder.BLOCK_LENGTH;
            case AttachedDecoder.TEMPLATE_ID -> AttachedDecoder.BLOCK_LENGTH;
            default -> throw new MalformedWireMessageException("wire message has unknown type " + templateId);
        };
        if (blockLength != expected)
        {
            throw new MalformedWireMessageException(
                "wire message block length is " + blockLength + " bytes, its type needs " + expected);
        }
        return blockLength;
    }

    /**
     * @param field what the field is, for the message.
     * @param raw   its value on the wire.
     * @param min   the smallest value that means something.
     * @param max   the largest.
     * @throws MalformedWireMessageException if the value is outside them.
     */
    static void checkEnum(final String field, final short raw, final short min, final short max)
    {
        if (raw < min || raw > max)
        {
            throw new MalformedWireMessageException("wire message has " + field + " " + raw + ", which means nothing");
        }
    }
}
