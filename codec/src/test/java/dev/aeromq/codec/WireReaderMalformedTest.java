package dev.aeromq.codec;

import dev.aeromq.codec.WireSamples.Sample;
import dev.aeromq.codec.sbe.AbortDecoder;
import dev.aeromq.codec.sbe.AttachedDecoder;
import dev.aeromq.codec.sbe.ByeDecoder;
import dev.aeromq.codec.sbe.ChunkDecoder;
import dev.aeromq.codec.sbe.DataDecoder;
import dev.aeromq.codec.sbe.HeartbeatDecoder;
import dev.aeromq.codec.sbe.HelloDecoder;
import dev.aeromq.codec.sbe.HelloEncoder;
import dev.aeromq.codec.sbe.MessageHeaderEncoder;
import dev.aeromq.codec.sbe.PrefixDecoder;
import dev.aeromq.codec.sbe.RejectDecoder;
import dev.aeromq.codec.sbe.RejectEncoder;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.codec.sbe.WelcomeDecoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static dev.aeromq.codec.WireSamples.HEADER;
import static dev.aeromq.codec.WireSamples.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Rejection of everything that is not a wire message this version can read: each is a
 * {@link MalformedWireMessageException} naming its cause, never another exception, and nothing outside the
 * wire message's bytes is ever read.
 * <p>
 * Wire messages sit at an odd offset of a buffer filled with 0xFF, so a length field read from outside the
 * wire message would be huge (or -1); the random tests also read every accepted input a second time from a
 * buffer filled differently and demand the same outcome.
 */
