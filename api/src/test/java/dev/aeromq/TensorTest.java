package dev.aeromq;

import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Tensor} and {@link DType} on their own, and tensors in a built {@link Message}: construction,
 * conversions, validation errors (type and message), no communicator needed.
 */
class TensorTest
{
    @Test
    void dtypeByteSizes()
    {
        final Map<DType, Integer> sizes = Map.ofEntries(
            Map.entry(DType.BOOL, 1), Map.entry(DType.U8, 1), Map.entry(DType.I8, 1), Map.entry(DType.U16, 2),
            Map.entry(DType.I16, 2), Map.entry(DType.U32, 4), Map.entry(DType.I32, 4), Map.entry(DType.U64, 8),
            Map.entry(DType.I64, 8), Map.entry(DType.F16, 2), Map.entry(DType.BF16, 2), Map.entry(DType.F32, 4),
            Map.entry(DType.F64, 8), Map.entry(DType.F8_E4M3, 1), Map.entry(DType.F8_E5M2, 1));
        assertEquals(DType.values().length, sizes.size(), "every dtype has its size here");
        for (final DType type : DType.values())
        {
            assertEquals(sizes.get(type), type.byteSize(), type::toString);
            assertSame(type, DType.of(type.wire()), () -> type + " maps to its wire value and back");
        }
    }

    @Test
    void floatArrayRoundTripsLittleEndian()
    {
        final float[] data = { 1.5f, -0f, Float.NaN, Float.MIN_VALUE, Float.MAX_VALUE, -3.25f };
        final Tensor tensor = Tensor.of(data, 2, 3);

        assertEquals(DType.F32, tensor.dtype());
        assertArrayEquals(new long[]{ 2, 3 }, tensor.shape());
        assertEquals(2, tensor.rank());
        assertEquals(6, tensor.elementCount());
        assertEquals(24, tensor.byteSize());
        assertEquals(24, tensor.data().capacity());
        assertEquals(1.5f, tensor.data().getFloat(0, ByteOrder.LITTLE_ENDIAN));
        assertEquals(Float.floatToRawIntBits(1.5f), Integer.reverseBytes(tensor.data().getInt(0, ByteOrder.BIG_ENDIAN)),
            "the bytes are little-endian whatever the platform");
        assertArrayEquals(rawBits(data), rawBits(tensor.toFloatArray()), "exact bits, NaN and -0 included");
        data[0] = 99f;
        assertEquals(1.5f, tensor.toFloatArray()[0], "of(float[]) copies the array");
    }

    @Test
    void doubleIntLongAndByteArraysRoundTrip()
    {
        final double[] doubles = { Math.PI, -0.0, Double.NaN, 1e300 };
        assertArrayEquals(doubles, Tensor.of(doubles, 4).toDoubleArray());
        assertEquals(DType.F64, Tensor.of(doubles, 2, 2).dtype());
        assertEquals(Math.PI, Tensor.of(doubles, 4).data().getDouble(0, ByteOrder.LITTLE_ENDIAN));

        final int[] ints = { Integer.MIN_VALUE, -1, 0, 7, Integer.MAX_VALUE, 42 };
        assertArrayEquals(ints, Tensor.of(ints, 3, 2).toIntArray());
        assertEquals(DType.I32, Tensor.of(ints, 6).dtype());

        final long[] longs = { Long.MIN_VALUE, -1, 0, Long.MAX_VALUE };
        assertArrayEquals(longs, Tensor.of(longs, 1, 4).toLongArray());
        assertEquals(DType.I64, Tensor.of(longs, 4).dtype());

        final byte[] bytes = { -128, -1, 0, 1, 127, 5 };
        final Tensor i8 = Tensor.of(bytes, 2, 3);
        assertEquals(DType.I8, i8.dtype());
        assertArrayEquals(bytes, i8.toByteArray());
        bytes[0] = 9;
        assertEquals(9, i8.data().getByte(0), "of(byte[]) views the array, as Message.of(byte[]) does");
    }

    @Test
    void emptyArraysAndScalars()
    {
        final Tensor scalar = Tensor.of(new float[]{ 2.5f });
        assertEquals(0, scalar.rank());
        assertEquals(1, scalar.elementCount());
        assertArrayEquals(new long[0], scalar.shape());
        assertArrayEquals(new float[]{ 2.5f }, scalar.toFloatArray());

        final Tensor empty = Tensor.of(new double[0], 3, 0, 2);
        assertEquals(0, empty.elementCount());
        assertEquals(0, empty.byteSize());
        assertArrayEquals(new double[0], empty.toDoubleArray());
    }

    @Test
    void shapeIsACopy()
    {
        final long[] shape = { 2, 2 };
        final Tensor tensor = Tensor.of(new int[4], shape);
        shape[0] = 4;
        assertArrayEquals(new long[]{ 2, 2 }, tensor.shape(), "the factory copies the shape");
        tensor.shape()[1] = 9;
        assertArrayEquals(new long[]{ 2, 2 }, tensor.shape(), "shape() hands out a copy");
    }

