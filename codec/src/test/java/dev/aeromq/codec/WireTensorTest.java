package dev.aeromq.codec;

import dev.aeromq.codec.sbe.DataDecoder;
import dev.aeromq.codec.sbe.TensorType;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.aeromq.codec.WireSamples.HEADER;
import static dev.aeromq.codec.WireSamples.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Tensors in a Data wire message: written by {@link WireWriter} from {@link WireTensor} parts after the
 * frames, read back by {@link WireReader} and {@link DataView}; every way a peer can get one wrong is
 * malformed, never read as something else.
 */
class WireTensorTest
{
    private static final int OFFSET = 29;
    private static final byte FILL = (byte)0x5A;
    /** Where a Data with no frames and no metadata has its first tensor entry. */
    private static final int FIRST_TENSOR = HEADER + DataDecoder.BLOCK_LENGTH +
        DataDecoder.FramesDecoder.sbeHeaderSize() + DataDecoder.MetadataDecoder.sbeHeaderSize() +
        DataDecoder.TensorsDecoder.sbeHeaderSize();
    private static final int DTYPE_AT = FIRST_TENSOR + 8;
    private static final int DIMS_AT = FIRST_TENSOR + DataDecoder.TensorsDecoder.sbeBlockLength();

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * 1024]);
    private final WireWriter writer = new WireWriter();
    private final WireReader reader = new WireReader();
    private final DataView view = new DataView();

    @BeforeEach
    void fill()
    {
        buffer.setMemory(0, buffer.capacity(), FILL);
    }

    @Test
    void tensorsRoundTripBesideFramesMetadataAndTopic()
    {
        final WireTensor weights = tensor("w", TensorType.F32, new long[]{ 2, 3 }, 24);
        final WireTensor scalar = tensor("ü", TensorType.I8, new long[0], 1);
        final WireTensor empty = tensor("", TensorType.F16, new long[]{ 0, 5 }, 0);
        final WireTensor deep = tensor("deep", TensorType.U8, new long[]{ 1, 1, 1, 1, 1, 1, 1, 1, 2 }, 2);
        final DirectBuffer[] parts = {
            new UnsafeBuffer(bytes("abc")), new UnsafeBuffer(new byte[0]), new UnsafeBuffer(bytes("de")),
            weights, scalar, empty, deep };
        final Map<String, String> metadata = WireSamples.metadata("k", "v");
        final byte[] topic = bytes("t.ü");

        final int length = writeData(parts, metadata, topic);

        assertEquals(DataDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        view.wrap(reader);
        assertEquals(WireWriter.dataHeaderLength(parts, metadata, topic.length), reader.sbeLength(),
            "dataHeaderLength agrees with dataHeader");
        assertEquals(3, view.frameCount());
        assertEquals(4, view.tensorCount());
        assertEquals(7, view.partCount());
        assertEquals(5 + 24 + 1 + 0 + 2, view.bodyLength());
        assertTrue(view.isWhole());
        assertEquals("t.ü", view.topic());
        assertEquals(metadata, view.metadata());
        final WireTensor[] tensors = { weights, scalar, empty, deep };
        for (int t = 0; t < tensors.length; t++)
        {
            assertEquals(tensors[t].name(), view.tensorName(t));
            assertEquals(tensors[t].type(), view.tensorType(t));
            assertArrayEquals(tensors[t].shape(), view.tensorShape(t));
            assertEquals(tensors[t].capacity(), view.tensorDataLength(t));
            final int part = view.frameCount() + t;
            assertEquals(tensors[t].capacity(), view.partLength(part));
            final byte[] sent = new byte[tensors[t].capacity()];
            tensors[t].getBytes(0, sent);
            final byte[] read = new byte[view.partLength(part)];
            view.buffer().getBytes(view.partOffset(part), read);
            assertArrayEquals(sent, read, () -> "data of " + view.tensorName(0));
        }
        final byte[] frame = new byte[2];
        view.buffer().getBytes(view.frameOffset(2), frame);
        assertArrayEquals(bytes("de"), frame, "frames come first in the body");
    }

    @ParameterizedTest
    @EnumSource(value = TensorType.class, names = "NULL_VAL", mode = EnumSource.Mode.EXCLUDE)
    void everyTypeRoundTripsWithItsElementSize(final TensorType type)
    {
        final int size = WireTensor.elementSize(type);
        final int length = writeData(new DirectBuffer[]{ tensor("x", type, new long[]{ 3 }, 3 * size) });

        reader.read(buffer, OFFSET, length);
        view.wrap(reader);
        assertEquals(type, view.tensorType(0));
        assertEquals(3 * size, view.tensorDataLength(0));
        final WireTensor received = view.tensor(0, view.buffer(), view.partOffset(0));
        assertEquals("x", received.name());
        assertEquals(type, received.type());
        assertArrayEquals(new long[]{ 3 }, received.shape());
        assertEquals(3 * size, received.capacity());
    }

    @Test
    void elementSizesAreTheSchemasDocumentedOnes()
    {
        assertEquals(1, WireTensor.elementSize(TensorType.BOOL));
        assertEquals(1, WireTensor.elementSize(TensorType.F8_E4M3));
        assertEquals(1, WireTensor.elementSize(TensorType.F8_E5M2));
        assertEquals(2, WireTensor.elementSize(TensorType.BF16));
        assertEquals(2, WireTensor.elementSize(TensorType.F16));
        assertEquals(4, WireTensor.elementSize(TensorType.U32));
        assertEquals(8, WireTensor.elementSize(TensorType.U64));
        assertEquals(8, WireTensor.elementSize(TensorType.F64));
        assertThrows(IllegalArgumentException.class, () -> WireTensor.elementSize(TensorType.NULL_VAL));
    }

    @Test
    void aFrameAfterATensorIsRefusedBeforeAnythingIsWritten()
    {
        final DirectBuffer[] parts = { tensor("a", TensorType.U8, new long[]{ 1 }, 1), new UnsafeBuffer(new byte[1]) };

        final var ex = assertThrows(IllegalArgumentException.class, () -> WireWriter.frameCount(parts));
        assertTrue(ex.getMessage().contains("frames must precede its tensors"), ex.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> writer.dataHeader(buffer, OFFSET, 0, parts, Map.of(), new byte[0]));
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 16, 17, 100, 254, 255 })
    void anUnknownDtypeIsMalformedNeverGuessed(final int code)
    {
        final int length = writeData(new DirectBuffer[]{ tensor("x", TensorType.F32, new long[]{ 1 }, 4) });
        buffer.putByte(OFFSET + DTYPE_AT, (byte)code);

        assertMalformed(length, "unknown dtype " + code);
    }

    @Test
    void aRankAboveTheLimitIsMalformed()
    {
        final long[] shape = new long[WireTensor.MAX_RANK + 1];
        Arrays.fill(shape, 1);
        assertMalformed(writeData(new DirectBuffer[]{ tensor("x", TensorType.U8, shape, 1) }),
            "rank " + (WireTensor.MAX_RANK + 1), "limit of " + WireTensor.MAX_RANK);

        fill();
        final long[] atLimit = new long[WireTensor.MAX_RANK];
        Arrays.fill(atLimit, 1);
        final int length = writeData(new DirectBuffer[]{ tensor("x", TensorType.U8, atLimit, 1) });
        reader.read(buffer, OFFSET, length);
        assertEquals(WireTensor.MAX_RANK, view.wrap(reader).tensorShape(0).length);
    }

    @Test
    void aNegativeDimensionIsMalformed()
    {
        assertMalformed(writeData(new DirectBuffer[]{ tensor("x", TensorType.U8, new long[]{ 2, -3 }, 0) }),
            "negative dimension -3");
    }

    @Test
    void dataLengthOtherThanTheShapeNeedsIsMalformedNamingBoth()
    {
        assertMalformed(writeData(new DirectBuffer[]{ tensor("w", TensorType.F32, new long[]{ 3 }, 8) }),
            "'w'", "F32", "[3]", "8 bytes", "needs 12");
    }

    @Test
    void anElementCountThatOverflowsIsMalformedNotWrappedToZero()
    {
        // 2^32 x 2^32 wraps to 0 in a long: read naively, 0 bytes of data would "match"
        assertMalformed(writeData(new DirectBuffer[]{
            tensor("x", TensorType.U8, new long[]{ 1L << 32, 1L << 32 }, 0) }), "at most");
        fill();
        assertMalformed(writeData(new DirectBuffer[]{
            tensor("x", TensorType.F64, new long[]{ 1L << 61 }, 0) }), "at most");
    }

    @Test
    void aZeroDimensionMakesAnEmptyTensorWhateverTheOthers()
    {
        final int length = writeData(new DirectBuffer[]{
            tensor("x", TensorType.F32, new long[]{ Long.MAX_VALUE, 0, Long.MAX_VALUE }, 0) });
        reader.read(buffer, OFFSET, length);
        assertEquals(0, view.wrap(reader).tensorDataLength(0));
    }

    @Test
    void dataOfTwoGibibytesOrMoreIsMalformed()
    {
        final int length = writeData(new DirectBuffer[]{ tensor("x", TensorType.U8, new long[]{ 1L << 31 }, 0) });
        buffer.putLong(OFFSET + FIRST_TENSOR, 1L << 31, ByteOrder.LITTLE_ENDIAN);

        assertMalformed(length, "at most " + Integer.MAX_VALUE);
    }

    @Test
    void dimsEntriesOfAnotherBlockLengthAreMalformed()
    {
        final int length = writeData(new DirectBuffer[]{ tensor("x", TensorType.U8, new long[]{ 1 }, 1) });
        buffer.putShort(OFFSET + DIMS_AT, (short)4, ByteOrder.LITTLE_ENDIAN);

        final var ex = assertThrows(MalformedWireMessageException.class, () -> reader.read(buffer, OFFSET, length));
        assertTrue(ex.getMessage().contains("group entries of 4 bytes where 8"), ex.getMessage());
    }

    @Test
    void dimsOrANameRunningPastTheEndAreMalformed()
    {
        final int length = writeData(new DirectBuffer[]{ tensor("name", TensorType.U8, new long[]{ 1 }, 1) });
        buffer.putShort(OFFSET + DIMS_AT + 2, (short)200, ByteOrder.LITTLE_ENDIAN);
        assertThrows(MalformedWireMessageException.class, () -> reader.read(buffer, OFFSET, length));

        fill();
        writeData(new DirectBuffer[]{ tensor("name", TensorType.U8, new long[]{ 1 }, 1) });
        final int nameAt = DIMS_AT + DataDecoder.TensorsDecoder.DimsDecoder.sbeHeaderSize() + 8;
        assertEquals(4, buffer.getInt(OFFSET + nameAt, ByteOrder.LITTLE_ENDIAN), "the name is where expected");
        for (final int bad : new int[]{ 1000, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF })
        {
            buffer.putInt(OFFSET + nameAt, bad, ByteOrder.LITTLE_ENDIAN);
            assertThrows(MalformedWireMessageException.class, () -> reader.read(buffer, OFFSET, length),
                () -> "accepted a name length of 0x" + Integer.toHexString(bad));
        }
    }

    @Test
    void aTensorDataCutShortIsANonWholeDataAndAHeaderCutShortIsMalformed()
    {
        final DirectBuffer[] parts = { new UnsafeBuffer(bytes("ab")),
            tensor("w", TensorType.F32, new long[]{ 2, 2 }, 16), tensor("v", TensorType.I64, new long[]{ 1 }, 8) };
        final int length = writeData(parts);
        final int headerLength = WireWriter.dataHeaderLength(parts, Map.of(), 0);
        for (int cut = 0; cut < length; cut++)
        {
            final int at = cut;
            if (cut < headerLength)
            {
                assertThrows(MalformedWireMessageException.class, () -> reader.read(buffer, OFFSET, at),
                    () -> "accepted when cut to " + at);
                assertEquals(WireReader.INCOMPLETE, reader.readPrefix(buffer, OFFSET, Math.max(cut, HEADER)),
                    () -> "prefix cut to " + at);
            }
            else
            {
                reader.read(buffer, OFFSET, cut);
                view.wrap(reader);
                assertEquals(cut - headerLength, view.bodyPresent());
                assertEquals(2 + 16 + 8, view.bodyLength());
            }
        }
    }

    @Test
    void randomMutationsOfATensorDataAreMalformedOrReadConsistently()
    {
        final DirectBuffer[] parts = { new UnsafeBuffer(bytes("abc")),
            tensor("w", TensorType.BF16, new long[]{ 2, 3 }, 12), tensor("s", TensorType.BOOL, new long[0], 1) };
        final Random random = new Random(99);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++)
        {
            fill();
            final int length = writeData(parts);
            for (int m = 1 + random.nextInt(3); m > 0; m--)
            {
                final int at = OFFSET + random.nextInt(length);
                buffer.putByte(at, random.nextBoolean() ? (byte)random.nextInt() : (byte)(random.nextInt(3) - 1));
            }
            try
            {
                if (reader.read(buffer, OFFSET, length) != DataDecoder.TEMPLATE_ID)
                {
                    continue; // a mutated template id: another type's walk, tested elsewhere
                }
                view.wrap(reader);
                accepted++;
                long sum = 0;
                for (int p = 0; p < view.partCount(); p++)
                {
                    sum += view.partLength(p);
                }
                assertEquals(view.bodyLength(), sum, "the parts add up to the body");
                for (int t = 0; t < view.tensorCount(); t++)
                {
                    final long[] shape = view.tensorShape(t);
                    long elements = 1;
                    for (final long size : shape)
                    {
                        elements *= size;
                    }
                    assertEquals(elements * WireTensor.elementSize(view.tensorType(t)), view.tensorDataLength(t));
                }
            }
            catch (final MalformedWireMessageException ex)
            {
                // refused: fine
            }
            catch (final RuntimeException ex)
            {
                fail("a mutated tensor Data threw " + ex + " instead of being malformed", ex);
            }
        }
        assertTrue(accepted > 1000, "many mutations leave a well-formed wire message: " + accepted);
    }

    private static WireTensor tensor(final String name, final TensorType type, final long[] shape, final int length)
    {
        final byte[] data = new byte[length];
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)(i * 7 + name.length());
        }
        return new WireTensor(name, type, shape, new UnsafeBuffer(data), 0, length);
    }

    private int writeData(final DirectBuffer[] parts)
    {
        return writeData(parts, Map.of(), new byte[0]);
    }

    private int writeData(final DirectBuffer[] parts, final Map<String, String> metadata, final byte[] topic)
    {
        int cursor = OFFSET + writer.dataHeader(buffer, OFFSET, 5L, parts, metadata, topic);
        for (final DirectBuffer part : List.of(parts))
        {
            buffer.putBytes(cursor, part, 0, part.capacity());
            cursor += part.capacity();
        }
        return cursor - OFFSET;
    }

    private void assertMalformed(final int length, final String... words)
    {
        final var ex = assertThrows(MalformedWireMessageException.class, () ->
        {
            reader.read(buffer, OFFSET, length);
            view.wrap(reader);
        });
        for (final String word : words)
        {
            assertTrue(ex.getMessage().contains(word), () -> "'" + ex.getMessage() + "' does not mention " + word);
        }
    }
}
