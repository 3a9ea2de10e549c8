package dev.aeromq.codec;

import dev.aeromq.codec.sbe.DataDecoder;
import dev.aeromq.codec.sbe.GroupSizeEncodingDecoder;
import dev.aeromq.codec.sbe.VarDataEncodingDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * The view a {@link WireReader} walks one wire message through, bounded to that wire message, and the
 * checks that keep every read inside it: a corrupt length becomes a {@link MalformedWireMessageException}
 * (or, for a header still arriving, {@link Incomplete}) before anything reads past the end.
 * <p>
 * One per reader; not thread safe.
 */
final class WireBounds
{
    /** The longest var field the schema allows. */
    private static final int MAX_VAR_LENGTH = (int)VarDataEncodingDecoder.lengthMaxValue();
    private static final int VAR_HEADER_LENGTH = DataDecoder.topicHeaderLength();

    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    static
    {
        // checkEntryBlock reads the group header as one little-endian int: block length low, count high
        if (GroupSizeEncodingDecoder.blockLengthEncodingOffset() != 0 ||
            GroupSizeEncodingDecoder.numInGroupEncodingOffset() != 2 ||
            GroupSizeEncodingDecoder.blockLengthEncodingLength() != 2 ||
            GroupSizeEncodingDecoder.numInGroupEncodingLength() != 2)
        {
            throw new IllegalStateException("the schema's group header is not two uint16: update WireBounds");
        }
    }

    private boolean prefixOnly;

    /**
     * @return the bounded view; the same object for the reader's life.
     */
    UnsafeBuffer view()
    {
        return view;
    }

    /**
     * Bound the view to the next wire message.
     *
     * @param buffer     holding it.
     * @param offset     where it starts.
     * @param length     its bytes (so far, when {@code prefixOnly}).
     * @param prefixOnly true when only its start is there: running past the end is {@link Incomplete}, not
     *                   malformed.
     */
    void wrap(final DirectBuffer buffer, final int offset, final int length, final boolean prefixOnly)
    {
        view.wrap(buffer, offset, length);
        this.prefixOnly = prefixOnly;
    }

    /**
     * @param limit an offset the walk reached.
     * @return the limit, if within the view.
     */
    int within(final int limit)
    {
        if (limit < 0 || limit > view.capacity())
        {
            throw truncated(null);
        }
        return limit;
    }

    /**
     * A var field's length must be within the view before it is read.
     *
     * @param limit where the var field starts.
     */
    void varAt(final int limit)
    {
        within(limit + VAR_HEADER_LENGTH);
    }

    /**
     * The generated decoders read a uint32 length as a signed int: one with its top bit set comes back
     * negative and would walk backwards.
     *
     * @param length a var field's length, as decoded.
     * @return it, if it may be skipped.
     */
    int nonNegative(final int length)
    {
        if (length < 0 || length > MAX_VAR_LENGTH)
        {
            throw new MalformedWireMessageException("wire message of " + view.capacity() + " bytes is truncated: " +
                "a field of " + Integer.toUnsignedString(length) + " bytes runs past its end");
        }
        return length;
    }

    /**
     * A group's entries must have the block length this version encodes: the walk steps by it.
     *
     * @param groupOffset where the group's header starts.
     * @param expected    the block length of its entries.
     * @return the number of entries the header declares.
     */
    int checkEntryBlock(final int groupOffset, final int expected)
    {
        within(groupOffset + GroupSizeEncodingDecoder.ENCODED_LENGTH);
        // both uint16 of the header (block length, then count) in one read: this runs for every group of every message
        final int header = view.getInt(groupOffset, ByteOrder.LITTLE_ENDIAN);
        final int actual = header & 0xFFFF;
        if (actual != expected)
        {
            throw new MalformedWireMessageException("wire message has group entries of " + actual +
                " bytes where " + expected + " are expected");
        }
        return header >>> 16;
    }

    /**
     * @param cause Agrona's bounds check that tripped, or null.
     * @return what to throw for a walk that ran past the view.
     */
    RuntimeException truncated(final IndexOutOfBoundsException cause)
    {
        if (prefixOnly)
        {
            return Incomplete.INSTANCE;
        }
        return new MalformedWireMessageException("wire message of " + view.capacity() +
            " bytes is truncated: its fields run past its end", cause);
    }

    /**
     * A header that runs past the bytes given: not an error, just not there yet.
     */
    static final class Incomplete extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
        private static final Incomplete INSTANCE = new Incomplete();

        private Incomplete()
        {
            super("incomplete", null, false, false);
        }
    }
}