    @Test
    void wrapViewsRawBytesFromThePositionZeroCopy()
    {
        for (final ByteBuffer buffer : List.of(ByteBuffer.allocate(20), ByteBuffer.allocateDirect(20)))
        {
            buffer.order(ByteOrder.BIG_ENDIAN); // ignored: the data is little-endian bytes
            buffer.putInt(4, Integer.reverseBytes(7)).putInt(8, Integer.reverseBytes(-8));
            buffer.position(4).limit(16);
            final Tensor tensor = Tensor.wrap(DType.I32, buffer, 2);

            assertArrayEquals(new int[]{ 7, -8 }, tensor.toIntArray(), buffer.isDirect() ? "direct" : "heap");
            buffer.putInt(4, Integer.reverseBytes(70));
            assertEquals(70, tensor.toIntArray()[0], "a view, not a copy");
            assertEquals(4, buffer.position(), "position untouched");
            assertEquals(16, buffer.limit(), "limit untouched");
            assertEquals(8, tensor.byteSize(), "only the bytes the shape needs");
        }
    }

    @Test
    void rawBitsOfHalfBrainAndEightBitFloatsAreKeptExactly()
    {
        final byte[] bits = new byte[256];
        for (int i = 0; i < bits.length; i++)
        {
            bits[i] = (byte)i; // every bit pattern, NaNs and subnormals included
        }
        assertArrayEquals(bits, Tensor.wrap(DType.F16, ByteBuffer.wrap(bits), 128).toByteArray());
        assertArrayEquals(bits, Tensor.wrap(DType.BF16, ByteBuffer.wrap(bits), 2, 64).toByteArray());
        assertArrayEquals(bits, Tensor.wrap(DType.F8_E4M3, ByteBuffer.wrap(bits), 256).toByteArray());
        assertArrayEquals(bits, Tensor.wrap(DType.F8_E5M2, ByteBuffer.wrap(bits), 16, 16).toByteArray());
    }

