package dev.aeromq.codec;

import dev.aeromq.codec.sbe.AbortDecoder;
import dev.aeromq.codec.sbe.BooleanType;
import dev.aeromq.codec.sbe.ByeDecoder;
import dev.aeromq.codec.sbe.ChunkDecoder;
import dev.aeromq.codec.sbe.DataDecoder;
import dev.aeromq.codec.sbe.HeartbeatDecoder;
import dev.aeromq.codec.sbe.HelloDecoder;
import dev.aeromq.codec.sbe.PrefixAction;
import dev.aeromq.codec.sbe.PrefixDecoder;
import dev.aeromq.codec.sbe.RejectDecoder;
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

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static dev.aeromq.codec.WireSamples.HEADER;
import static dev.aeromq.codec.WireSamples.bytes;
import static dev.aeromq.codec.WireSamples.metadata;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Round trips of every wire message type written by {@link WireWriter} and read back by {@link WireReader}
 * (and {@link DataView} for a Data), plus {@link Utf8#length}.
 * <p>
 * Every wire message is written at an odd, non-zero offset of a buffer pre-filled with a sentinel byte, so an
 * offset-0 assumption, a write past the returned length or a read outside the wire message shows up.
 */
class WireCodecTest
{
    private static final Liveness LIVE = new Liveness(100_000_000L, 2_000_000_000L);
    /** Odd and non-zero, so that no offset-0 or alignment assumption survives. */
    private static final int OFFSET = 37;
    /** Bytes around the wire message; the writer must not write them, the reader must not read them. */
    private static final byte FILL = (byte)0xA5;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256 * 1024]);
    private final WireWriter writer = new WireWriter();
    private final WireReader reader = new WireReader();
    private final DataView view = new DataView();

    @BeforeEach
    void fill()
    {
        buffer.setMemory(0, buffer.capacity(), FILL);
    }

    // ---------------------------------------------------------------- Hello

    static Stream<Arguments> prefixLists()
    {
        return Stream.of(
            arguments(List.of()),
            arguments(List.of(new byte[0])),
            arguments(List.of(bytes("weather."))),
            arguments(List.of(new byte[0], bytes("weather."), bytes("ünïcødé/"), bytes("日本/"), bytes("😀"),
                new byte[0], new byte[]{ 0, (byte)0xFF, (byte)0x80 })),
            arguments(manyPrefixes(300)));
    }

    @ParameterizedTest
    @MethodSource("prefixLists")
    void helloRoundTrips(final List<byte[]> prefixes)
    {
        final int length = writer.hello(
            buffer, OFFSET, SocketType.SUB, 0x0123_4567_89AB_CDEFL, -5L, -42, 65535, 3L << 30,
            new Liveness(123L, 456L), prefixes);
        assertUntouchedOutside(length);

        assertEquals(HelloDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(WireReader.VERSION, reader.version());
        assertEquals(length, reader.sbeLength());
        assertEquals(length, reader.buffer().capacity());
        final HelloDecoder hello = reader.hello();
        assertEquals(SocketType.SUB, hello.socketType());
        assertEquals(0x0123_4567_89AB_CDEFL, hello.socketId());
        assertEquals(-5L, hello.nonce());
        assertEquals(-42, hello.replyStreamId());
        assertEquals(65535, hello.replyPort());
        assertEquals(3L << 30, hello.maxMessageSize());
        assertEquals(123L, hello.heartbeatIntervalNs());
        assertEquals(456L, hello.peerTimeoutNs());
        assertPrefixes(prefixes, readPrefixes(hello.prefixes()));
        assertEquals(length, hello.limit(), "the prefixes end the Hello");
    }

    @ParameterizedTest
    @EnumSource(value = SocketType.class, names = "NULL_VAL", mode = EnumSource.Mode.EXCLUDE)
    void helloRoundTripsEverySocketTypeAndExtremeValues(final SocketType type)
    {
        final int length = writer.hello(
            buffer, OFFSET, type, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE, 0, Long.MAX_VALUE,
            new Liveness(Long.MAX_VALUE, Long.MIN_VALUE), List.of());

        assertEquals(HelloDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        final HelloDecoder hello = reader.hello();
        assertEquals(type, hello.socketType());
        assertEquals(Long.MIN_VALUE, hello.socketId());
        assertEquals(Long.MAX_VALUE, hello.nonce());
        assertEquals(Integer.MAX_VALUE, hello.replyStreamId());
        assertEquals(0, hello.replyPort());
        assertEquals(Long.MAX_VALUE, hello.maxMessageSize());
        assertEquals(0, hello.prefixes().count());
    }

    @ParameterizedTest
    @ValueSource(longs = { 0L, 1L, 65_536L, 1L << 31, Long.MAX_VALUE, -1L, Long.MIN_VALUE })
    void helloAndWelcomeRoundTripMaxMessageSize(final long maxMessageSize)
    {
        // The codec carries any int64; what a socket makes of a negative one is not its business.
        final List<byte[]> prefixes = List.of(bytes("p"));
        final int hello = writer.hello(buffer, OFFSET, SocketType.SUB, 1L, 2L, 3, 4, maxMessageSize, LIVE, prefixes);
        assertUntouchedOutside(hello);
        assertEquals(HelloDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, hello));
        assertEquals(maxMessageSize, reader.hello().maxMessageSize());
        assertEquals(4, reader.hello().replyPort(), "maxMessageSize follows replyPort");
        assertPrefixes(prefixes, readPrefixes(reader.hello().prefixes()));

        fill();
        final int welcome = writer.welcome(buffer, OFFSET, SocketType.PUB, 5L, 6L, maxMessageSize, LIVE, prefixes);
        assertUntouchedOutside(welcome);
        assertEquals(WelcomeDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, welcome));
        assertEquals(maxMessageSize, reader.welcome().maxMessageSize());
        assertEquals(6L, reader.welcome().nonce(), "maxMessageSize follows the nonce");
        assertPrefixes(prefixes, readPrefixes(reader.welcome().prefixes()));
    }

    // ---------------------------------------------------------------- Welcome

    @ParameterizedTest
    @MethodSource("prefixLists")
    void welcomeRoundTrips(final List<byte[]> prefixes)
    {
        final int length =
            writer.welcome(buffer, OFFSET, SocketType.PUB, 77L, Long.MIN_VALUE, 1L << 20, LIVE, prefixes);
        assertUntouchedOutside(length);

        assertEquals(WelcomeDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(WireReader.VERSION, reader.version());
        assertEquals(length, reader.sbeLength());
        final WelcomeDecoder welcome = reader.welcome();
        assertEquals(SocketType.PUB, welcome.socketType());
        assertEquals(77L, welcome.socketId());
        assertEquals(Long.MIN_VALUE, welcome.nonce());
        assertEquals(1L << 20, welcome.maxMessageSize());
        assertPrefixes(prefixes, readPrefixes(welcome.prefixes()));
        assertEquals(length, welcome.limit());
    }

    // ---------------------------------------------------------------- Reject

    @ParameterizedTest
    @ValueSource(strings = {
        "", "PAIR already has a peer; a PAIR socket talks to exactly one",
        "ünïcødé — 日本語 😀 refused", "\u0000 nul and \u007F del" })
    void rejectRoundTripsWithReason(final String reason)
    {
        final int length = writer.reject(buffer, OFFSET, SocketType.PAIR, -1L, 0x55AA_55AA_55AA_55AAL, reason);
        assertUntouchedOutside(length);

        assertEquals(RejectDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(WireReader.VERSION, reader.version());
        assertEquals(length, reader.sbeLength());
        final RejectDecoder reject = reader.reject();
        assertEquals(SocketType.PAIR, reject.socketType());
        assertEquals(-1L, reject.socketId());
        assertEquals(0x55AA_55AA_55AA_55AAL, reject.nonce());
        assertEquals(bytes(reason).length, reject.reasonLength());
        assertEquals(reason, reject.reason());
    }

    // ---------------------------------------------------------------- Data

    static Stream<Arguments> dataMessages()
    {
        final Map<String, String> nonAscii = metadata(
            "content-type", "application/octet-stream",
            "trace", "",
            "", "empty key",
            "clé", "värde 日本 😀",
            "日本", "ü");
        return Stream.of(
            arguments("nothing", 0L, List.of(), Map.of(), ""),
            arguments("one frame", 1L, List.of(bytes("hello")), Map.of(), ""),
            arguments("one empty frame", -1L, List.of(new byte[0]), Map.of(), "t"),
            arguments("topic only", Long.MIN_VALUE, List.of(), Map.of(), "market.eu.trades"),
            arguments("metadata only", Long.MAX_VALUE, List.of(), nonAscii, ""),
            arguments("many frames", -987L,
                List.of(bytes("hello"), random(2000, 1), new byte[0], bytes("abc"), new byte[0], new byte[0],
                    random(1500, 2), new byte[0]),
                nonAscii, "market.eu.trades"),
            arguments("empty frame between others", 42L,
                List.of(bytes("a"), new byte[0], bytes("b")), metadata("k", "v"), "ünïcødé/tøpic"),
            arguments("more frames than the view's first arrays", 7L, frames(300), metadata("n", "300"), "bulk"),
            arguments("a big frame", 8L, List.of(random(100_000, 3)), Map.of(), "big"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dataMessages")
    void dataRoundTrips(
        final String name,
        final long correlationId,
        final List<byte[]> frames,
        final Map<String, String> metadata,
        final String topic)
    {
        final byte[] topicBytes = bytes(topic);
        final int headerLength = writer.dataHeader(
            buffer, OFFSET, correlationId, WireSamples.buffers(frames), metadata, topicBytes);
        assertEquals(WireWriter.dataHeaderLength(frames.size(), metadata, topicBytes.length), headerLength,
            "dataHeaderLength agrees with dataHeader");
        assertUntouchedOutside(headerLength);
        final int length = WireSamples.writeData(writer, buffer, OFFSET, correlationId, frames, metadata, topicBytes);
        assertUntouchedOutside(length);

        assertEquals(DataDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(WireReader.VERSION, reader.version());
        assertEquals(headerLength, reader.sbeLength(), "the frames start right after the header");
        assertEquals(correlationId, reader.data().correlationId());

        assertSame(view, view.wrap(reader));
        assertSame(reader.buffer(), view.buffer());
        assertDataView(correlationId, frames, metadata, topic, headerLength);
    }

    @Test
    void dataHeaderLengthCountsUtf8BytesOfMetadataNotChars()
    {
        final Map<String, String> metadata = metadata("é", "日本", "😀", "a\uD800b", "\uDC00", "");
        final int expected = WireWriter.dataHeaderLength(0, Map.of(), 0) +
            metadata.size() * (DataDecoder.MetadataDecoder.keyHeaderLength() +
            DataDecoder.MetadataDecoder.valueHeaderLength()) +
            2 + 6 + 4 + 3 + 1 + 0;

        assertEquals(expected, WireWriter.dataHeaderLength(0, metadata, 0));
        assertEquals(expected, writer.dataHeader(buffer, OFFSET, 0L, new DirectBuffer[0], metadata, new byte[0]));
    }

    @Test
    void dataHeaderLengthCountsFramesAndTopic()
    {
        final int empty = WireWriter.dataHeaderLength(0, Map.of(), 0);
        assertEquals(HEADER + DataDecoder.BLOCK_LENGTH + DataDecoder.FramesDecoder.sbeHeaderSize() +
            DataDecoder.MetadataDecoder.sbeHeaderSize() + DataDecoder.TensorsDecoder.sbeHeaderSize() +
            DataDecoder.topicHeaderLength(), empty);
        assertEquals(empty + 3 * DataDecoder.FramesDecoder.sbeBlockLength() + 11,
            WireWriter.dataHeaderLength(3, Map.of(), 11));
    }

    @Test
    void dataViewTopicStartsWithIsBytewisePrefixMatching()
    {
        wrapData("topic abc");
        assertTrue(view.topicStartsWith(bytes("topic")));
        assertTrue(view.topicStartsWith(bytes("topic abc")));
        assertTrue(view.topicStartsWith(bytes("t")));
        assertTrue(view.topicStartsWith(new byte[0]), "the empty prefix matches everything");
        assertFalse(view.topicStartsWith(bytes("topix")));
        assertFalse(view.topicStartsWith(bytes("opic")));
        assertFalse(view.topicStartsWith(bytes("Topic")));
        assertFalse(view.topicStartsWith(bytes("topic abcd")), "a prefix longer than the topic");

        wrapData("topic");
        assertTrue(view.topicStartsWith(bytes("topic")));
        assertFalse(view.topicStartsWith(bytes("topic ")));
        assertFalse(view.topicStartsWith(bytes("topic abc")));

        wrapData("");
        assertTrue(view.topicStartsWith(new byte[0]));
        assertFalse(view.topicStartsWith(bytes("t")));

        // Byte-wise, not char-wise: the first byte of a two-byte character is a prefix of it.
        wrapData("ü");
        assertTrue(view.topicStartsWith(new byte[]{ (byte)0xC3 }));
        assertTrue(view.topicStartsWith(bytes("ü")));
        assertFalse(view.topicStartsWith(bytes("u")));
    }

    @Test
    void dataViewTopicDoesNotMatchTheBytesThatFollowIt()
    {
        // The first frame's bytes follow the topic: a prefix longer than the topic must not reach into them.
        final int length = WireSamples.writeData(
            writer, buffer, OFFSET, 0L, List.of(bytes("bc")), Map.of(), bytes("a"));
        assertEquals(DataDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        view.wrap(reader);

        assertTrue(view.topicStartsWith(bytes("a")));
        assertFalse(view.topicStartsWith(bytes("ab")));
        assertFalse(view.topicStartsWith(bytes("abc")));
    }

    @Test
    void dataViewIsReusableAcrossDataWireMessages()
    {
        final List<byte[]> many = frames(20);
        final Map<String, String> metadata = metadata("a", "b");
        final int first = WireSamples.writeData(writer, buffer, OFFSET, 1L, many, metadata, bytes("first"));
        assertEquals(DataDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, first));
        view.wrap(reader);
        assertDataView(1L, many, metadata, "first", reader.sbeLength());

        final int secondOffset = OFFSET + first + 3;
        final int second = WireSamples.writeData(
            writer, buffer, secondOffset, 2L, List.of(bytes("x")), Map.of(), bytes(""));
        assertEquals(DataDecoder.TEMPLATE_ID, reader.read(buffer, secondOffset, second));
        view.wrap(reader);
        assertDataView(2L, List.of(bytes("x")), Map.of(), "", reader.sbeLength());

        assertEquals(DataDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, first));
        view.wrap(reader);
        assertDataView(1L, many, metadata, "first", reader.sbeLength());
    }

    /**
     * BUG: {@link DataView#wrap} walks {@code reader.data()} to its end and leaves it there, although
     * {@link WireReader#data()} promises a decoder positioned at its fixed block: wrapping the same wire message
     * again (or reading {@code reader.data()} after the view) reads the frames' bytes as group headers.
     */
    @Test
    void dataViewLeavesTheReadersDecoderAtItsFixedBlock()
    {
        final int length = WireSamples.write(writer, buffer, OFFSET, WireSamples.Sample.DATA);
        assertEquals(DataDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        view.wrap(reader);

        assertEquals(WireSamples.DATA_FRAMES.size(), reader.data().frames().count());
        assertEquals(DataDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        view.wrap(reader);
        view.wrap(reader);
        assertDataView(15L, WireSamples.DATA_FRAMES, WireSamples.DATA_METADATA, "t.ü", reader.sbeLength());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dataMessages")
    void dataContinuedByChunksRoundTrips(
        final String name,
        final long correlationId,
        final List<byte[]> frames,
        final Map<String, String> metadata,
        final String topic)
    {
        final byte[] body = concat(frames);
        final byte[] topicBytes = bytes(topic);
        final int headerLength = WireWriter.dataHeaderLength(frames.size(), metadata, topicBytes.length);
        for (final int piece : new int[]{ 1, 13, 4096 })
        {
            // The Data carries the first piece of the frames' bytes (all of them if they fit), Chunks the rest.
            final int first = Math.min(piece, body.length);
            final int length = writeDataStart(correlationId, frames, metadata, topicBytes, body, first);
            assertEquals(headerLength + first, length);
            assertUntouchedOutside(length);

            assertEquals(DataDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
            assertEquals(headerLength, reader.sbeLength());
            assertSame(view, view.wrap(reader));
            assertDataHeader(correlationId, frames, metadata, topic);
            assertEquals(first == body.length, view.isWhole(), "whole only if every frame's byte is there");
            assertEquals(first, view.bodyPresent());
            assertEquals(body.length, view.bodyLength());
            assertEquals(headerLength, view.bodyOffset());
            final ByteArrayOutputStream gathered = new ByteArrayOutputStream();
            gathered.write(bytesOf(view.buffer(), view.bodyOffset(), view.bodyPresent()), 0, view.bodyPresent());

            final int written = OFFSET + Math.max(length, WireWriter.CHUNK_HEADER_LENGTH + piece) + 64;
            for (int at = first; at < body.length; at += piece)
            {
                final int count = Math.min(piece, body.length - at);
                buffer.setMemory(0, written, FILL);
                final int chunk = WireSamples.writeChunk(
                    writer, buffer, OFFSET, at, Arrays.copyOfRange(body, at, at + count));
                assertEquals(WireWriter.CHUNK_HEADER_LENGTH + count, chunk);
                assertUntouchedOutside(chunk);

                assertEquals(ChunkDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, chunk));
                assertEquals(at, reader.chunk().bodyOffset());
                assertEquals(WireWriter.CHUNK_HEADER_LENGTH, reader.sbeLength());
                assertEquals(chunk, reader.buffer().capacity());
                gathered.write(bytesOf(reader.buffer(), reader.sbeLength(), count), 0, count);
            }
            assertArrayEquals(body, gathered.toByteArray(), "the Data and its Chunks carry the frames' bytes");
            fill();
        }
    }

    @Test
    void dataViewOfANonWholeDataPlacesTheFramesThatStartAmongTheBytesPresent()
    {
        final List<byte[]> frames = List.of(bytes("abc"), new byte[0], bytes("defg"), bytes("hi"));
        final byte[] body = concat(frames);
        final int length = writeDataStart(5L, frames, Map.of(), bytes("t"), body, 5);
        assertEquals(DataDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        view.wrap(reader);

        assertFalse(view.isWhole());
        assertEquals(5, view.bodyPresent());
        assertEquals(9, view.bodyLength());
        final int bodyOffset = view.bodyOffset();
        assertEquals(length - 5, bodyOffset);
        assertEquals(bodyOffset, view.frameOffset(0));
        assertEquals(bodyOffset + 3, view.frameOffset(1));
        assertEquals(bodyOffset + 3, view.frameOffset(2), "begins among the bytes present, ends past them");
        assertEquals(bodyOffset + 7, view.frameOffset(3), "begins past the bytes present");
        assertArrayEquals(bytes("abc"), bytesOf(view.buffer(), view.frameOffset(0), view.frameLength(0)));
        assertArrayEquals(bytes("de"), bytesOf(view.buffer(), view.frameOffset(2), 2));
    }

    // ---------------------------------------------------------------- Chunk, Abort

    @ParameterizedTest
    @ValueSource(longs = { 0L, 1L, 65_535L, 1L << 31, 1L << 32, Long.MAX_VALUE })
    void chunkRoundTrips(final long bodyOffset)
    {
        final int headerLength = writer.chunk(buffer, OFFSET, bodyOffset);
        assertEquals(WireWriter.CHUNK_HEADER_LENGTH, headerLength);
        assertEquals(HEADER + ChunkDecoder.BLOCK_LENGTH, headerLength);
        assertUntouchedOutside(headerLength);

        // A Chunk of its header alone is well formed (if useless); usually the frames' bytes follow it.
        assertEquals(ChunkDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, headerLength));
        assertEquals(WireReader.VERSION, reader.version());
        assertEquals(headerLength, reader.sbeLength());
        assertEquals(bodyOffset, reader.chunk().bodyOffset());

        final byte[] bytes = random(1000, bodyOffset);
        final int length = WireSamples.writeChunk(writer, buffer, OFFSET, bodyOffset, bytes);
        assertEquals(headerLength + bytes.length, length);
        assertUntouchedOutside(length);

        assertEquals(ChunkDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(headerLength, reader.sbeLength(), "the frames' bytes start right after the header");
        assertEquals(length, reader.buffer().capacity());
        assertEquals(bodyOffset, reader.chunk().bodyOffset());
        assertArrayEquals(bytes, bytesOf(reader.buffer(), reader.sbeLength(), length - reader.sbeLength()));
        assertEquals(ChunkDecoder.TEMPLATE_ID, WireReader.templateId(buffer, OFFSET, length));
    }

    @Test
    void abortRoundTrips()
    {
        final int length = writer.abort(buffer, OFFSET);
        assertEquals(WireWriter.ABORT_LENGTH, length);
        assertEquals(HEADER + AbortDecoder.BLOCK_LENGTH, length);
        assertEquals(HEADER, length, "an Abort is its header alone");
        assertUntouchedOutside(length);

        assertEquals(AbortDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(WireReader.VERSION, reader.version());
        assertEquals(length, reader.sbeLength());
        assertEquals(AbortDecoder.TEMPLATE_ID, WireReader.templateId(buffer, OFFSET, length));
    }

    // ---------------------------------------------------------------- Heartbeat, Bye, Prefix

    @Test
    void heartbeatRoundTrips()
    {
        final int length = writer.heartbeat(buffer, OFFSET);
        assertEquals(WireWriter.HEARTBEAT_LENGTH, length);
        assertEquals(HEADER + HeartbeatDecoder.BLOCK_LENGTH, length);
        assertUntouchedOutside(length);

        assertEquals(HeartbeatDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(WireReader.VERSION, reader.version());
        assertEquals(length, reader.sbeLength());
    }

    @ParameterizedTest
    @ValueSource(booleans = { false, true })
    void byeRoundTripsWithAck(final boolean ack)
    {
        final int length = writer.bye(buffer, OFFSET, ack);
        assertEquals(WireWriter.BYE_LENGTH, length);
        assertEquals(HEADER + ByeDecoder.BLOCK_LENGTH, length);
        assertUntouchedOutside(length);

        assertEquals(ByeDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(WireReader.VERSION, reader.version());
        assertEquals(length, reader.sbeLength());
        assertEquals(ack ? BooleanType.TRUE : BooleanType.FALSE, reader.bye().ack());
    }

    static Stream<Arguments> prefixMessages()
    {
        return Stream.of(
            arguments(true, ""),
            arguments(false, ""),
            arguments(true, "news."),
            arguments(false, "news."),
            arguments(true, "ünïcødé/日本/😀"),
            arguments(false, "ünïcødé/日本/😀"));
    }

    @ParameterizedTest
    @MethodSource("prefixMessages")
    void prefixRoundTrips(final boolean add, final String text)
    {
        final byte[] prefix = bytes(text);
        final int length = writer.prefix(buffer, OFFSET, add, 17L, prefix);
        assertUntouchedOutside(length);

        assertEquals(PrefixDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(WireReader.VERSION, reader.version());
        assertEquals(length, reader.sbeLength());
        final PrefixDecoder decoder = reader.prefix();
        assertEquals(add ? PrefixAction.ADD : PrefixAction.REMOVE, decoder.action());

        assertEquals(prefix.length, reader.prefixLength());
        assertEquals(length, reader.prefixOffset() + reader.prefixLength(), "the prefix ends the wire message");
        final byte[] viaOffsets = new byte[reader.prefixLength()];
        reader.buffer().getBytes(reader.prefixOffset(), viaOffsets);
        assertArrayEquals(prefix, viaOffsets);

        final byte[] viaDecoder = new byte[decoder.prefixLength()];
        decoder.getPrefix(viaDecoder, 0, viaDecoder.length);
        assertArrayEquals(prefix, viaDecoder);
    }

    // ---------------------------------------------------------------- reuse

    @Test
    void readerIsReusableAcrossWireMessagesOfDifferentTypes()
    {
        // One reader per polling thread sees every type in turn, at different places: no state may leak.
        final int rejectAt = OFFSET;
        final int reject = writer.reject(buffer, rejectAt, SocketType.REP, 1L, 2L, "first");
        final int dataAt = rejectAt + reject + 1;
        final List<byte[]> frames = List.of(bytes("f0"), new byte[0], bytes("f2"));
        final int data = WireSamples.writeData(writer, buffer, dataAt, 3L, frames, metadata("k", "v"), bytes("t"));
        final int heartbeatAt = dataAt + data + 5;
        final int heartbeat = writer.heartbeat(buffer, heartbeatAt);
        final int helloAt = heartbeatAt + heartbeat + 7;
        final int hello = writer.hello(buffer, helloAt, SocketType.SUB, 4L, 5L, 6, 7, 8L, LIVE, List.of(bytes("p")));
        final int prefixAt = helloAt + hello + 9;
        final int prefix = writer.prefix(buffer, prefixAt, false, 3L, bytes("gone"));
        final int byeAt = prefixAt + prefix + 11;
        final int bye = writer.bye(buffer, byeAt, false);
        final int welcomeAt = byeAt + bye + 13;
        final int welcome = writer.welcome(buffer, welcomeAt, SocketType.PUB, 8L, 9L, 10L, LIVE, List.of());
        final int chunkAt = welcomeAt + welcome + 15;
        final int chunk = WireSamples.writeChunk(writer, buffer, chunkAt, 12L, bytes("more"));
        final int abortAt = chunkAt + chunk + 17;
        final int abort = writer.abort(buffer, abortAt);

        for (int round = 0; round < 2; round++)
        {
            assertEquals(RejectDecoder.TEMPLATE_ID, reader.read(buffer, rejectAt, reject));
            assertEquals(reject, reader.sbeLength());
            assertEquals("first", reader.reject().reason());

            assertEquals(DataDecoder.TEMPLATE_ID, reader.read(buffer, dataAt, data));
            view.wrap(reader);
            assertDataView(3L, frames, metadata("k", "v"), "t", reader.sbeLength());

            assertEquals(HeartbeatDecoder.TEMPLATE_ID, reader.read(buffer, heartbeatAt, heartbeat));
            assertEquals(heartbeat, reader.sbeLength());

            assertEquals(HelloDecoder.TEMPLATE_ID, reader.read(buffer, helloAt, hello));
            assertEquals(hello, reader.sbeLength());
            assertEquals(4L, reader.hello().socketId());
            assertEquals(8L, reader.hello().maxMessageSize());
            assertPrefixes(List.of(bytes("p")), readPrefixes(reader.hello().prefixes()));

            assertEquals(PrefixDecoder.TEMPLATE_ID, reader.read(buffer, prefixAt, prefix));
            assertEquals(PrefixAction.REMOVE, reader.prefix().action());
            assertEquals("gone", reader.buffer().getStringWithoutLengthUtf8(
                reader.prefixOffset(), reader.prefixLength()));

            assertEquals(ByeDecoder.TEMPLATE_ID, reader.read(buffer, byeAt, bye));
            assertEquals(BooleanType.FALSE, reader.bye().ack());

            assertEquals(WelcomeDecoder.TEMPLATE_ID, reader.read(buffer, welcomeAt, welcome));
            assertEquals(welcome, reader.sbeLength());
            assertEquals(8L, reader.welcome().socketId());
            assertEquals(10L, reader.welcome().maxMessageSize());
            assertEquals(0, reader.welcome().prefixes().count());

            assertEquals(ChunkDecoder.TEMPLATE_ID, reader.read(buffer, chunkAt, chunk));
            assertEquals(WireWriter.CHUNK_HEADER_LENGTH, reader.sbeLength());
            assertEquals(12L, reader.chunk().bodyOffset());
            assertEquals("more", reader.buffer().getStringWithoutLengthUtf8(reader.sbeLength(), 4));

            assertEquals(AbortDecoder.TEMPLATE_ID, reader.read(buffer, abortAt, abort));
            assertEquals(WireWriter.ABORT_LENGTH, reader.sbeLength());
        }
    }

    @Test
    void readerRecoversAfterAMalformedWireMessage()
    {
        final int length = writer.bye(buffer, OFFSET, true);
        assertThrows(MalformedWireMessageException.class, () -> reader.read(buffer, OFFSET, length - 1));
        assertThrows(MalformedWireMessageException.class, () -> reader.read(buffer, OFFSET, 3));

        assertEquals(ByeDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(length, reader.sbeLength());
        assertEquals(BooleanType.TRUE, reader.bye().ack());
    }

    // ---------------------------------------------------------------- Utf8

    @ParameterizedTest
    @ValueSource(strings = {
        "", "a", "hello, world", "\u0000", "\u007F",
        "\u0080", "é", "ß", "\u07FF", "ünïcødé",
        "\u0800", "€", "日本語", "\uD7FF", "\uE000", "\uFFFF",
        "😀", "a😀b", "\uD83D\uDE00\uD83D\uDE01", "\uDBFF\uDFFF", "mixed: a é € 😀 日本",
        "\uD800", "\uDC00", "x\uD83D", "\uDE00\uD83D", "\uD83D\uD83D\uDE00", "\uD83Dx\uDE00" })
    void utf8LengthAgreesWithJavaEncoding(final String text)
    {
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, Utf8.length(text), text);
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, Utf8.length(new StringBuilder(text)), text);
    }

    @Test
    void utf8LengthAgreesWithJavaEncodingOnRandomText()
    {
        final Random random = new Random(8);
        for (int i = 0; i < 2000; i++)
        {
            final char[] chars = new char[random.nextInt(16)];
            for (int j = 0; j < chars.length; j++)
            {
                chars[j] = switch (random.nextInt(5))
                {
                    case 0 -> (char)random.nextInt(0x80);
                    case 1 -> (char)(0x80 + random.nextInt(0x800 - 0x80));
                    case 2 -> (char)(0xD800 + random.nextInt(0x800));
                    default -> (char)random.nextInt(0x10000);
                };
            }
            final String text = new String(chars);
            assertEquals(text.getBytes(StandardCharsets.UTF_8).length, Utf8.length(text),
                () -> "chars " + Arrays.toString(text.chars().toArray()));
        }
    }

    // ---------------------------------------------------------------- helpers

    private void wrapData(final String topic)
    {
        final int length = WireSamples.writeData(writer, buffer, OFFSET, 0L, List.of(), Map.of(), bytes(topic));
        assertEquals(DataDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        view.wrap(reader);
        assertEquals(topic, view.topic());
    }

    private void assertDataView(
        final long correlationId,
        final List<byte[]> frames,
        final Map<String, String> metadata,
        final String topic,
        final int headerLength)
    {
        assertDataHeader(correlationId, frames, metadata, topic);
        assertTrue(view.isWhole());
        assertEquals(headerLength, view.bodyOffset());
        assertEquals(view.buffer().capacity() - headerLength, view.bodyPresent());

        long total = 0;
        int expectedOffset = headerLength;
        for (int i = 0; i < frames.size(); i++)
        {
            final byte[] expected = frames.get(i);
            assertEquals(expectedOffset, view.frameOffset(i), "offset of frame " + i);
            final byte[] actual = new byte[view.frameLength(i)];
            view.buffer().getBytes(view.frameOffset(i), actual);
            assertArrayEquals(expected, actual, "frame " + i);
            expectedOffset += expected.length;
            total += expected.length;
        }
        assertEquals(total, view.bodyLength());
        assertEquals(view.buffer().capacity(), expectedOffset, "the frames fill the wire message exactly");
    }

    /**
     * Everything a Data's header says, whether or not its frames' bytes are all there.
     */
    private void assertDataHeader(
        final long correlationId,
        final List<byte[]> frames,
        final Map<String, String> metadata,
        final String topic)
    {
        assertEquals(correlationId, view.correlationId());
        assertEquals(frames.size(), view.frameCount());
        assertEquals(Map.copyOf(metadata), view.metadata());
        assertEquals(topic, view.topic());
        final byte[] topicBytes = bytes(topic);
        assertEquals(topicBytes.length, view.topicLength());
        final byte[] copied = new byte[topicBytes.length + 2];
        Arrays.fill(copied, (byte)'#');
        view.copyTopic(copied);
        assertArrayEquals(topicBytes, Arrays.copyOf(copied, topicBytes.length));
        assertEquals('#', copied[topicBytes.length], "copyTopic copies the topic only");
        assertTrue(view.topicStartsWith(topicBytes));
        long total = 0;
        for (int i = 0; i < frames.size(); i++)
        {
            assertEquals(frames.get(i).length, view.frameLength(i), "length of frame " + i);
            total += frames.get(i).length;
        }
        assertEquals(total, view.bodyLength());
    }

    /**
     * Write a Data header at {@link #OFFSET} and the first {@code present} of its frames' bytes after it.
     *
     * @return the length of the wire message.
     */
    private int writeDataStart(
        final long correlationId,
        final List<byte[]> frames,
        final Map<String, String> metadata,
        final byte[] topic,
        final byte[] body,
        final int present)
    {
        final int headerLength = writer.dataHeader(
            buffer, OFFSET, correlationId, WireSamples.buffers(frames), metadata, topic);
        buffer.putBytes(OFFSET + headerLength, body, 0, present);
        return headerLength + present;
    }

    private static byte[] bytesOf(final DirectBuffer source, final int index, final int length)
    {
        final byte[] bytes = new byte[length];
        source.getBytes(index, bytes);
        return bytes;
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

    private void assertUntouchedOutside(final int length)
    {
        for (int i = 0; i < OFFSET; i++)
        {
            assertEquals(FILL, buffer.getByte(i), "byte " + i + " before the wire message");
        }
        for (int i = OFFSET + length, end = OFFSET + length + 64; i < end; i++)
        {
            assertEquals(FILL, buffer.getByte(i), "byte " + (i - OFFSET) + " after the wire message's start");
        }
    }

    private static List<byte[]> readPrefixes(final HelloDecoder.PrefixesDecoder group)
    {
        final List<byte[]> prefixes = new ArrayList<>();
        for (final HelloDecoder.PrefixesDecoder entry : group)
        {
            final byte[] bytes = new byte[entry.prefixLength()];
            entry.getPrefix(bytes, 0, bytes.length);
            prefixes.add(bytes);
        }
        return prefixes;
    }

    private static List<byte[]> readPrefixes(final WelcomeDecoder.PrefixesDecoder group)
    {
        final List<byte[]> prefixes = new ArrayList<>();
        for (final WelcomeDecoder.PrefixesDecoder entry : group)
        {
            final byte[] bytes = new byte[entry.prefixLength()];
            entry.getPrefix(bytes, 0, bytes.length);
            prefixes.add(bytes);
        }
        return prefixes;
    }

    private static void assertPrefixes(final List<byte[]> expected, final List<byte[]> actual)
    {
        assertEquals(expected.size(), actual.size(), "number of prefixes");
        for (int i = 0; i < expected.size(); i++)
        {
            assertArrayEquals(expected.get(i), actual.get(i), "prefix " + i);
        }
    }

    private static List<byte[]> manyPrefixes(final int count)
    {
        final List<byte[]> prefixes = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            prefixes.add(bytes("p".repeat(i % 7) + i));
        }
        return prefixes;
    }

    private static List<byte[]> frames(final int count)
    {
        final List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            frames.add(random(i % 5 == 0 ? 0 : i % 37, i));
        }
        return frames;
    }

    private static byte[] random(final int length, final long seed)
    {
        final byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
