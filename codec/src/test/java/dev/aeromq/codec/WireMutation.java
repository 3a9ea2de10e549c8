package dev.aeromq.codec;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * One change to a valid wire message. The two numbers pick where and what, so jqwik can shrink a
 * failing sequence of mutations towards fewer and simpler ones.
 *
 * @param kind  what is changed.
 * @param where picks the field, the offset or the length (taken modulo what there is).
 * @param what  picks the value written.
 */
record WireMutation(Kind kind, int where, int what)
{
    /** 1 GiB: the largest var field length the schema allows. */
    static final long GIB = 1L << 30;

    /** Ways to change a wire message. */
    enum Kind
    {
        /** Write an interesting value into one of its fields (a length, a count, a header field...). */
        FIELD,
        /** Write an interesting value of 1, 2, 4 or 8 bytes at any offset. */
        ANYWHERE,
        /** Cut it short. */
        TRUNCATE,
        /** Append bytes. */
        EXTEND,
        /** Flip one bit. */
        FLIP
    }

    /**
     * @param message the bytes so far (a valid wire message before the first mutation).
     * @param fields  the fields of the valid wire message they started as.
     * @return the bytes after this mutation, and what it did.
     */
    WireInput apply(final WireInput message, final List<WireFields.Field> fields)
    {
        final byte[] bytes = message.bytes();
        return switch (kind)
        {
            case FIELD ->
            {
                if (fields.isEmpty())
                {
                    yield message;
                }
                final WireFields.Field field = fields.get(where % fields.size());
                yield write(message, field.offset(), field.width(), field.name());
            }
            case ANYWHERE -> bytes.length == 0 ? message :
                write(message, where % bytes.length, 1 << ((what >>> 8) & 3), "bytes");
            case TRUNCATE ->
            {
                final int length = where % (bytes.length + 1);
                yield new WireInput(message.origin() + ", cut to " + length, Arrays.copyOf(bytes, length));
            }
            case EXTEND ->
            {
                final byte[] longer = Arrays.copyOf(bytes, bytes.length + 1 + where % 64);
                Arrays.fill(longer, bytes.length, longer.length, (byte)what);
                yield new WireInput(message.origin() + ", extended to " + longer.length, longer);
            }
            case FLIP ->
            {
                if (bytes.length == 0)
                {
                    yield message;
                }
                final byte[] flipped = bytes.clone();
                flipped[where % bytes.length] ^= (byte)(1 << (what & 7));
                yield new WireInput(message.origin() + ", bit flipped at " + where % bytes.length, flipped);
            }
        };
    }

    private WireInput write(final WireInput message, final int offset, final int width, final String name)
    {
        final byte[] bytes = message.bytes().clone();
        final long value = interesting(bytes.length, offset, width);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final int fits = Math.min(width, bytes.length - offset);
        final UnsafeBuffer encoded = new UnsafeBuffer(new byte[8]);
        encoded.putLong(0, value, ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < fits; i++)
        {
            buffer.putByte(offset + i, encoded.getByte(i));
        }
        return new WireInput(message.origin() + ", " + name + " at " + offset + " = " + value +
            " (0x" + Long.toHexString(value) + ")", bytes);
    }

    /**
     * Values that break lengths and counts: the extremes of each width, 1 GiB around the schema's
     * limit, the exact bytes left, one more, minus the offset (a limit walked back to the start), small
     * numbers such as template ids and versions, and anything.
     */
    private long interesting(final int length, final int offset, final int width)
    {
        final long mask = width == 8 ? -1L : (1L << (width * 8)) - 1;
        final long left = length - offset - width;
        final long value = switch (Math.floorMod(what, 16))
        {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> -1;
            case 3 -> mask >>> 1;
            case 4 -> ~(mask >>> 1);
            case 5 -> GIB;
            case 6 -> GIB + 1;
            case 7 -> 0x7FFF_FFFFL;
            case 8 -> 0x8000_0000L;
            case 9 -> left;
            case 10 -> left + 1;
            case 11 -> -(offset + width);
            case 12 -> length;
            case 13 -> 0xFFFF;
            case 14 -> (what >>> 4) % 12;
            default -> what;
        };
        return value & mask;
    }
}
