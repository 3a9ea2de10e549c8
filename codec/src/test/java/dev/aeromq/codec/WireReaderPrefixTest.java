package dev.aeromq.codec;

import dev.aeromq.codec.WireSamples.Sample;
import dev.aeromq.codec.sbe.ChunkDecoder;
import dev.aeromq.codec.sbe.DataDecoder;
import dev.aeromq.codec.sbe.HelloDecoder;
import dev.aeromq.codec.sbe.HelloEncoder;
import dev.aeromq.codec.sbe.MessageHeaderEncoder;
import dev.aeromq.codec.sbe.SocketType;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static dev.aeromq.codec.WireSamples.HEADER;
import static dev.aeromq.codec.WireSamples.bytes;
import static dev.aeromq.codec.WireSamples.metadata;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * {@link WireReader#readPrefix}, the reading of the first fragment of a Data or Chunk whose frames' bytes run on
 * past it, and {@link WireReader#templateId}.
 * <p>
 * A prefix is the first bytes of a wire message, at an odd offset of a buffer filled with 0xFF. Each is read three
 * ways: in place, with the rest of the wire message right after it; copied into a buffer filled with 0 instead;
 * and copied into a buffer that ends where the prefix does. The outcome must be the same: what lies past the bytes
 * given is never looked at.
 */
class WireReaderPrefixTest
{
    private static final int OFFSET = 37;
    private static final byte FILL = (byte)0xFF;
    private static final int OTHER_OFFSET = 101;
    private static final String INCOMPLETE = "incomplete";

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * 1024]);
    private final UnsafeBuffer other = new UnsafeBuffer(new byte[64 * 1024]);
    private final WireWriter writer = new WireWriter();
    private final WireReader reader = new WireReader();
    private final DataView view = new DataView();

    @BeforeEach
    void fill()
    {
        buffer.setMemory(0, buffer.capacity(), FILL);
    }

    // ---------------------------------------------------------------- Data

    static Stream<Arguments> dataMessages()
    {
        return Stream.of(
            arguments("the sample", WireSamples.DATA_FRAMES, WireSamples.DATA_METADATA, WireSamples.DATA_TOPIC),
            arguments("one frame, nothing else", List.of(bytes("hello, world")), Map.of(), new byte[0]),
            arguments("empty frames around one", List.of(new byte[0], bytes("x"), new byte[0]), Map.of(), bytes("t")),
            arguments("many frames", frames(40), metadata("a", "", "", "b", "ключ", "значение"), bytes("a.b.c")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dataMessages")
    void everyProperPrefixOfADataHeaderIsIncomplete(
        final String name, final List<byte[]> frames, final Map<String, String> metadata, final byte[] topic)
    {
        final int length = WireSamples.writeData(writer, buffer, OFFSET, 3L, frames, metadata, topic);
        final int headerLength = WireWriter.dataHeaderLength(frames.size(), metadata, topic.length);
        assertTrue(headerLength < length, "the frames' bytes follow the header");

        for (int cut = HEADER; cut < headerLength; cut++)
        {
            assertPrefixOutcome(INCOMPLETE, cut);
        }
    }

    @Test
    void prefixShorterThanTheSbeHeaderIsMalformed()
    {
        // As the code stands, fewer bytes than the 8-byte SBE header are malformed, not incomplete, as for
        // templateId(): the first fragment of a wire message is never that short (Aeron splits at the MTU).
        final int length = write(Sample.DATA);
        assertTrue(length > HEADER);
        for (int cut = 0; cut < HEADER; cut++)
        {
            final int bytes = cut;
            final var ex = assertThrows(MalformedWireMessageException.class,
                () -> reader.readPrefix(buffer, OFFSET, bytes));
            assertMentions(ex, "header", String.valueOf(cut));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dataMessages")
    void prefixWithTheWholeDataHeaderIsADataThatIsNotWhole(
        final String name, final List<byte[]> frames, final Map<String, String> metadata, final byte[] topic)
    {
        final int length = WireSamples.writeData(writer, buffer, OFFSET, -3L, frames, metadata, topic);
        final int headerLength = WireWriter.dataHeaderLength(frames.size(), metadata, topic.length);
        final byte[] body = concat(frames);
        assertEquals(length, headerLength + body.length);

        for (int present = 0; present <= body.length; present++)
        {
            final int cut = headerLength + present;
            assertPrefixOutcome("template=" + DataDecoder.TEMPLATE_ID, cut);

            assertEquals(DataDecoder.TEMPLATE_ID, reader.readPrefix(buffer, OFFSET, cut));
            assertEquals(WireReader.VERSION, reader.version());
            assertEquals(headerLength, reader.sbeLength());
            assertEquals(cut, reader.buffer().capacity());
            view.wrap(reader);
            assertEquals(present == body.length, view.isWhole(), "whole only with every frame's byte");
            assertEquals(present, view.bodyPresent());
            assertEquals(body.length, view.bodyLength());
            assertEquals(headerLength, view.bodyOffset());
            assertEquals(-3L, view.correlationId());
            assertEquals(frames.size(), view.frameCount());
            for (int i = 0; i < frames.size(); i++)
            {
                assertEquals(frames.get(i).length, view.frameLength(i));
            }
            assertEquals(Map.copyOf(metadata), view.metadata());
            final byte[] topicCopy = new byte[view.topicLength()];
            view.copyTopic(topicCopy);
            assertArrayEquals(topic, topicCopy);
            final byte[] bytesPresent = new byte[view.bodyPresent()];
            view.buffer().getBytes(view.bodyOffset(), bytesPresent);
            assertArrayEquals(Arrays.copyOf(body, present), bytesPresent);

            // read() of the same bytes agrees: a Data may carry fewer bytes than its frames add up to.
            assertEquals(DataDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, cut));
            view.wrap(reader);
            assertEquals(present, view.bodyPresent());
            assertEquals(present == body.length, view.isWhole());
        }
    }

    @Test
    void prefixOfADataWithMoreBytesThanItsFramesIsStillMalformed()
    {
        final int length = write(Sample.DATA);
        buffer.putByte(OFFSET + length, (byte)'x');

        assertEquals(DataDecoder.TEMPLATE_ID, reader.readPrefix(buffer, OFFSET, length + 1));
        final var ex = assertThrows(MalformedWireMessageException.class, () -> view.wrap(reader));
        assertMentions(ex, "frames", "5", "6");
    }

    @Test
    void prefixOfADataWithANegativeFrameLengthIsMalformedOnceItsHeaderIsWhole()
    {
        final int length = write(Sample.DATA);
        final int firstFrame = HEADER + DataDecoder.BLOCK_LENGTH + DataDecoder.FramesDecoder.sbeHeaderSize();
        buffer.putInt(OFFSET + firstFrame + DataDecoder.FramesDecoder.sbeBlockLength(), -1, ByteOrder.LITTLE_ENDIAN);

        for (int cut = length - 5; cut <= length; cut++)
        {
            assertEquals(DataDecoder.TEMPLATE_ID, reader.readPrefix(buffer, OFFSET, cut));
            final var ex = assertThrows(MalformedWireMessageException.class, () -> view.wrap(reader));
            assertMentions(ex, "negative");
        }
    }

    // ---------------------------------------------------------------- negative lengths are never incomplete

    static Stream<Arguments> dataVarLengths()
    {
        // The sample's var fields: a key and a value per metadata entry, then the topic.
        final List<Arguments> cases = new ArrayList<>();
        int position = HEADER + DataDecoder.BLOCK_LENGTH + DataDecoder.FramesDecoder.sbeHeaderSize() +
            WireSamples.DATA_FRAMES.size() * DataDecoder.FramesDecoder.sbeBlockLength() +
            DataDecoder.MetadataDecoder.sbeHeaderSize();
        for (final Map.Entry<String, String> entry : WireSamples.DATA_METADATA.entrySet())
        {
            cases.add(arguments("key " + entry.getKey(), position));
            position += DataDecoder.MetadataDecoder.keyHeaderLength() + Utf8.length(entry.getKey());
            cases.add(arguments("value " + entry.getValue(), position));
            position += DataDecoder.MetadataDecoder.valueHeaderLength() + Utf8.length(entry.getValue());
        }
        cases.add(arguments("topic", position));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("dataVarLengths")
    void dataHeaderWithATopBitLengthIsMalformedNotIncomplete(final String field, final int position)
    {
        final int length = write(Sample.DATA);
        final int actual = buffer.getInt(OFFSET + position, ByteOrder.LITTLE_ENDIAN);
        assertTrue(actual >= 0 && actual < 16, () -> "the sample's " + field + " is at " + position + ": " + actual);
        for (final int bad : new int[]{ 0xFFFF_FFFF, 0x8000_0000, 0xFFFF_FFFC, -(position + 4), 0xC000_0000 })
        {
            buffer.putInt(OFFSET + position, bad, ByteOrder.LITTLE_ENDIAN);
            for (int cut = position + 4; cut <= length + 8; cut++)
            {
                final String outcome = prefixOutcome(buffer, OFFSET, cut);
                final int bytes = cut;
                assertTrue(outcome.startsWith("malformed"),
                    () -> "a length of 0x" + Integer.toHexString(bad) + " in " + bytes + " bytes: " + outcome);
                assertEquals(outcome, prefixOutcomeElsewhere(cut));
            }
            for (int cut = HEADER; cut < position + 4; cut++)
            {
                // The length is not all there yet: nothing to tell.
                assertPrefixOutcome(INCOMPLETE, cut);
            }
        }
    }

    @Test
    void dataHeaderWithAWrongBlockLengthIsMalformedFromItsFirstBytes()
    {
        final int length = write(Sample.DATA);
        buffer.putShort(OFFSET + MessageHeaderEncoder.blockLengthEncodingOffset(),
            (short)(DataDecoder.BLOCK_LENGTH + 1), ByteOrder.LITTLE_ENDIAN);

        for (int cut = HEADER; cut <= length; cut++)
        {
            assertPrefixMalformed(cut, "block length");
        }
    }

    @Test
    void dataHeaderWithAWrongGroupEntryBlockLengthIsMalformedOnceTheGroupHeaderIsThere()
    {
        final int length = write(Sample.DATA);
        final int group = HEADER + DataDecoder.BLOCK_LENGTH;
        buffer.putShort(OFFSET + group, (short)(DataDecoder.FramesDecoder.sbeBlockLength() + 4),
            ByteOrder.LITTLE_ENDIAN);

        for (int cut = HEADER; cut < group + DataDecoder.FramesDecoder.sbeHeaderSize(); cut++)
        {
            assertPrefixOutcome(INCOMPLETE, cut);
        }
        for (int cut = group + DataDecoder.FramesDecoder.sbeHeaderSize(); cut <= length; cut++)
        {
            assertPrefixMalformed(cut, "group");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, WireReader.VERSION + 1, 0xFFFF })
    void dataOfAnotherVersionIsMalformedFromItsFirstBytes(final int version)
    {
        final int length = write(Sample.DATA);
        buffer.putShort(OFFSET + MessageHeaderEncoder.versionEncodingOffset(), (short)version,
            ByteOrder.LITTLE_ENDIAN);

        for (int cut = HEADER; cut <= length; cut++)
        {
            assertPrefixMalformed(cut, "protocol version", String.valueOf(version));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 173, 0xFFFF })
    void prefixWithAnotherSchemaIdIsMalformed(final int schemaId)
    {
        for (final Sample sample : List.of(Sample.DATA, Sample.CHUNK))
        {
            fill();
            final int length = write(sample);
            buffer.putShort(OFFSET + MessageHeaderEncoder.schemaIdEncodingOffset(), (short)schemaId,
                ByteOrder.LITTLE_ENDIAN);

            for (int cut = HEADER; cut <= length; cut++)
            {
                assertPrefixMalformed(cut, "schema id", String.valueOf(schemaId));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 11, 100, 0x7FFF, 0xFFFF })
    void prefixOfAnUnknownTypeIsMalformed(final int templateId)
    {
        final int length = write(Sample.DATA);
        buffer.putShort(OFFSET + MessageHeaderEncoder.templateIdEncodingOffset(), (short)templateId,
            ByteOrder.LITTLE_ENDIAN);

        for (int cut = HEADER; cut <= length; cut++)
        {
            assertPrefixMalformed(cut, "unknown", String.valueOf(templateId));
        }
    }

    // ---------------------------------------------------------------- Chunk

    @Test
    void everyProperPrefixOfAChunkHeaderIsIncompleteAndTheRestIsAChunk()
    {
        final int length = write(Sample.CHUNK);
        assertEquals(WireWriter.CHUNK_HEADER_LENGTH + WireSamples.CHUNK_BYTES.length, length);

        for (int cut = HEADER; cut < WireWriter.CHUNK_HEADER_LENGTH; cut++)
        {
            assertPrefixOutcome(INCOMPLETE, cut);
        }
        for (int cut = WireWriter.CHUNK_HEADER_LENGTH; cut <= length; cut++)
        {
            assertPrefixOutcome("template=" + ChunkDecoder.TEMPLATE_ID, cut);
            assertEquals(ChunkDecoder.TEMPLATE_ID, reader.readPrefix(buffer, OFFSET, cut));
            assertEquals(WireReader.VERSION, reader.version());
            assertEquals(WireWriter.CHUNK_HEADER_LENGTH, reader.sbeLength());
            assertEquals(WireSamples.CHUNK_BODY_OFFSET, reader.chunk().bodyOffset());
            final byte[] present = new byte[cut - reader.sbeLength()];
            reader.buffer().getBytes(reader.sbeLength(), present);
            assertArrayEquals(Arrays.copyOf(WireSamples.CHUNK_BYTES, present.length), present);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = { -1L, Integer.MIN_VALUE, Long.MIN_VALUE })
    void chunkPrefixWithANegativeBodyOffsetIsMalformedOnceTheOffsetIsThere(final long bodyOffset)
    {
        final int length = WireSamples.writeChunk(writer, buffer, OFFSET, bodyOffset, bytes("abc"));

        for (int cut = HEADER; cut < WireWriter.CHUNK_HEADER_LENGTH; cut++)
        {
            assertPrefixOutcome(INCOMPLETE, cut);
        }
        for (int cut = WireWriter.CHUNK_HEADER_LENGTH; cut <= length; cut++)
        {
            assertPrefixMalformed(cut, "negative", String.valueOf(bodyOffset));
        }
    }

    // ---------------------------------------------------------------- other types

    @ParameterizedTest
    @EnumSource(value = Sample.class, names = { "DATA", "CHUNK" }, mode = EnumSource.Mode.EXCLUDE)
    void prefixOfAWireMessageThatCannotCarryFramesBytesIsMalformed(final Sample sample)
    {
        final int length = write(sample);
        assertEquals(sample.templateId, reader.read(buffer, OFFSET, length));

        for (final int bytes : new int[]{ length, length + 1, length + 100 })
        {
            final var ex = assertThrows(MalformedWireMessageException.class,
                () -> reader.readPrefix(buffer, OFFSET, bytes), () -> sample + " of " + bytes + " bytes");
            assertMentions(ex, "cannot carry frames' bytes", String.valueOf(sample.templateId));
        }
        // The reader is not stuck in prefix mode: a whole wire message reads as ever.
        assertEquals(sample.templateId, reader.read(buffer, OFFSET, length));
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, WireReader.VERSION + 1, 0xFFFF })
    void prefixOfAHelloOfAnotherVersionIsMalformed(final int version)
    {
        final int blockLength = HelloDecoder.BLOCK_LENGTH + 8;
        new MessageHeaderEncoder().wrap(buffer, OFFSET).blockLength(blockLength).templateId(HelloDecoder.TEMPLATE_ID)
            .schemaId(MessageHeaderEncoder.SCHEMA_ID).version(version);
        new HelloEncoder().wrap(buffer, OFFSET + HEADER).socketType(SocketType.PUSH).socketId(1L).nonce(2L)
            .maxMessageSize(3L);
        final int length = HEADER + blockLength;
        assertEquals(HelloDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(version, reader.version());
        assertEquals(3L, reader.hello().maxMessageSize(), "its frozen leading fields are readable");

        final var ex = assertThrows(MalformedWireMessageException.class,
            () -> reader.readPrefix(buffer, OFFSET, length));
        assertMentions(ex, "cannot carry frames' bytes");
    }

    // ---------------------------------------------------------------- reuse

    @Test
    void readerReadsWholeWireMessagesAgainAfterAPrefix()
    {
        // After readPrefix (incomplete, or thrown), read() of a truncated wire message is malformed, never
        // the prefix reading's "incomplete".
        final int data = write(Sample.DATA);
        final int headerLength = data - 5;
        final int helloAt = OFFSET + data + 3;
        final int hello = WireSamples.write(writer, buffer, helloAt, Sample.HELLO);

        for (int round = 0; round < 2; round++)
        {
            assertEquals(WireReader.INCOMPLETE, reader.readPrefix(buffer, OFFSET, headerLength - 1));
            final var truncated = assertThrows(MalformedWireMessageException.class,
                () -> reader.read(buffer, OFFSET, headerLength - 1));
            assertMentions(truncated, "truncated");

            assertThrows(MalformedWireMessageException.class, () -> reader.readPrefix(buffer, helloAt, hello));
            assertThrows(MalformedWireMessageException.class, () -> reader.read(buffer, OFFSET, headerLength - 1));

            assertEquals(DataDecoder.TEMPLATE_ID, reader.readPrefix(buffer, OFFSET, headerLength + 2));
            assertEquals(HelloDecoder.TEMPLATE_ID, reader.read(buffer, helloAt, hello));
            assertEquals(hello, reader.sbeLength());
            assertEquals(1L << 30, reader.hello().maxMessageSize());

            assertEquals(DataDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, data));
            view.wrap(reader);
            assertTrue(view.isWhole());
        }
    }

    // ---------------------------------------------------------------- random

    @Test
    void randomPrefixesOfMutatedDataAndChunksAgreeWithRead()
    {
        // readPrefix is read() that tells a header running past the bytes given from a malformed one.
        final Random random = new Random(0xC0DEC2L);
        int incomplete = 0;
        int accepted = 0;
        for (int i = 0; i < 20_000; i++)
        {
            fill();
            final Sample sample = random.nextBoolean() ? Sample.DATA : Sample.CHUNK;
            final int length = write(sample);
            for (int m = random.nextInt(3); m > 0; m--)
            {
                buffer.putByte(OFFSET + random.nextInt(length), (byte)random.nextInt(8));
            }
            final int cut = HEADER + random.nextInt(length - HEADER + 8);

            final String prefix = prefixOutcome(buffer, OFFSET, cut);
            assertEquals(prefix, prefixOutcomeElsewhere(cut), "outcome depends on bytes past the prefix");
            final String whole = readOutcome(cut);
            if (prefix.equals(INCOMPLETE))
            {
                incomplete++;
                assertTrue(whole.startsWith("malformed") && whole.contains("truncated"), whole);
            }
            else if (prefix.startsWith("template="))
            {
                accepted++;
                assertEquals(prefix, whole);
            }
            else if (prefix.contains("cannot carry"))
            {
                // A mutated type: read() takes it for what it now is.
                assertTrue(whole.startsWith("template="), whole);
                assertNotEquals("template=" + DataDecoder.TEMPLATE_ID, whole);
                assertNotEquals("template=" + ChunkDecoder.TEMPLATE_ID, whole);
            }
            else
            {
                assertEquals(prefix, whole, "malformed either way, for the same reason");
            }
        }
        assertTrue(incomplete > 1000, "incomplete " + incomplete);
        assertTrue(accepted > 1000, "accepted " + accepted);
    }

    // ---------------------------------------------------------------- templateId

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 3, 7 })
    void templateIdOfFewerBytesThanTheHeaderIsMalformed(final int length)
    {
        write(Sample.DATA);

        final var ex = assertThrows(MalformedWireMessageException.class,
            () -> WireReader.templateId(buffer, OFFSET, length));
        assertMentions(ex, "header", String.valueOf(length));
    }

    @ParameterizedTest
    @EnumSource(Sample.class)
    void templateIdReadsTheHeaderOnly(final Sample sample)
    {
        final int length = write(sample);
        final byte[] header = new byte[OFFSET + HEADER];
        buffer.getBytes(0, header);

        assertEquals(sample.templateId, WireReader.templateId(buffer, OFFSET, length));
        assertEquals(sample.templateId, WireReader.templateId(new UnsafeBuffer(header), OFFSET, HEADER));
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 10, 0x7FFF, 0x8000, 0xFFFF })
    void templateIdIsNotValidated(final int templateId)
    {
        // Unknown types, wrong schema ids: templateId() only says what the header says, as an unsigned number.
        write(Sample.HEARTBEAT);
        buffer.putShort(OFFSET + MessageHeaderEncoder.templateIdEncodingOffset(), (short)templateId,
            ByteOrder.LITTLE_ENDIAN);
        buffer.putShort(OFFSET + MessageHeaderEncoder.schemaIdEncodingOffset(), (short)1, ByteOrder.LITTLE_ENDIAN);

        assertEquals(templateId, WireReader.templateId(buffer, OFFSET, HEADER));
    }

    // ---------------------------------------------------------------- helpers

    private int write(final Sample sample)
    {
        return WireSamples.write(writer, buffer, OFFSET, sample);
    }

    /**
     * readPrefix of the first {@code cut} bytes at {@link #OFFSET} has the expected outcome, however the bytes
     * after them are filled.
     */
    private void assertPrefixOutcome(final String expected, final int cut)
    {
        assertEquals(expected, prefixOutcome(buffer, OFFSET, cut), () -> "prefix of " + cut + " bytes");
        assertEquals(expected, prefixOutcomeElsewhere(cut), () -> "prefix of " + cut + " bytes, copied");
    }

    private void assertPrefixMalformed(final int cut, final String... words)
    {
        final var ex = assertThrows(MalformedWireMessageException.class,
            () -> reader.readPrefix(buffer, OFFSET, cut), () -> "prefix of " + cut + " bytes");
        assertMentions(ex, words);
        assertEquals(prefixOutcome(buffer, OFFSET, cut), prefixOutcomeElsewhere(cut));
    }

    /**
     * The outcome of readPrefix of the first {@code cut} bytes at {@link #OFFSET}, copied into a buffer filled
     * with 0 and into one that ends with them; the two must agree.
     */
    private String prefixOutcomeElsewhere(final int cut)
    {
        other.setMemory(0, other.capacity(), (byte)0);
        other.putBytes(OTHER_OFFSET, buffer, OFFSET, cut);
        final String copied = prefixOutcome(other, OTHER_OFFSET, cut);
        final byte[] tight = new byte[OFFSET + cut];
        buffer.getBytes(0, tight);
        assertEquals(copied, prefixOutcome(new UnsafeBuffer(tight), OFFSET, cut), "in a buffer that ends there");
        return copied;
    }

    private String prefixOutcome(final DirectBuffer source, final int offset, final int length)
    {
        try
        {
            final int templateId = reader.readPrefix(source, offset, length);
            if (WireReader.INCOMPLETE == templateId)
            {
                return INCOMPLETE;
            }
            assertTrue(templateId == DataDecoder.TEMPLATE_ID || templateId == ChunkDecoder.TEMPLATE_ID,
                "readPrefix returned " + templateId);
            assertEquals(length, reader.buffer().capacity());
            assertTrue(reader.sbeLength() <= length);
            return "template=" + templateId;
        }
        catch (final MalformedWireMessageException ex)
        {
            return "malformed: " + ex.getMessage();
        }
        catch (final RuntimeException ex)
        {
            final byte[] bytes = new byte[length];
            source.getBytes(offset, bytes);
            return fail("prefix " + HexFormat.of().formatHex(bytes) + " escaped as " + ex, ex);
        }
    }

    private String readOutcome(final int length)
    {
        try
        {
            return "template=" + reader.read(buffer, OFFSET, length);
        }
        catch (final MalformedWireMessageException ex)
        {
            return "malformed: " + ex.getMessage();
        }
    }

    private static byte[] concat(final List<byte[]> frames)
    {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (final byte[] frame : frames)
        {
            body.write(frame, 0, frame.length);
        }
        return body.toByteArray();
    }

    private static List<byte[]> frames(final int count)
    {
        final Random random = new Random(count);
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final byte[] frame = new byte[i % 4 == 0 ? 0 : random.nextInt(20)];
            random.nextBytes(frame);
            frames.add(frame);
        }
        return frames;
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