class WireReaderMalformedTest
{
    private static final int OFFSET = 37;
    /** Outside the wire message: any length read from here is huge, or -1 as a signed int. */
    private static final byte FILL = (byte)0xFF;
    private static final int OTHER_OFFSET = 101;
    private static final byte OTHER_FILL = 0;
    private static final long HELLO_SOCKET_ID_OF_OTHER_VERSION = 0x7766_5544_3322_1100L;
    private static final long HELLO_NONCE_OF_OTHER_VERSION = 0x0102_0304_0506_0708L;
    private static final long HELLO_MAX_MESSAGE_SIZE_OF_OTHER_VERSION = 0x0000_0123_4567_89ABL;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * 1024]);
    private final UnsafeBuffer other = new UnsafeBuffer(new byte[64 * 1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final WireWriter writer = new WireWriter();
    private final WireReader reader = new WireReader();
    private final DataView view = new DataView();

    @BeforeEach
    void fill()
    {
        buffer.setMemory(0, buffer.capacity(), FILL);
    }

    // ---------------------------------------------------------------- header

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 2, 4, 7 })
    void wireMessageShorterThanTheHeaderIsMalformed(final int length)
    {
        writer.heartbeat(buffer, OFFSET);

        assertMalformed(length, "header", String.valueOf(length));
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 173, 175, 0xAEAE, 0xFFFF })
    void wrongSchemaIdIsMalformed(final int schemaId)
    {
        for (final Sample sample : Sample.values())
        {
            fill();
            final int length = write(sample);
            buffer.putShort(OFFSET + MessageHeaderEncoder.schemaIdEncodingOffset(), (short)schemaId,
                ByteOrder.LITTLE_ENDIAN);

            assertMalformed(length, "schema id", String.valueOf(schemaId));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 12, 13, 99, 100, 0x7FFF, 0xFFFF })
    void unknownTemplateIdIsMalformed(final int templateId)
    {
        // 8, 9, 10 and 11 are no longer unknown: they are Chunk, Abort, PrefixAck and Attached.
        for (final Sample sample : Sample.values())
        {
            fill();
            final int length = write(sample);
            putTemplateId(templateId);

            assertMalformed(length, "unknown", String.valueOf(templateId));
        }
    }

    static Stream<Arguments> wrongBlockLengths()
    {
        final List<Arguments> cases = new ArrayList<>();
        for (final Sample sample : Sample.values())
        {
            for (final int blockLength : new int[]{ 0, sample.blockLength - 1, sample.blockLength + 1, 0xFFFF })
            {
                if (blockLength >= 0 && blockLength != sample.blockLength)
                {
                    cases.add(arguments(sample, blockLength));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("wrongBlockLengths")
    void wrongBlockLengthForOurVersionIsMalformed(final Sample sample, final int blockLength)
    {
        final int length = write(sample);
        putBlockLength(blockLength);

        assertMalformed(length, "block length", String.valueOf(blockLength));
    }

    // ---------------------------------------------------------------- other protocol versions

    static Stream<Arguments> wireMessagesOfOtherVersions()
    {
        final List<Arguments> cases = new ArrayList<>();
        for (final Sample sample : EnumSet.complementOf(EnumSet.of(Sample.HELLO, Sample.REJECT)))
        {
            for (final int version : new int[]{ 0, 1, WireReader.VERSION + 1, 0xFFFF })
            {
                cases.add(arguments(sample, version));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("wireMessagesOfOtherVersions")
    void wireMessageOfAnotherVersionIsMalformed(final Sample sample, final int version)
    {
        final int length = write(sample);
        putVersion(version);

        assertMalformed(length, "protocol version", String.valueOf(version));
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 2, 3, 5 })
    void welcomeOfAnotherVersionWithALongerBlockIsMalformed(final int version)
    {
        final int length = write(Sample.WELCOME);
        putVersion(version);
        putBlockLength(WelcomeDecoder.BLOCK_LENGTH + 4);

        assertMalformed(length, "protocol version", String.valueOf(version));
    }

    @ParameterizedTest
    @EnumSource(value = Sample.class, names = { "HELLO", "REJECT" })
    void helloOrRejectOfAnotherVersionWithAShorterBlockIsMalformed(final Sample sample)
    {
        // Version 1 had shorter Hello and Reject blocks (no nonce): their leading fields are not ours. Nor are
        // those of a Hello without maxMessageSize (8 bytes short).
        for (final int blockLength : new int[]{ 0, 9, sample.blockLength - 8, sample.blockLength - 1 })
        {
            fill();
            final int length = write(sample);
            putVersion(1);
            putBlockLength(blockLength);

            assertMalformed(length, "protocol version", "1");
        }
    }

    static Stream<Arguments> otherVersionsAndExtraBlockBytes()
    {
        final List<Arguments> cases = new ArrayList<>();
        for (final int version : new int[]{ 0, 1, WireReader.VERSION + 1, 0xFFFF })
        {
            for (final int extra : new int[]{ 0, 1, 10, 300 })
            {
                cases.add(arguments(version, extra));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("otherVersionsAndExtraBlockBytes")
    void helloOfAnotherVersionIsReadableByItsLeadingFields(final int version, final int extra)
    {
        // A newer Hello: our fields first, then fields we do not know, then whatever groups and var data
        // that version has; only the leading fields are read, and nothing is checked after the block.
        final int blockLength = HelloDecoder.BLOCK_LENGTH + extra;
        final int garbage = 40;
        final int length = writeHelloOfVersion(version, blockLength, SocketType.PUSH.value(), garbage);

        assertEquals(HelloDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(version, reader.version());
        assertEquals(HEADER + blockLength, reader.sbeLength());
        assertOtherVersionHelloFields(SocketType.PUSH.value());
    }

    @Test
    void helloOfAnotherVersionWithASocketTypeWeDoNotKnowIsReadable()
    {
        // A newer peer may have a socket type this version has no constant for: the binder still answers it.
        final int length = writeHelloOfVersion(WireReader.VERSION + 1, HelloDecoder.BLOCK_LENGTH + 8, (short)42, 0);

        assertEquals(HelloDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(WireReader.VERSION + 1, reader.version());
        assertOtherVersionHelloFields((short)42);
    }

    @Test
    void helloOfAnotherVersionWhoseBlockRunsPastItsEndIsMalformed()
    {
        final int blockLength = HelloDecoder.BLOCK_LENGTH + 20;
        writeHelloOfVersion(WireReader.VERSION + 1, blockLength, SocketType.SUB.value(), 0);

        for (final int length : new int[]{ HEADER, HEADER + HelloDecoder.BLOCK_LENGTH, HEADER + blockLength - 1 })
        {
            assertMalformed(length, "truncated");
        }
        assertEquals(HelloDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, HEADER + blockLength));
    }

    @ParameterizedTest
    @MethodSource("otherVersionsAndExtraBlockBytes")
    void rejectOfAnotherVersionIsReadableWithItsReason(final int version, final int extra)
    {
        final String reason = "version " + version + " is not spoken here — ünïcødé 😀";
        final int blockLength = RejectDecoder.BLOCK_LENGTH + extra;
        final int sbeLength = writeRejectOfVersion(version, blockLength, reason);
        final int length = sbeLength + 17;

        assertEquals(RejectDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(version, reader.version());
        assertEquals(sbeLength, reader.sbeLength());
        final RejectDecoder reject = reader.reject();
        assertEquals(SocketType.PAIR.value(), reject.socketTypeRaw());
        assertEquals(-3L, reject.socketId());
        assertEquals(HELLO_NONCE_OF_OTHER_VERSION, reject.nonce());
        assertEquals(reason, reject.reason());
    }

    @Test
    void rejectOfAnotherVersionWhoseReasonRunsPastItsEndIsMalformed()
    {
        final int sbeLength = writeRejectOfVersion(WireReader.VERSION + 1, RejectDecoder.BLOCK_LENGTH + 6, "because");
        for (int length = HEADER; length < sbeLength; length++)
        {
            assertMalformed(length, "truncated");
        }
        assertEquals(RejectDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, sbeLength));
    }

    @Test
    void versionIsOursAgainAfterAWireMessageOfAnotherVersion()
    {
        final int hello = writeHelloOfVersion(7, HelloDecoder.BLOCK_LENGTH, SocketType.REQ.value(), 0);
        assertEquals(HelloDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, hello));
        assertEquals(7, reader.version());

        final int byeAt = OFFSET + hello + 3;
        final int bye = writer.bye(buffer, byeAt, true);
        assertEquals(ByeDecoder.TEMPLATE_ID, reader.read(buffer, byeAt, bye));
        assertEquals(WireReader.VERSION, reader.version());
    }

    // ---------------------------------------------------------------- var data and groups

    static Stream<Arguments> varLengthFields()
    {
        final List<Arguments> cases = new ArrayList<>();
        for (final Sample sample : Sample.values())
        {
            final int[] positions = varLengthPositions(sample);
            for (int i = 0; i < positions.length; i++)
            {
                cases.add(arguments(sample, i, positions[i]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} var field {1} at {2}")
    @MethodSource("varLengthFields")
    void varLengthRunningPastTheEndIsMalformed(final Sample sample, final int field, final int position)
    {
        final int length = write(sample);
        final int actual = buffer.getInt(OFFSET + position, ByteOrder.LITTLE_ENDIAN);
        assertTrue(actual >= 0 && actual <= length, "the sample's field positions are right");
        final int remaining = length - position - DataDecoder.topicHeaderLength();
        for (final int bad : new int[]{ remaining + 1, remaining + 1000, 0x1000, 0x4000_0000, 0x4000_0001,
            0x7FFF_FFFF, 0x8000_0000, 0x8000_0001, 0xFFFF_0000 })
        {
            buffer.putInt(OFFSET + position, bad, ByteOrder.LITTLE_ENDIAN);

            final var ex = assertThrows(MalformedWireMessageException.class, () -> readAll(OFFSET, length),
                () -> "accepted a var length of 0x" + Integer.toHexString(bad));
            assertMentions(ex, "truncated");
        }
    }

    /**
     * BUG: {@link WireReader} walks var data with the generated decoders, which read the uint32 length as an
     * int; a length with the top bit set becomes negative and moves the limit backwards, and unless that takes
     * it below 0 the wire message is accepted. The decoders then fail on it (NegativeArraySizeException from
     * {@code reason()}, {@code key()}, {@code getPrefix(new byte[prefixLength()])}), {@link WireReader#prefixLength()}
     * is negative, and a Data's frames can be made to cover its own header.
     */
    @ParameterizedTest(name = "{0} var field {1} at {2}")
    @MethodSource("varLengthFields")
    void varLengthWithTheTopBitSetIsMalformed(final Sample sample, final int field, final int position)
    {
        final int length = write(sample);
        for (final int bad : new int[]{ 0xFFFF_FFFF, 0xFFFF_FFFD, 0xFFFF_FFFC, -(position + 4) })
        {
            buffer.putInt(OFFSET + position, bad, ByteOrder.LITTLE_ENDIAN);

            assertThrows(MalformedWireMessageException.class, () -> readAll(OFFSET, length),
                () -> "accepted a var length of 0x" + Integer.toHexString(bad) + " (sbeLength " +
                reader.sbeLength() + ")");
        }
    }

    /**
     * BUG (as above, at its worst): a Data whose topic length is minus (its offset + 4) walks the limit back to 0,
     * so {@link WireReader#sbeLength()} is 0 and one frame as long as the whole wire message "adds up": DataView
     * hands out the header as that frame's bytes, and {@link DataView#topic()} throws IndexOutOfBoundsException.
     */
    @Test
    void dataWhoseTopicLengthWalksBackToItsStartIsMalformed()
    {
        final int length = WireSamples.writeData(
            writer, buffer, OFFSET, 9L, List.of(bytes("hello")), Map.of(), new byte[0]);
        final int framesAt = HEADER + DataDecoder.BLOCK_LENGTH + DataDecoder.FramesDecoder.sbeHeaderSize();
        final int topicAt = framesAt + DataDecoder.FramesDecoder.sbeBlockLength() +
            DataDecoder.MetadataDecoder.sbeHeaderSize() + DataDecoder.TensorsDecoder.sbeHeaderSize();
        buffer.putInt(OFFSET + topicAt, -(topicAt + DataDecoder.topicHeaderLength()), ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(OFFSET + framesAt, length, ByteOrder.LITTLE_ENDIAN);

        assertThrows(MalformedWireMessageException.class, () ->
        {
            reader.read(buffer, OFFSET, length);
            view.wrap(reader);
        }, () -> "accepted with sbeLength " + reader.sbeLength());
    }

    static Stream<Arguments> groupHeaders()
    {
        final int dataFrames = HEADER + DataDecoder.BLOCK_LENGTH;
        final int dataMetadata = dataFrames + DataDecoder.FramesDecoder.sbeHeaderSize() +
            WireSamples.DATA_FRAMES.size() * DataDecoder.FramesDecoder.sbeBlockLength();
        final int[] vars = varLengthPositions(Sample.DATA);
        final int dataTensors = vars[vars.length - 1] - DataDecoder.TensorsDecoder.sbeHeaderSize();
        return Stream.of(
            arguments(Sample.HELLO, HEADER + HelloDecoder.BLOCK_LENGTH, 0),
            arguments(Sample.WELCOME, HEADER + WelcomeDecoder.BLOCK_LENGTH, 0),
            arguments(Sample.DATA, dataFrames, DataDecoder.FramesDecoder.sbeBlockLength()),
            arguments(Sample.DATA, dataMetadata, 0),
            arguments(Sample.DATA, dataTensors, DataDecoder.TensorsDecoder.sbeBlockLength()));
    }

    @ParameterizedTest(name = "{0} group at {1}")
    @MethodSource("groupHeaders")
    void groupEntryBlockLengthOtherThanOursIsMalformed(final Sample sample, final int position, final int ours)
    {
        final int length = write(sample);
        assertEquals(ours, buffer.getShort(OFFSET + position, ByteOrder.LITTLE_ENDIAN), "the group is where expected");
        for (final int blockLength : new int[]{ ours + 1, ours + 4, 0xFFFF, ours == 0 ? 8 : 0, ours == 0 ? 2 : 3 })
        {
            buffer.putShort(OFFSET + position, (short)blockLength, ByteOrder.LITTLE_ENDIAN);

            assertMalformed(length, "group", String.valueOf(blockLength), String.valueOf(ours));
        }
    }

    @ParameterizedTest(name = "{0} group at {1}")
    @MethodSource("groupHeaders")
    void groupCountRunningPastTheEndIsMalformed(final Sample sample, final int position, final int ours)
    {
        final int length = write(sample);
        // a tensors entry holds a group of its own: the bytes after the last real entry, read as one, may
        // fail on that nested group's header before the walk runs past the end
        final boolean nested = ours == DataDecoder.TensorsDecoder.sbeBlockLength();
        for (final int count : new int[]{ 100, 1000, 0xFFFF })
        {
            buffer.putShort(OFFSET + position + 2, (short)count, ByteOrder.LITTLE_ENDIAN);

            if (nested)
            {
                assertMalformed(length);
            }
            else
            {
                assertMalformed(length, "truncated");
            }
        }
    }

    // ---------------------------------------------------------------- Data frames

    @Test
    void dataWithMoreBytesThanItsFramesIsMalformed()
    {
        final int length = write(Sample.DATA);
        buffer.putByte(OFFSET + length, (byte)'x');

        assertEquals(DataDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length + 1));
        final var ex = assertThrows(MalformedWireMessageException.class, () -> view.wrap(reader));
        assertMentions(ex, "frames", "5", "6");
    }

    @Test
    void dataWithFewerBytesThanItsFramesIsNotWhole()
    {
        // Once malformed; since Chunks, the start of a message whose other bytes follow in Chunks.
        final int length = write(Sample.DATA);
        final int headerLength = length - 5;

        for (int cut = 1; cut <= 5; cut++)
        {
            assertEquals(DataDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length - cut));
            assertEquals(headerLength, reader.sbeLength());
            view.wrap(reader);
            assertFalse(view.isWhole(), "cut by " + cut);
            assertEquals(5 - cut, view.bodyPresent());
            assertEquals(5, view.bodyLength());
            assertEquals(headerLength, view.bodyOffset());
            assertEquals(WireSamples.DATA_FRAMES.size(), view.frameCount());
            assertEquals(15L, view.correlationId());
            assertEquals("t.ü", view.topic());
            assertEquals(WireSamples.DATA_METADATA, view.metadata());
        }
    }

    @Test
    void dataWithNoneOfItsFramesBytesIsNotWhole()
    {
        final int length = WireSamples.writeData(
            writer, buffer, OFFSET, 0L, List.of(new byte[0], bytes("x")), Map.of(), new byte[0]);

        assertEquals(DataDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length - 1));
        view.wrap(reader);
        assertFalse(view.isWhole());
        assertEquals(0, view.bodyPresent());
        assertEquals(1, view.bodyLength());
        assertEquals(length - 1, view.bodyOffset());
    }

    @Test
    void dataWithBytesButNoFramesIsMalformed()
    {
        final int headerLength = WireSamples.writeData(writer, buffer, OFFSET, 0L, List.of(), Map.of(), new byte[0]);

        assertEquals(DataDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, headerLength + 1));
        final var ex = assertThrows(MalformedWireMessageException.class, () -> view.wrap(reader));
        assertMentions(ex, "frames", "0", "1");
    }

    static Stream<Arguments> badFrameLengths()
    {
        // The sample's frames are 3, 0 and 2 bytes long: 5 bytes follow its header.
        return Stream.of(
            arguments(new int[]{ 3, 0, 1 }, "frames"),
            arguments(new int[]{ 2, 0, 2 }, "frames"),
            arguments(new int[]{ 0, 0, 0 }, "frames"),
            arguments(new int[]{ 4, -1, 2 }, "negative"),
            arguments(new int[]{ 6, 0, -1 }, "negative"),
            arguments(new int[]{ -1, 4, 2 }, "negative"),
            arguments(new int[]{ Integer.MIN_VALUE, 0, 2 }, "negative"),
            arguments(new int[]{ Integer.MAX_VALUE, Integer.MAX_VALUE, -1 }, "negative"),
            arguments(new int[]{ Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE }, "negative"));
    }

    @ParameterizedTest
    @MethodSource("badFrameLengths")
    void dataFrameLengthsMustBeNonNegativeAndAddUpToAtLeastTheBytesAfterTheHeader(
        final int[] lengths, final String cause)
    {
        final int length = writeDataWithFrameLengths(lengths);

        assertEquals(DataDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        final var ex = assertThrows(MalformedWireMessageException.class, () -> view.wrap(reader),
            () -> "accepted frame lengths " + Arrays.toString(lengths));
        assertMentions(ex, cause);
    }

    static Stream<Arguments> frameLengthsOfAtLeastTheBytesAfterTheHeader()
    {
        // The 5 bytes after the sample's header are all of its frames' bytes, or only the first of them.
        return Stream.of(
            arguments(new int[]{ 5, 0, 0 }),
            arguments(new int[]{ 0, 0, 5 }),
            arguments(new int[]{ 3, 1, 2 }),
            arguments(new int[]{ 0, 0, 6 }),
            arguments(new int[]{ 0, 6, 0 }),
            arguments(new int[]{ Integer.MAX_VALUE, 0, 0 }),
            arguments(new int[]{ 0, 0, Integer.MAX_VALUE }),
            arguments(new int[]{ Integer.MAX_VALUE, Integer.MAX_VALUE, 7 }),
            arguments(new int[]{ Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE }));
    }

    @ParameterizedTest
    @MethodSource("frameLengthsOfAtLeastTheBytesAfterTheHeader")
    void dataFrameLengthsAddingUpToMoreThanTheBytesAfterTheHeaderAreANonWholeData(final int[] lengths)
    {
        final int length = writeDataWithFrameLengths(lengths);
        final long bodyLength = Arrays.stream(lengths).asLongStream().sum();

        assertEquals(DataDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        view.wrap(reader);
        assertEquals(bodyLength, view.bodyLength(), "added up without overflow");
        assertEquals(5, view.bodyPresent());
        assertEquals(length - 5, view.bodyOffset());
        assertEquals(bodyLength == 5, view.isWhole());
        assertEquals(lengths.length, view.frameCount());
        long start = view.bodyOffset();
        for (int i = 0; i < lengths.length; i++)
        {
            assertEquals(lengths[i], view.frameLength(i));
            if (start <= length)
            {
                // Only a frame that starts among the bytes present has an offset to go by.
                assertEquals(start, view.frameOffset(i), "offset of frame " + i);
            }
            start += lengths[i];
        }
    }

    // ---------------------------------------------------------------- Chunk

    @ParameterizedTest
    @ValueSource(longs = { -1L, -2L, Integer.MIN_VALUE, -(1L << 32), Long.MIN_VALUE + 1, Long.MIN_VALUE })
    void chunkWithANegativeBodyOffsetIsMalformed(final long bodyOffset)
    {
        final int length = WireSamples.writeChunk(writer, buffer, OFFSET, bodyOffset, bytes("abc"));

        assertMalformed(length, "negative", String.valueOf(bodyOffset));
        assertMalformed(WireWriter.CHUNK_HEADER_LENGTH, "negative", String.valueOf(bodyOffset));
        final var ex = assertThrows(MalformedWireMessageException.class,
            () -> reader.readPrefix(buffer, OFFSET, length));
        assertMentions(ex, "negative", String.valueOf(bodyOffset));
    }

    @Test
    void chunkWithTheLargestBodyOffsetIsWellFormed()
    {
        final int length = WireSamples.writeChunk(writer, buffer, OFFSET, Long.MAX_VALUE, new byte[0]);

        assertEquals(ChunkDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(Long.MAX_VALUE, reader.chunk().bodyOffset());
        assertEquals(WireWriter.CHUNK_HEADER_LENGTH, reader.sbeLength());
    }

    // ---------------------------------------------------------------- truncation

    @ParameterizedTest
    @EnumSource(Sample.class)
    void everyProperPrefixIsMalformedUnlessItHoldsAWholeDataOrChunkHeader(final Sample sample)
    {
        final int length = write(sample);
        assertEquals(sample.templateId, reader.read(buffer, OFFSET, length));
        final byte[] whole = new byte[length];
        buffer.getBytes(OFFSET, whole);
        other.setMemory(0, other.capacity(), FILL);

        for (int cut = 0; cut < length; cut++)
        {
            // Once with the rest of the wire message right after the cut, once with only 0xFF after it.
            assertTruncationIsMalformed(sample, buffer, OFFSET, cut);
            other.putBytes(OTHER_OFFSET, whole, 0, cut);
            assertTruncationIsMalformed(sample, other, OTHER_OFFSET, cut);
        }
    }

    // ---------------------------------------------------------------- random input

    @Test
    void randomGarbageIsMalformedOrReadWithoutLookingOutside()
    {
        final Random random = new Random(0xAE_2024L);
        int malformed = 0;
        for (int i = 0; i < 5000; i++)
        {
            fill();
            final byte[] garbage = new byte[random.nextInt(100)];
            random.nextBytes(garbage);
            buffer.putBytes(OFFSET, garbage);

            if (null == readChecked(garbage.length))
            {
                malformed++;
            }
        }
        assertTrue(malformed > 4900, "random bytes are almost never an AeroMQ wire message: " + malformed);
    }

    @Test
    void randomBodyBehindAValidHeaderIsMalformedOrReadWithoutLookingOutside()
    {
        // The hard case for the walk: schema, type, block length and version right, everything after random.
        final Random random = new Random(42);
        final Sample[] samples = Sample.values();
        int accepted = 0;
        for (int i = 0; i < 10_000; i++)
        {
            fill();
            final Sample sample = samples[random.nextInt(samples.length)];
            final int version = random.nextInt(8) == 0 ? random.nextInt(4) : WireReader.VERSION;
            final int blockLength = version != WireReader.VERSION && random.nextBoolean() ?
                sample.blockLength + random.nextInt(16) : sample.blockLength;
            header.wrap(buffer, OFFSET).blockLength(blockLength).templateId(sample.templateId)
                .schemaId(MessageHeaderEncoder.SCHEMA_ID).version(version);
            final byte[] body = new byte[random.nextInt(96)];
            fillBody(random, body);
            buffer.putBytes(OFFSET + HEADER, body);

            if (null != readChecked(HEADER + body.length))
            {
                accepted++;
            }
        }
        assertTrue(accepted > 100, "some random bodies are well-formed: " + accepted);
    }

    @Test
    void randomMutationsOfValidWireMessagesAreMalformedOrReadWithoutLookingOutside()
    {
        final Random random = new Random(7);
        final Sample[] samples = Sample.values();
        int accepted = 0;
        for (int i = 0; i < 10_000; i++)
        {
            fill();
            final Sample sample = samples[random.nextInt(samples.length)];
            int length = write(sample);
            final int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations; m++)
            {
                final int at = OFFSET + random.nextInt(length);
                buffer.putByte(at, interestingByte(random));
            }
            switch (random.nextInt(6))
            {
                case 0 -> length = random.nextInt(length + 1);
                case 1 ->
                {
                    final int more = 1 + random.nextInt(16);
                    for (int b = 0; b < more; b++)
                    {
                        buffer.putByte(OFFSET + length + b, interestingByte(random));
                    }
                    length += more;
                }
                default ->
                {
                    // keep the length
                }
            }

            if (null != readChecked(length))
            {
                accepted++;
            }
        }
        assertTrue(accepted > 1000, "many mutations leave a well-formed wire message: " + accepted);
    }

    @Test
    void wireMessageEndingAtTheEndOfItsBufferIsReadWithoutLookingPastIt()
    {
        for (final Sample sample : Sample.values())
        {
            fill();
            final int length = write(sample);
            final byte[] exact = new byte[OFFSET + length];
            buffer.getBytes(0, exact);
            final UnsafeBuffer tight = new UnsafeBuffer(exact);

            assertEquals(sample.templateId, reader.read(tight, OFFSET, length));
            assertEquals(describe(sample.templateId), describeRead(buffer, OFFSET, length));
            for (int cut = 0; cut < length; cut++)
            {
                final UnsafeBuffer shorter = new UnsafeBuffer(Arrays.copyOf(exact, OFFSET + cut));
                assertTruncationIsMalformed(sample, shorter, OFFSET, cut);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private int write(final Sample sample)
    {
        return WireSamples.write(writer, buffer, OFFSET, sample);
    }

    /**
     * The {@link Sample#DATA} sample (5 bytes of frames after its header) with its 3 frame lengths replaced.
     *
     * @return its length.
     */
    private int writeDataWithFrameLengths(final int[] lengths)
    {
        final int length = write(Sample.DATA);
        final int firstFrame = HEADER + DataDecoder.BLOCK_LENGTH + DataDecoder.FramesDecoder.sbeHeaderSize();
        assertEquals(WireSamples.DATA_FRAMES.size(), lengths.length);
        for (int i = 0; i < lengths.length; i++)
        {
            buffer.putInt(OFFSET + firstFrame + i * DataDecoder.FramesDecoder.sbeBlockLength(), lengths[i],
                ByteOrder.LITTLE_ENDIAN);
        }
        return length;
    }

    private void putBlockLength(final int blockLength)
    {
        buffer.putShort(OFFSET + MessageHeaderEncoder.blockLengthEncodingOffset(), (short)blockLength,
            ByteOrder.LITTLE_ENDIAN);
    }

    private void putTemplateId(final int templateId)
    {
        buffer.putShort(OFFSET + MessageHeaderEncoder.templateIdEncodingOffset(), (short)templateId,
            ByteOrder.LITTLE_ENDIAN);
    }

    private void putVersion(final int version)
    {
        buffer.putShort(OFFSET + MessageHeaderEncoder.versionEncodingOffset(), (short)version,
            ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * A Hello as another version may write it: our leading fields, {@code blockLength - ours} bytes of fields we
     * do not know, then {@code garbage} bytes of whatever follows in that version (here 0xFF and random).
     */
    private int writeHelloOfVersion(final int version, final int blockLength, final short socketType, final int garbage)
    {
        header.wrap(buffer, OFFSET).blockLength(blockLength).templateId(HelloDecoder.TEMPLATE_ID)
            .schemaId(MessageHeaderEncoder.SCHEMA_ID).version(version);
        new HelloEncoder().wrap(buffer, OFFSET + HEADER)
            .socketId(HELLO_SOCKET_ID_OF_OTHER_VERSION)
            .nonce(HELLO_NONCE_OF_OTHER_VERSION)
            .replyStreamId(-1001)
            .replyPort(0xFFFE)
            .maxMessageSize(HELLO_MAX_MESSAGE_SIZE_OF_OTHER_VERSION);
        buffer.putByte(OFFSET + HEADER + HelloEncoder.socketTypeEncodingOffset(), (byte)socketType);
        final Random random = new Random(version);
        for (int i = HelloDecoder.BLOCK_LENGTH; i < blockLength; i++)
        {
            buffer.putByte(OFFSET + HEADER + i, (byte)random.nextInt());
        }
        for (int i = 0; i < garbage; i++)
        {
            buffer.putByte(OFFSET + HEADER + blockLength + i, i % 2 == 0 ? FILL : (byte)random.nextInt());
        }
        return HEADER + blockLength + garbage;
    }

    private void assertOtherVersionHelloFields(final short socketType)
    {
        final HelloDecoder hello = reader.hello();
        assertEquals(socketType, hello.socketTypeRaw());
        assertEquals(HELLO_SOCKET_ID_OF_OTHER_VERSION, hello.socketId());
        assertEquals(HELLO_NONCE_OF_OTHER_VERSION, hello.nonce());
        assertEquals(-1001, hello.replyStreamId());
        assertEquals(0xFFFE, hello.replyPort());
        assertEquals(HELLO_MAX_MESSAGE_SIZE_OF_OTHER_VERSION, hello.maxMessageSize());
    }

    /**
     * A Reject as another version may write it: our leading fields, fields we do not know, then the reason.
     *
     * @return the length of its SBE part.
     */
    private int writeRejectOfVersion(final int version, final int blockLength, final String reason)
    {
        header.wrap(buffer, OFFSET).blockLength(blockLength).templateId(RejectDecoder.TEMPLATE_ID)
            .schemaId(MessageHeaderEncoder.SCHEMA_ID).version(version);
        new RejectEncoder().wrap(buffer, OFFSET + HEADER)
            .socketType(SocketType.PAIR)
            .socketId(-3L)
            .nonce(HELLO_NONCE_OF_OTHER_VERSION);
        for (int i = RejectDecoder.BLOCK_LENGTH; i < blockLength; i++)
        {
            buffer.putByte(OFFSET + HEADER + i, (byte)(0x80 + i));
        }
        final byte[] bytes = bytes(reason);
        buffer.putInt(OFFSET + HEADER + blockLength, bytes.length, ByteOrder.LITTLE_ENDIAN);
        buffer.putBytes(OFFSET + HEADER + blockLength + RejectDecoder.reasonHeaderLength(), bytes);
        return HEADER + blockLength + RejectDecoder.reasonHeaderLength() + bytes.length;
    }

    /**
     * Offsets, from the wire message's start, of the length of every var field of a sample, in order.
     */
    private static int[] varLengthPositions(final Sample sample)
    {
        final int varHeader = 4;
        final int groupHeader = 4;
        final List<Integer> positions = new ArrayList<>();
        switch (sample)
        {
            case HELLO, WELCOME ->
            {
                final boolean hello = sample == Sample.HELLO;
                int position = HEADER + sample.blockLength + groupHeader;
                for (final byte[] prefix : hello ? WireSamples.HELLO_PREFIXES : WireSamples.WELCOME_PREFIXES)
                {
                    positions.add(position);
                    position += varHeader + prefix.length;
                }
            }
            case REJECT, PREFIX -> positions.add(HEADER + sample.blockLength);
            case DATA ->
            {
                int position = HEADER + sample.blockLength + groupHeader +
                    WireSamples.DATA_FRAMES.size() * DataDecoder.FramesDecoder.sbeBlockLength() + groupHeader;
                for (final Map.Entry<String, String> entry : WireSamples.DATA_METADATA.entrySet())
                {
                    positions.add(position);
                    position += varHeader + Utf8.length(entry.getKey());
                    positions.add(position);
                    position += varHeader + Utf8.length(entry.getValue());
                }
                position += groupHeader; // no tensors
                positions.add(position);
            }
            default ->
            {
                // no var fields
            }
        }
        return positions.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * A wire message cut short is malformed, except a Data or a Chunk cut among its frames' bytes: that is a Data
     * that is not whole (Chunks bring the rest), or a Chunk that carries fewer bytes.
     */
    private void assertTruncationIsMalformed(
        final Sample sample, final DirectBuffer source, final int offset, final int cut)
    {
        try
        {
            final int templateId = reader.read(source, offset, cut);
            assertTrue(sample == Sample.DATA || sample == Sample.CHUNK, () -> sample + " accepted when cut to " + cut);
            assertEquals(sample.templateId, templateId);
            final int sbeLength = reader.sbeLength();
            assertTrue(sbeLength <= cut);
            if (sample == Sample.DATA)
            {
                view.wrap(reader);
                assertFalse(view.isWhole(), () -> "Data cut to " + cut + " read as whole");
                assertEquals(cut - sbeLength, view.bodyPresent());
                assertEquals(5, view.bodyLength());
                assertEquals(sbeLength, view.bodyOffset());
            }
            else
            {
                assertEquals(WireWriter.CHUNK_HEADER_LENGTH, sbeLength);
                assertEquals(WireSamples.CHUNK_BODY_OFFSET, reader.chunk().bodyOffset());
            }
        }
        catch (final MalformedWireMessageException ex)
        {
            assertMentions(ex, cut < HEADER ? "header" : "truncated");
            if (cut >= HEADER && (sample == Sample.DATA || sample == Sample.CHUNK))
            {
                // The same bytes as the first fragment of a longer wire message: its header is still to come.
                assertEquals(WireReader.INCOMPLETE, reader.readPrefix(source, offset, cut), () -> "cut to " + cut);
            }
        }
    }

    /**
     * Read the wire message at {@link #OFFSET} of {@link #buffer}, then check the outcome: a
     * {@link MalformedWireMessageException}, or a wire message whose every field can be read inside its bounds;
     * and the same outcome when the same bytes are read from elsewhere in a buffer filled differently.
     *
     * @return a description of what was read, or null if it is malformed.
     */
    private String readChecked(final int length)
    {
        final String first = describeRead(buffer, OFFSET, length);
        other.setMemory(0, other.capacity(), OTHER_FILL);
        other.putBytes(OTHER_OFFSET, buffer, OFFSET, length);
        final String second = describeRead(other, OTHER_OFFSET, length);
        assertEquals(first, second, () -> "outcome depends on bytes outside the wire message " + hex(length));
        return first.startsWith("malformed") ? null : first;
    }

    private String describeRead(final DirectBuffer source, final int offset, final int length)
    {
        try
        {
            final int templateId = reader.read(source, offset, length);
            assertEquals(length, reader.buffer().capacity());
            return describe(templateId);
        }
        catch (final MalformedWireMessageException ex)
        {
            assertNotNull(ex.getMessage());
            assertFalse(ex.getMessage().isBlank());
            return "malformed: " + ex.getMessage();
        }
        catch (final RuntimeException | AssertionError ex)
        {
            final byte[] bytes = new byte[length];
            source.getBytes(offset, bytes);
            return fail("wire message " + HexFormat.of().formatHex(bytes) + " escaped as " + ex, ex);
        }
    }

    /**
     * Read every field of the wire message the reader has just accepted, as a receiver would; every read must
     * stay inside the wire message.
     */
    private String describe(final int templateId)
    {
        final int length = reader.buffer().capacity();
        final int sbeLength = reader.sbeLength();
        final int blockLength = reader.buffer().getShort(0, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        assertTrue(sbeLength >= HEADER + blockLength && sbeLength <= length,
            () -> "sbeLength " + sbeLength + " of a wire message of " + length + " bytes, block " + blockLength);
        final StringBuilder out = new StringBuilder();
        out.append("template=").append(templateId).append(" version=").append(reader.version())
            .append(" sbeLength=").append(sbeLength);
        switch (templateId)
        {
            case HelloDecoder.TEMPLATE_ID ->
            {
                final HelloDecoder hello = reader.hello();
                out.append(' ').append(hello.socketTypeRaw()).append(' ').append(hello.socketId())
                    .append(' ').append(hello.nonce()).append(' ').append(hello.replyStreamId())
                    .append(' ').append(hello.replyPort()).append(' ').append(hello.maxMessageSize());
                if (reader.version() == WireReader.VERSION)
                {
                    for (final HelloDecoder.PrefixesDecoder entry : hello.prefixes())
                    {
                        final byte[] prefix = new byte[entry.prefixLength()];
                        entry.getPrefix(prefix, 0, prefix.length);
                        out.append(" prefix=").append(HexFormat.of().formatHex(prefix));
                    }
                    assertEquals(sbeLength, hello.limit());
                }
            }
            case WelcomeDecoder.TEMPLATE_ID ->
            {
                final WelcomeDecoder welcome = reader.welcome();
                out.append(' ').append(welcome.socketTypeRaw()).append(' ').append(welcome.socketId())
                    .append(' ').append(welcome.nonce()).append(' ').append(welcome.maxMessageSize())
                    .append(" fanOut=").append(FanOutOffer.of(welcome));
                for (final WelcomeDecoder.PrefixesDecoder entry : welcome.prefixes())
                {
                    final byte[] prefix = new byte[entry.prefixLength()];
                    entry.getPrefix(prefix, 0, prefix.length);
                    out.append(" prefix=").append(HexFormat.of().formatHex(prefix));
                }
                assertEquals(sbeLength, welcome.limit());
            }
            case RejectDecoder.TEMPLATE_ID ->
            {
                final RejectDecoder reject = reader.reject();
                out.append(' ').append(reject.socketTypeRaw()).append(' ').append(reject.socketId())
                    .append(' ').append(reject.nonce()).append(" reason=").append(reject.reason());
                assertEquals(sbeLength, reject.limit());
            }
            case DataDecoder.TEMPLATE_ID -> describeData(out, sbeLength, length);
            case ChunkDecoder.TEMPLATE_ID ->
            {
                assertEquals(WireWriter.CHUNK_HEADER_LENGTH, sbeLength);
                final long bodyOffset = reader.chunk().bodyOffset();
                assertTrue(bodyOffset >= 0, "Chunk body offset " + bodyOffset);
                final byte[] bytes = new byte[length - sbeLength];
                reader.buffer().getBytes(sbeLength, bytes);
                out.append(" bodyOffset=").append(bodyOffset).append(" bytes=").append(HexFormat.of().formatHex(bytes));
            }
            case AbortDecoder.TEMPLATE_ID -> assertEquals(WireWriter.ABORT_LENGTH, sbeLength);
            case AttachedDecoder.TEMPLATE_ID -> assertEquals(WireWriter.ATTACHED_LENGTH, sbeLength);
            case HeartbeatDecoder.TEMPLATE_ID -> assertEquals(WireWriter.HEARTBEAT_LENGTH, sbeLength);
            case ByeDecoder.TEMPLATE_ID -> out.append(" ack=").append(reader.bye().ackRaw());
            case PrefixDecoder.TEMPLATE_ID ->
            {
                out.append(" action=").append(reader.prefix().actionRaw());
                assertTrue(reader.prefixLength() >= 0, "prefix length " + reader.prefixLength());
                assertEquals(sbeLength, reader.prefixOffset() + reader.prefixLength());
                final byte[] prefix = new byte[reader.prefixLength()];
                reader.buffer().getBytes(reader.prefixOffset(), prefix);
                out.append(" prefix=").append(HexFormat.of().formatHex(prefix));
            }
            default -> fail("read returned template id " + templateId);
        }
        return out.toString();
    }

    private void describeData(final StringBuilder out, final int sbeLength, final int length)
    {
        out.append(" correlationId=").append(reader.data().correlationId());
        try
        {
            view.wrap(reader);
        }
        catch (final MalformedWireMessageException ex)
        {
            out.append(" frames malformed: ").append(ex.getMessage());
            return;
        }
        assertTrue(view.topicLength() >= 0 && view.topicLength() <= sbeLength, "topic length " + view.topicLength());
        out.append(" topic=").append(view.topic()).append(" metadata=").append(view.metadata());
        final byte[] topic = new byte[view.topicLength()];
        view.copyTopic(topic);
        assertTrue(view.topicStartsWith(topic));
        assertTrue(view.topicStartsWith(new byte[0]));
        assertEquals(sbeLength, view.bodyOffset(), "the frames' bytes follow the header");
        assertEquals(length - sbeLength, view.bodyPresent(), "the frames' bytes run to the end of the wire message");
        long bodyLength = 0;
        for (int i = 0; i < view.frameCount(); i++)
        {
            assertTrue(view.frameLength(i) >= 0, "frame length " + view.frameLength(i));
            bodyLength += view.frameLength(i);
        }
        assertEquals(bodyLength, view.bodyLength());
        if (view.isWhole())
        {
            assertEquals(view.bodyPresent(), view.bodyLength());
            int cursor = sbeLength;
            for (int i = 0; i < view.frameCount(); i++)
            {
                assertEquals(cursor, view.frameOffset(i));
                final byte[] frame = new byte[view.frameLength(i)];
                view.buffer().getBytes(view.frameOffset(i), frame);
                out.append(" frame=").append(HexFormat.of().formatHex(frame));
                cursor += frame.length;
            }
            assertEquals(length, cursor, "the frames fill the wire message");
        }
        else
        {
            // Only the first of the frames' bytes are here, Chunks bring the rest: read what is present, no more.
            assertTrue(view.bodyPresent() < view.bodyLength(),
                "present " + view.bodyPresent() + " of " + view.bodyLength());
            final byte[] present = new byte[view.bodyPresent()];
            view.buffer().getBytes(view.bodyOffset(), present);
            out.append(" frames=").append(view.frameCount()).append(" bodyLength=").append(view.bodyLength())
                .append(" present=").append(HexFormat.of().formatHex(present));
        }
    }

    /**
     * Read every var field's bytes after a successful read, throwing what the decoders throw.
     */
    private void readAll(final int offset, final int length)
    {
        final int templateId = reader.read(buffer, offset, length);
        describe(templateId);
    }

    private void assertMalformed(final int length, final String... words)
    {
        final var ex = assertThrows(MalformedWireMessageException.class, () -> reader.read(buffer, OFFSET, length),
            () -> "accepted " + hex(length));
        assertMentions(ex, words);
    }

    private String hex(final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(OFFSET, bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void fillBody(final Random random, final byte[] body)
    {
        random.nextBytes(body);
        // Small lengths and counts make well-formed bodies likely enough to exercise the success path.
        for (int i = 0; i < body.length; i++)
        {
            if (random.nextInt(3) > 0)
            {
                body[i] = (byte)random.nextInt(4);
            }
        }
    }

    private static byte interestingByte(final Random random)
    {
        return switch (random.nextInt(6))
        {
            case 0 -> 0;
            case 1 -> (byte)0xFF;
            case 2 -> (byte)0x80;
            case 3 -> (byte)0x7F;
            case 4 -> (byte)random.nextInt(8);
            default -> (byte)random.nextInt();
        };
    }

    private static void assertMentions(final Throwable ex, final String... words)
    {
        final String message = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
        for (final String word : words)
        {
            if (!message.contains(word.toLowerCase(Locale.ROOT)))
            {
                fail("message \"" + ex.getMessage() + "\" does not mention \"" + word + "\"");
            }
        }
    }
}
