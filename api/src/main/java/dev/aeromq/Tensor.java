package dev.aeromq;

import dev.aeromq.codec.WireTensor;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A typed n-dimensional array: an element type ({@link DType}), a shape, and its data — little-endian,
 * C order (row-major: the last dimension varies fastest). Any rank up to {@value #MAX_RANK}: rank 0 is
 * a scalar (one element), and a dimension may be 0 (an empty tensor). Its data is at most
 * {@code 2^31 - 1} bytes.
 * <p>
 * Send tensors by name beside a message's frames ({@link Message.Builder#tensor}); their data goes
 * to the peer as zero-copy attachments, gathered from where it lies. A received tensor keeps its type
 * and shape, and its data is 64-byte aligned direct memory (or the socket's {@link FrameAllocator}'s).
 * <p>
 * A tensor made by {@link #wrap} or {@link #of(byte[], long...)} is a view of the caller's memory, not
 * a copy: the caller must not change those bytes until the messages carrying it are sent. The other
 * factories copy the array into little-endian bytes. Immutable otherwise, and safe to share.
 */
public final class Tensor
{
    /** The most dimensions a tensor may have. */
    public static final int MAX_RANK = WireTensor.MAX_RANK;

    private static final int ALIGNMENT = 64;

    private final DType dtype;
    private final long[] shape;
    private final long elementCount;
    private final UnsafeBuffer data;

    private Tensor(final DType dtype, final long[] shape, final long elementCount, final UnsafeBuffer data)
    {
        this.dtype = dtype;
        this.shape = shape;
        this.elementCount = elementCount;
        this.data = data;
    }

    /**
     * @param data  the elements, C order; copied.
     * @param shape the dimensions, outermost first; none for a scalar.
     * @return an {@link DType#F32} tensor.
     * @throws IllegalArgumentException if the shape is invalid or its element count is not the array's length.
     */
    public static Tensor of(final float[] data, final long... shape)
    {
        final long count = checkCount(DType.F32, shape, Objects.requireNonNull(data, "data").length, "float[]");
        final byte[] bytes = new byte[data.length * Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(data);
        return new Tensor(DType.F32, shape.clone(), count, new UnsafeBuffer(bytes));
    }

    /**
     * @param data  the elements, C order; copied.
     * @param shape the dimensions, outermost first; none for a scalar.
     * @return an {@link DType#F64} tensor.
     * @throws IllegalArgumentException if the shape is invalid or its element count is not the array's length.
     */
    public static Tensor of(final double[] data, final long... shape)
    {
        final long count = checkCount(DType.F64, shape, Objects.requireNonNull(data, "data").length, "double[]");
        final byte[] bytes = new byte[data.length * Double.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().put(data);
        return new Tensor(DType.F64, shape.clone(), count, new UnsafeBuffer(bytes));
    }

    /**
     * @param data  the elements, C order; copied.
     * @param shape the dimensions, outermost first; none for a scalar.
     * @return an {@link DType#I32} tensor.
     * @throws IllegalArgumentException if the shape is invalid or its element count is not the array's length.
     */
    public static Tensor of(final int[] data, final long... shape)
    {
        final long count = checkCount(DType.I32, shape, Objects.requireNonNull(data, "data").length, "int[]");
        final byte[] bytes = new byte[data.length * Integer.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(data);
        return new Tensor(DType.I32, shape.clone(), count, new UnsafeBuffer(bytes));
    }

    /**
     * @param data  the elements, C order; copied.
     * @param shape the dimensions, outermost first; none for a scalar.
     * @return an {@link DType#I64} tensor.
     * @throws IllegalArgumentException if the shape is invalid or its element count is not the array's length.
     */
    public static Tensor of(final long[] data, final long... shape)
    {
        final long count = checkCount(DType.I64, shape, Objects.requireNonNull(data, "data").length, "long[]");
        final byte[] bytes = new byte[Math.multiplyExact(data.length, Long.BYTES)];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(data);
        return new Tensor(DType.I64, shape.clone(), count, new UnsafeBuffer(bytes));
    }

    /**
     * @param data  the elements, C order; used as it is, not copied.
     * @param shape the dimensions, outermost first; none for a scalar.
     * @return an {@link DType#I8} tensor viewing the array.
     * @throws IllegalArgumentException if the shape is invalid or its element count is not the array's length.
     */
    public static Tensor of(final byte[] data, final long... shape)
    {
        final long count = checkCount(DType.I8, shape, Objects.requireNonNull(data, "data").length, "byte[]");
        return new Tensor(DType.I8, shape.clone(), count, new UnsafeBuffer(data));
    }

    /**
     * A tensor over raw little-endian bytes, zero-copy: its data is the buffer's bytes from its position
     * on, exactly as many as the type and shape need (any bytes after them are not part of it). The
     * buffer's position, limit and byte order are not used otherwise and not changed.
     *
     * @param dtype the element type.
     * @param data  heap or direct; viewed, not copied.
     * @param shape the dimensions, outermost first; none for a scalar.
     * @return the tensor.
     * @throws IllegalArgumentException if the shape is invalid or the buffer has fewer bytes remaining
     *                                  than it needs.
     */
    public static Tensor wrap(final DType dtype, final ByteBuffer data, final long... shape)
    {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(data, "data");
        final long count = elementCount(shape);
        final int length = byteSize(dtype, shape, count);
        if (data.remaining() < length)
        {
            throw new IllegalArgumentException("buffer too short: shape " + Arrays.toString(shape) + " of " + dtype +
                " needs " + length + " bytes, the buffer has " + data.remaining() + " remaining");
        }
        return new Tensor(dtype, shape.clone(), count, new UnsafeBuffer(data, data.position(), length));
    }

    /**
     * A received tensor, over the memory its data was placed in.
     */
    static Tensor received(final WireTensor wire)
    {
        return new Tensor(DType.of(wire.type()), wire.shape(), elementCount(wire.shape()), wire);
    }

    /**
     * @param name the tensor's name in a message.
     * @return the tensor as a Data wire message carries it, over the same data.
     */
    WireTensor toWire(final String name)
    {
        if (data instanceof WireTensor wire && wire.name().equals(name))
        {
            return wire;
        }
        return new WireTensor(name, dtype.wire(), shape, data, 0, data.capacity());
    }

    /**
     * @return a tensor of the same type and shape over a copy of the data in 64-byte aligned direct memory.
     */
    Tensor copy()
    {
        final UnsafeBuffer copy = new UnsafeBuffer(BufferUtil.allocateDirectAligned(data.capacity(), ALIGNMENT));
        copy.putBytes(0, data, 0, data.capacity());
        return new Tensor(dtype, shape, elementCount, copy);
    }

    /**
     * @return the element type.
     */
    public DType dtype()
    {
        return dtype;
    }

    /**
     * @return a copy of the dimensions, outermost first; empty for a scalar.
     */
    public long[] shape()
    {
        return shape.clone();
    }

    /**
     * @return the number of dimensions: 0 for a scalar.
     */
    public int rank()
    {
        return shape.length;
    }

    /**
     * @return the number of elements: the product of the dimensions (1 for a scalar, 0 if any is 0).
     */
    public long elementCount()
    {
        return elementCount;
    }

    /**
     * @return the bytes of the data: {@link #elementCount()} times the type's {@link DType#byteSize()}.
     */
    public long byteSize()
    {
        return data.capacity();
    }

    /**
     * @return the data: exactly its bytes ({@code capacity()} is {@link #byteSize()}, data at index 0),
     * little-endian, C order; read it with {@code ByteOrder.LITTLE_ENDIAN} (for example
     * {@code data().getFloat(i * 4, ByteOrder.LITTLE_ENDIAN)}).
     */
    public DirectBuffer data()
    {
        return data;
    }

    /**
     * @return a copy of the elements of an {@link DType#F32} tensor.
     * @throws IllegalStateException for another type.
     */
    public float[] toFloatArray()
    {
        requireType("toFloatArray", DType.F32, DType.F32);
        final float[] array = new float[(int)elementCount];
        final ByteBuffer bytes = littleEndianBytes();
        if (bytes != null)
        {
            bytes.asFloatBuffer().get(array);
            return array;
        }
        for (int i = 0; i < array.length; i++)
        {
            array[i] = data.getFloat(i * Float.BYTES, ByteOrder.LITTLE_ENDIAN);
        }
        return array;
    }

    /**
     * @return a copy of the elements of an {@link DType#F64} tensor.
     * @throws IllegalStateException for another type.
     */
    public double[] toDoubleArray()
    {
        requireType("toDoubleArray", DType.F64, DType.F64);
        final double[] array = new double[(int)elementCount];
        final ByteBuffer bytes = littleEndianBytes();
        if (bytes != null)
        {
            bytes.asDoubleBuffer().get(array);
            return array;
        }
        for (int i = 0; i < array.length; i++)
        {
            array[i] = data.getDouble(i * Double.BYTES, ByteOrder.LITTLE_ENDIAN);
        }
        return array;
    }

    /**
     * @return a copy of the elements of an {@link DType#I32} tensor, or the bits of a {@link DType#U32} one.
     * @throws IllegalStateException for another type.
     */
    public int[] toIntArray()
    {
        requireType("toIntArray", DType.I32, DType.U32);
        final int[] array = new int[(int)elementCount];
        final ByteBuffer bytes = littleEndianBytes();
        if (bytes != null)
        {
            bytes.asIntBuffer().get(array);
            return array;
        }
        for (int i = 0; i < array.length; i++)
        {
            array[i] = data.getInt(i * Integer.BYTES, ByteOrder.LITTLE_ENDIAN);
        }
        return array;
    }

    /**
     * @return a copy of the elements of an {@link DType#I64} tensor, or the bits of a {@link DType#U64} one.
     * @throws IllegalStateException for another type.
     */
    public long[] toLongArray()
    {
        requireType("toLongArray", DType.I64, DType.U64);
        final long[] array = new long[(int)elementCount];
        final ByteBuffer bytes = littleEndianBytes();
        if (bytes != null)
        {
            bytes.asLongBuffer().get(array);
            return array;
        }
        for (int i = 0; i < array.length; i++)
        {
            array[i] = data.getLong(i * Long.BYTES, ByteOrder.LITTLE_ENDIAN);
        }
        return array;
    }

    /**
     * @return a copy of the raw little-endian bytes of the data, of any type: the elements themselves for
     * {@link DType#I8}, {@link DType#U8}, {@link DType#BOOL} and the 8-bit floats; the exact bits otherwise
     * (for {@link DType#F16} or {@link DType#BF16}, say, which Java has no array of).
     */
    public byte[] toByteArray()
    {
        final byte[] array = new byte[data.capacity()];
        data.getBytes(0, array);
        return array;
    }

    /**
     * Two tensors are equal when their types, shapes and data bytes are.
     */
    @Override
    public boolean equals(final Object o)
    {
        return this == o || o instanceof Tensor that && dtype == that.dtype && Arrays.equals(shape, that.shape) &&
            data.capacity() == that.data.capacity() && data.compareTo(that.data) == 0;
    }

    @Override
    public int hashCode()
    {
        return (dtype.hashCode() * 31 + Arrays.hashCode(shape)) * 31 + data.hashCode();
    }

    @Override
    public String toString()
    {
        return "Tensor{" + dtype + ", shape=" + Arrays.toString(shape) + ", " + data.capacity() + " bytes}";
    }

    private void requireType(final String method, final DType type, final DType alsoBits)
    {
        if (dtype != type && dtype != alsoBits)
        {
            throw new IllegalStateException(method + " needs a tensor of " + type +
                (alsoBits == type ? "" : " or " + alsoBits) + ", this one is " + dtype +
                ": read its raw little-endian bytes with data() or toByteArray()");
        }
    }

    /**
     * @return the data as a little-endian byte buffer (no copy), or null if it is not over an array or a
     * {@link ByteBuffer} (memory a {@link FrameAllocator} gave by address, say).
     */
    private ByteBuffer littleEndianBytes()
    {
        final int length = data.capacity();
        final byte[] array = data.byteArray();
        if (array != null)
        {
            return ByteBuffer.wrap(array, data.wrapAdjustment(), length).slice().order(ByteOrder.LITTLE_ENDIAN);
        }
        final ByteBuffer buffer = data.byteBuffer();
        if (buffer == null)
        {
            return null;
        }
        final ByteBuffer view = buffer.duplicate().clear();
        view.limit(data.wrapAdjustment() + length).position(data.wrapAdjustment());
        return view.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long checkCount(final DType dtype, final long[] shape, final int length, final String what)
    {
        final long count = elementCount(shape);
        if (count != length)
        {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has " + count +
                " element" + (count == 1 ? "" : "s") + " but the " + what + " has " + length +
                (shape.length == 0 ? " (no shape means a scalar: give the dimensions, e.g. " + length + ")" : ""));
        }
        byteSize(dtype, shape, count);
        return count;
    }

    /**
     * @return the product of the dimensions.
     * @throws IllegalArgumentException for a rank above the limit, a negative dimension or an element
     *                                  count that overflows a long.
     */
    private static long elementCount(final long[] shape)
    {
        Objects.requireNonNull(shape, "shape");
        if (shape.length > MAX_RANK)
        {
            throw new IllegalArgumentException("a tensor has at most " + MAX_RANK + " dimensions; this shape has " +
                shape.length);
        }
        long count = 1;
        boolean empty = false;
        boolean overflow = false;
        for (int d = 0; d < shape.length; d++)
        {
            final long size = shape[d];
            if (size < 0)
            {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + ": dimension " + d + " is " +
                    size + "; a dimension must be 0 or more");
            }
            empty |= size == 0;
            overflow |= Math.multiplyHigh(count, size) != 0 || count * size < 0;
            count = overflow ? count : count * size;
        }
        if (empty)
        {
            return 0;
        }
        if (overflow)
        {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) +
                ": its element count overflows a long");
        }
        return count;
    }

    private static int byteSize(final DType dtype, final long[] shape, final long count)
    {
        if (count > Integer.MAX_VALUE / dtype.byteSize())
        {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " of " + dtype + " needs " +
                count + " x " + dtype.byteSize() + " bytes; a tensor's data is at most " + Integer.MAX_VALUE +
                " bytes (2 GiB - 1)");
        }
        return (int)(count * dtype.byteSize());
    }
}
