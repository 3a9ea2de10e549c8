package dev.aeromq.transport;

import io.aeron.logbuffer.FrameDescriptor;

import java.util.HexFormat;

/**
 * One fragment of a peer's stream as Aeron hands it to a socket: its payload and its flags.
 *
 * @param flags Aeron's begin and end flags.
 * @param bytes the payload.
 */
record Fragment(byte flags, byte[] bytes)
{
    /** Begin and end: a whole wire message. */
    static final byte WHOLE = FrameDescriptor.UNFRAGMENTED;

    /** The first fragment of a wire message. */
    static final byte BEGIN = FrameDescriptor.BEGIN_FRAG_FLAG;

    /** The last fragment of a wire message. */
    static final byte END = FrameDescriptor.END_FRAG_FLAG;

    /** A fragment in the middle of a wire message. */
    static final byte MIDDLE = 0;

    /**
     * @return true if it begins a wire message.
     */
    boolean begins()
    {
        return (flags & BEGIN) != 0;
    }

    /**
     * @return true if it ends a wire message.
     */
    boolean ends()
    {
        return (flags & END) != 0;
    }

    @Override
    public String toString()
    {
        final String kind = begins() ? (ends() ? "whole" : "begin") : (ends() ? "end" : "middle");
        final int shown = Math.min(bytes.length, 24);
        return kind + "(" + bytes.length + ": " + HexFormat.of().formatHex(bytes, 0, shown) +
            (shown < bytes.length ? "..." : "") + ")";
    }
}
