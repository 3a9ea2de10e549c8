package dev.aeromq.codec;

import dev.aeromq.codec.sbe.TensorType;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A tensor as a Data wire message carries it: its name, element type and shape go into the header's
 * tensors group, its data into the body after the frames' bytes (see the schema). It is itself a view
 * of exactly the data (capacity = its length): a sender puts it among a message's parts, after the
 * frames, and the data is gathered from where it lies like a frame's bytes; a receiver gets one over
 * the memory the data was placed in.
 * <p>
 * Immutable apart from the bytes it views.
 */
public final class WireTensor extends UnsafeBuffer
{
    /** The most dimensions a tensor may have: a sanity bound, far above any real model's. */
    public static final int MAX_RANK = 32;

    private final String name;
    private final byte[] nameBytes;
    private final TensorType type;
    private final long[] shape;

    /**
     * @param name   the tensor's name in its message.
     * @param type   its element type.
     * @param shape  its dimensions, outermost first; kept, not copied (the caller must not change it).
     * @param data   holding its data, little-endian, C order.
     * @param offset where the data starts in {@code data}.
     * @param length of the data in bytes: the elements times {@link #elementSize(TensorType)}.
     */
    public WireTensor(
        final String name,
        final TensorType type,
        final long[] shape,
        final DirectBuffer data,
        final int offset,
        final int length)
    {
        super(data, offset, length);
        this.name = name;
        this.nameBytes = name.getBytes(StandardCharsets.UTF_8);
        this.type = type;
        this.shape = shape;
    }

    /**
     * @param type an element type.
     * @return the bytes one element takes.
     * @throws IllegalArgumentException for {@link TensorType#NULL_VAL}.
     */
    public static int elementSize(final TensorType type)
    {
        return switch (type)
        {
            case BOOL, U8, I8, F8_E4M3, F8_E5M2 -> 1;
            case U16, I16, F16, BF16 -> 2;
            case U32, I32, F32 -> 4;
            case U64, I64, F64 -> 8;
            default -> throw new IllegalArgumentException("no element type: " + type);
        };
    }

    /**
     * @return the tensor's name in its message.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the name's UTF-8 bytes, as written on the wire (not a copy: do not change).
     */
    byte[] nameBytes()
    {
        return nameBytes;
    }

    /**
     * @return the element type.
     */
    public TensorType type()
    {
        return type;
    }

    /**
     * @return the dimensions, outermost first (not a copy: do not change).
     */
    public long[] shape()
    {
        return shape;
    }

    @Override
    public String toString()
    {
        return "WireTensor{'" + name + "', " + type + ", shape=" + Arrays.toString(shape) + ", " + capacity() +
            " bytes}";
    }
}