    @Test
    void unsignedTypesConvertToTheirBits()
    {
        final ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0, -1).putInt(4, 5);
        assertArrayEquals(new int[]{ -1, 5 }, Tensor.wrap(DType.U32, bytes, 2).toIntArray(), "0xFFFFFFFF as -1");
        assertArrayEquals(new long[]{ 0x5FFFFFFFFL }, Tensor.wrap(DType.U64, bytes, 1).toLongArray());
    }

    @Test
    void anArrayOfTheWrongTypeIsRefusedNamingBoth()
    {
        final Tensor half = Tensor.wrap(DType.F16, ByteBuffer.allocate(4), 2);

        final var ex = assertThrows(IllegalStateException.class, half::toFloatArray);
        assertMentions(ex, "toFloatArray", "F32", "F16", "toByteArray");
        assertMentions(assertThrows(IllegalStateException.class, half::toIntArray), "I32 or U32", "F16");
        assertMentions(assertThrows(IllegalStateException.class, half::toLongArray), "I64 or U64");
        assertMentions(assertThrows(IllegalStateException.class, half::toDoubleArray), "F64");
        assertEquals(4, half.toByteArray().length, "raw bytes of any type");
    }

    @Test
    void elementCountOtherThanTheDataLengthSaysBoth()
    {
        assertMentions(assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3)),
            "[2, 3]", "6 elements", "float[] has 5");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> Tensor.of(new int[3])),
            "[]", "1 element", "int[] has 3", "scalar", "e.g. 3");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> Tensor.of(new long[2], 3)),
            "long[] has 2");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> Tensor.of(new double[1], 0)),
            "0 elements", "double[] has 1");
        assertMentions(assertThrows(IllegalArgumentException.class, () -> Tensor.of(new byte[4], 5)),
            "byte[] has 4");
    }

    @Test
    void aNegativeDimensionIsNamed()
    {
        assertMentions(assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[6], 2, -3)),
            "[2, -3]", "dimension 1 is -3", "0 or more");
        assertMentions(assertThrows(IllegalArgumentException.class,
            () -> Tensor.wrap(DType.U8, ByteBuffer.allocate(1), -1)), "dimension 0 is -1");
    }

    @Test
    void aBufferTooShortSaysHowManyBytesEachWay()
    {
        final ByteBuffer buffer = ByteBuffer.allocate(30).position(10);
        assertMentions(assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(DType.F32, buffer, 2, 3)),
            "buffer too short", "[2, 3]", "F32", "needs 24 bytes", "20 remaining");
    }

    @Test
    void anOverflowingElementCountOrTooMuchDataIsRefused()
    {
        assertMentions(assertThrows(IllegalArgumentException.class,
            () -> Tensor.wrap(DType.U8, ByteBuffer.allocate(1), 1L << 32, 1L << 32)), "overflows a long");
        assertMentions(assertThrows(IllegalArgumentException.class,
            () -> Tensor.wrap(DType.F32, ByteBuffer.allocate(1), 1L << 29)), "at most 2147483647 bytes");
        assertEquals(0, Tensor.wrap(DType.U8, ByteBuffer.allocate(0), 1L << 40, 0, 1L << 40).elementCount(),
            "a zero dimension makes it empty, however large the others");
    }

    @Test
    void aRankAboveTheLimitIsRefused()
    {
        final long[] shape = new long[Tensor.MAX_RANK + 1];
        Arrays.fill(shape, 1);
        assertMentions(assertThrows(IllegalArgumentException.class, () -> Tensor.of(new int[1], shape)),
            "at most 32 dimensions", "has 33");
        assertEquals(32, Tensor.of(new int[1], Arrays.copyOf(shape, 32)).rank());
    }

    @Test
    void nullArgumentsAreNamed()
    {
        assertMentions(assertThrows(NullPointerException.class, () -> Tensor.of((float[])null, 1)), "data");
        assertMentions(assertThrows(NullPointerException.class, () -> Tensor.of(new float[1], (long[])null)),
            "shape");
        assertMentions(assertThrows(NullPointerException.class, () -> Tensor.wrap(null, ByteBuffer.allocate(1))),
            "dtype");
    }

    @Test
    void equalityIsTypeShapeAndBytes()
    {
        final Tensor a = Tensor.of(new int[]{ 1, 2, 3, 4 }, 2, 2);
        assertEquals(a, Tensor.of(new int[]{ 1, 2, 3, 4 }, 2, 2));
        assertEquals(a.hashCode(), Tensor.of(new int[]{ 1, 2, 3, 4 }, 2, 2).hashCode());
        assertEquals(a, Tensor.wrap(DType.I32, ByteBuffer.wrap(a.toByteArray()), 2, 2), "heap copy or wrapped view");
        assertNotEquals(a, Tensor.of(new int[]{ 1, 2, 3, 4 }, 4));
        assertNotEquals(a, Tensor.wrap(DType.U32, ByteBuffer.wrap(a.toByteArray()), 2, 2));
        assertNotEquals(a, Tensor.of(new int[]{ 1, 2, 3, 5 }, 2, 2));
        assertEquals("Tensor{I32, shape=[2, 2], 16 bytes}", a.toString());
    }

    @Test
    void messageTensorsKeepInsertionOrderAndCountInTheSize()
    {
        final Message message = Message.builder().frame("f")
            .tensor("z", Tensor.of(new float[2], 2))
            .tensor("a", Tensor.of(new int[1]))
            .tensor("m", Tensor.of(new byte[3], 3))
            .build();

        assertEquals(List.of("z", "a", "m"), List.copyOf(message.tensors().keySet()));
        assertEquals(DType.I32, message.tensor("a").dtype());
        assertEquals(1 + 8 + 4 + 3, message.size(), "frames and tensor data together");
        assertEquals(message.tensors(), message.withTopic("t").tensors());
        assertThrows(UnsupportedOperationException.class, () -> message.tensors().put("x", Tensor.of(new int[1])));
        assertTrue(message.toString().contains("tensors="), message::toString);
    }

    @Test
    void anUnknownTensorNameFailsNamingIt()
    {
        final Message message = Message.builder().tensor("weights", Tensor.of(new float[1])).build();

        final var ex = assertThrows(NoSuchElementException.class, () -> message.tensor("bias"));
        assertMentions(ex, "'bias'", "[weights]");
        assertMentions(assertThrows(NoSuchElementException.class, () -> Message.of("x").tensor("w")), "'w'", "[]");
    }

    @Test
    void aDuplicateTensorNameIsRefused()
    {
        final var builder = Message.builder().tensor("w", Tensor.of(new float[1]));

        assertMentions(assertThrows(IllegalArgumentException.class, () -> builder.tensor("w", Tensor.of(new int[1]))),
            "'w'", "unique");
    }

    @Test
    void copyOwnsAlignedTensorData()
    {
        final Tensor original = Tensor.of(new float[]{ 1, 2, 3 }, 3);
        final Message message = Message.builder().frame("f").tensor("t", original).build();

        final Message copy = message.copy();
        assertEquals(message, copy);
        final DirectBuffer data = copy.tensor("t").data();
        assertEquals(0, data.addressOffset() % 64, "copied tensor data is 64-byte aligned");
        assertSame(copy, copy.copy(), "a copy owns its bytes");
    }

    private static int[] rawBits(final float[] values)
    {
        final int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++)
        {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    private static void assertMentions(final Throwable ex, final String... words)
    {
        for (final String word : words)
        {
            assertTrue(ex.getMessage() != null && ex.getMessage().contains(word),
                () -> "'" + ex.getMessage() + "' does not mention " + word);
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void everyDTypeWrapsAndReportsItsByteSize(final DType type)
    {
        final Tensor tensor = Tensor.wrap(type, ByteBuffer.allocate(6 * type.byteSize()), 2, 3);
        assertEquals(6L * type.byteSize(), tensor.byteSize());
        assertEquals(type, tensor.dtype());
    }
}
