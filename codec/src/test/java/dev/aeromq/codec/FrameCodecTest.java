package dev.aeromq.codec;

import dev.aeromq.codec.sbe.BooleanType;
import dev.aeromq.codec.sbe.ByeDecoder;
import dev.aeromq.codec.sbe.ByeEncoder;
import dev.aeromq.codec.sbe.DataDecoder;
import dev.aeromq.codec.sbe.DataEncoder;
import dev.aeromq.codec.sbe.HeartbeatDecoder;
import dev.aeromq.codec.sbe.HeartbeatEncoder;
import dev.aeromq.codec.sbe.HelloDecoder;
import dev.aeromq.codec.sbe.HelloEncoder;
import dev.aeromq.codec.sbe.MessageHeaderEncoder;
import dev.aeromq.codec.sbe.RejectDecoder;
import dev.aeromq.codec.sbe.RejectEncoder;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.codec.sbe.SubscriptionAction;
import dev.aeromq.codec.sbe.SubscriptionDecoder;
import dev.aeromq.codec.sbe.SubscriptionEncoder;
import dev.aeromq.codec.sbe.WelcomeDecoder;
import dev.aeromq.codec.sbe.WelcomeEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Round trips of every wire frame through the generated SBE codecs and {@link FrameReader}, and
 * rejection of frames that are not well-formed AeroMQ frames.
 */
class FrameCodecTest
{
    /** Frames are encoded at an odd, non-zero offset so any offset-0 assumption shows up. */
    private static final int OFFSET = 37;
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    /** Bytes around the frame; read() must never look at them. */
    private static final byte FILL = (byte)0xA5;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * 1024]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final FrameReader reader = new FrameReader();

    @BeforeEach
    void fill()
    {
        buffer.setMemory(0, buffer.capacity(), FILL);
    }

    // ---------------------------------------------------------------- round trips

    @Test
    void helloRoundTripsWithSubscriptionsAndReplyChannel()
    {
        final var encoder = new HelloEncoder().wrapAndApplyHeader(buffer, OFFSET, header)
            .protocolVersion(1)
            .socketType(SocketType.SUB)
            .socketId(0x0123_4567_89AB_CDEFL)
            .replyStreamId(-42);
        final var subs = encoder.subscriptionsCount(3);
        for (final String prefix : List.of("", "weather.", "ünïcødé/"))
        {
            final byte[] bytes = prefix.getBytes(StandardCharsets.UTF_8);
            subs.next().putPrefix(bytes, 0, bytes.length);
        }
        encoder.replyChannel("aeron:udp?endpoint=127.0.0.1:40123");
        final int length = HEADER + encoder.encodedLength();

        assertEquals(HelloDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(length, reader.sbeLength());

        final HelloDecoder hello = reader.hello();
        assertEquals(1, hello.protocolVersion());
        assertEquals(SocketType.SUB, hello.socketType());
        assertEquals(0x0123_4567_89AB_CDEFL, hello.socketId());
        assertEquals(-42, hello.replyStreamId());
        final List<String> prefixes = new ArrayList<>();
        for (final HelloDecoder.SubscriptionsDecoder sub : hello.subscriptions())
        {
            final byte[] bytes = new byte[sub.prefixLength()];
            sub.getPrefix(bytes, 0, bytes.length);
            prefixes.add(new String(bytes, StandardCharsets.UTF_8));
        }
        assertEquals(List.of("", "weather.", "ünïcødé/"), prefixes);
        assertEquals("aeron:udp?endpoint=127.0.0.1:40123", hello.replyChannel());
    }

    @Test
    void helloRoundTripsWithNoSubscriptionsAndEmptyReplyChannel()
    {
        final var encoder = new HelloEncoder().wrapAndApplyHeader(buffer, OFFSET, header)
            .protocolVersion(1)
            .socketType(SocketType.REQ)
            .socketId(Long.MIN_VALUE)
            .replyStreamId(Integer.MAX_VALUE);
        encoder.subscriptionsCount(0);
        encoder.replyChannel("");
        final int length = HEADER + encoder.encodedLength();

        assertEquals(HelloDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(length, reader.sbeLength());
        final HelloDecoder hello = reader.hello();
        assertEquals(SocketType.REQ, hello.socketType());
        assertEquals(Long.MIN_VALUE, hello.socketId());
        assertEquals(Integer.MAX_VALUE, hello.replyStreamId());
        assertEquals(0, hello.subscriptions().count());
        assertEquals("", hello.replyChannel());
    }

    @Test
    void welcomeRoundTrips()
    {
        final var encoder = new WelcomeEncoder().wrapAndApplyHeader(buffer, OFFSET, header)
            .protocolVersion(1)
            .socketType(SocketType.PUB)
            .socketId(77L);
        final var subs = encoder.subscriptionsCount(2);
        subs.next().putPrefix(bytes("a"), 0, 1);
        subs.next().putPrefix(bytes("bc"), 0, 2);
        final int length = HEADER + encoder.encodedLength();

        assertEquals(WelcomeDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(length, reader.sbeLength());
        final WelcomeDecoder welcome = reader.welcome();
        assertEquals(1, welcome.protocolVersion());
        assertEquals(SocketType.PUB, welcome.socketType());
        assertEquals(77L, welcome.socketId());
        final List<String> prefixes = new ArrayList<>();
        for (final WelcomeDecoder.SubscriptionsDecoder sub : welcome.subscriptions())
        {
            final byte[] bytes = new byte[sub.prefixLength()];
            sub.getPrefix(bytes, 0, bytes.length);
            prefixes.add(new String(bytes, StandardCharsets.UTF_8));
        }
        assertEquals(List.of("a", "bc"), prefixes);
    }

    @Test
    void rejectRoundTripsWithReason()
    {
        final String reason = "PAIR already has a peer; a PAIR socket talks to exactly one";
        final var encoder = new RejectEncoder().wrapAndApplyHeader(buffer, OFFSET, header)
            .socketType(SocketType.PAIR)
            .socketId(-1L)
            .reason(reason);
        final int length = HEADER + encoder.encodedLength();

        assertEquals(RejectDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(length, reader.sbeLength());
        final RejectDecoder reject = reader.reject();
        assertEquals(SocketType.PAIR, reject.socketType());
        assertEquals(-1L, reject.socketId());
        assertEquals(reason, reject.reason());
    }

    @Test
    void dataRoundTripsWithInlineAndAttachedPartsMetadataAndTopic()
    {
        // Mixed order on purpose: inline and attached parts interleave, and each kind is read
        // back in order from its own region (inlineParts vs. bytes after the SBE part).
        final List<byte[]> parts = List.of(
            bytes("hello"), random(2000, 1), new byte[0], bytes("abc"), random(1500, 2));
        final boolean[] attached = { false, true, false, false, true };
        final Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("content-type", "application/octet-stream");
        metadata.put("trace", "");
        final byte[] topic = bytes("market.eu.trades");

        final var encoder = new DataEncoder().wrapAndApplyHeader(buffer, OFFSET, header)
            .socketId(123_456_789_012L)
            .correlationId(-987L);
        final var partsEncoder = encoder.partsCount(parts.size());
        for (int i = 0; i < parts.size(); i++)
        {
            partsEncoder.next().length(parts.get(i).length)
                .attached(attached[i] ? BooleanType.TRUE : BooleanType.FALSE);
        }
        final var metadataEncoder = encoder.metadataCount(metadata.size());
        metadata.forEach((k, v) -> metadataEncoder.next().key(k).value(v));
        encoder.putTopic(topic, 0, topic.length);
        final byte[] inline = concat(parts, attached, false);
        encoder.putInlineParts(inline, 0, inline.length);
        final int sbeLength = HEADER + encoder.encodedLength();
        // Attachments follow the SBE part, as Publication.offer(DirectBufferVector[]) gathers them.
        final byte[] attachments = concat(parts, attached, true);
        buffer.putBytes(OFFSET + sbeLength, attachments);
        final int length = sbeLength + attachments.length;

        assertEquals(DataDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(sbeLength, reader.sbeLength(), "attachments start right after the SBE part");

        final DataDecoder data = reader.data();
        assertEquals(123_456_789_012L, data.socketId());
        assertEquals(-987L, data.correlationId());
        final List<Integer> lengths = new ArrayList<>();
        final List<Boolean> attachedRead = new ArrayList<>();
        for (final DataDecoder.PartsDecoder part : data.parts())
        {
            lengths.add(part.length());
            attachedRead.add(part.attached() == BooleanType.TRUE);
        }
        final Map<String, String> metadataRead = new LinkedHashMap<>();
        for (final DataDecoder.MetadataDecoder entry : data.metadata())
        {
            final String key = entry.key();
            metadataRead.put(key, entry.value());
        }
        final byte[] topicRead = new byte[data.topicLength()];
        data.getTopic(topicRead, 0, topicRead.length);
        final UnsafeBuffer inlineView = new UnsafeBuffer(0, 0);
        data.wrapInlineParts(inlineView);

        assertEquals(parts.size(), lengths.size());
        assertEquals(metadata, metadataRead);
        assertArrayEquals(topic, topicRead);
        assertEquals(inline.length, inlineView.capacity());

        // Rebuild every part from the two regions, as the transport's receive path does.
        final DirectBuffer frame = reader.frame();
        int inlineCursor = 0;
        int attachmentCursor = reader.sbeLength();
        for (int i = 0; i < parts.size(); i++)
        {
            final byte[] part = new byte[lengths.get(i)];
            if (attachedRead.get(i))
            {
                frame.getBytes(attachmentCursor, part);
                attachmentCursor += part.length;
            }
            else
            {
                inlineView.getBytes(inlineCursor, part);
                inlineCursor += part.length;
            }
            assertEquals(attached[i], attachedRead.get(i), "attached flag of part " + i);
            assertArrayEquals(parts.get(i), part, "part " + i);
        }
        assertEquals(length, attachmentCursor, "attachments fill the frame exactly");
    }

    @Test
    void dataRoundTripsWithNothingInIt()
    {
        final var encoder = new DataEncoder().wrapAndApplyHeader(buffer, OFFSET, header)
            .socketId(1)
            .correlationId(0);
        encoder.partsCount(0);
        encoder.metadataCount(0);
        encoder.putTopic(new byte[0], 0, 0);
        encoder.putInlineParts(new byte[0], 0, 0);
        final int length = HEADER + encoder.encodedLength();

        assertEquals(DataDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(length, reader.sbeLength());
        final DataDecoder data = reader.data();
        assertEquals(0, data.parts().count());
        assertEquals(0, data.metadata().count());
        assertEquals(0, data.topicLength());
        data.skipTopic();
        assertEquals(0, data.inlinePartsLength());
    }

    @Test
    void heartbeatRoundTrips()
    {
        final var encoder = new HeartbeatEncoder().wrapAndApplyHeader(buffer, OFFSET, header).socketId(99L);
        final int length = HEADER + encoder.encodedLength();

        assertEquals(HeartbeatDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(length, reader.sbeLength());
        assertEquals(99L, reader.heartbeat().socketId());
    }

    @ParameterizedTest
    @ValueSource(booleans = { false, true })
    void byeRoundTripsWithAck(final boolean ack)
    {
        final var encoder = new ByeEncoder().wrapAndApplyHeader(buffer, OFFSET, header)
            .socketId(5L)
            .ack(ack ? BooleanType.TRUE : BooleanType.FALSE);
        final int length = HEADER + encoder.encodedLength();

        assertEquals(ByeDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(length, reader.sbeLength());
        assertEquals(5L, reader.bye().socketId());
        assertEquals(ack ? BooleanType.TRUE : BooleanType.FALSE, reader.bye().ack());
    }

    @ParameterizedTest
    @ValueSource(strings = { "SUBSCRIBE", "UNSUBSCRIBE" })
    void subscriptionRoundTrips(final String actionName)
    {
        final SubscriptionAction action = SubscriptionAction.valueOf(actionName);
        final byte[] prefix = bytes("news.");
        final var encoder = new SubscriptionEncoder().wrapAndApplyHeader(buffer, OFFSET, header)
            .socketId(8L)
            .action(action)
            .putPrefix(prefix, 0, prefix.length);
        final int length = HEADER + encoder.encodedLength();

        assertEquals(SubscriptionDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(length, reader.sbeLength());
        final SubscriptionDecoder subscription = reader.subscription();
        assertEquals(8L, subscription.socketId());
        assertEquals(action, subscription.action());
        final byte[] read = new byte[subscription.prefixLength()];
        subscription.getPrefix(read, 0, read.length);
        assertArrayEquals(prefix, read);
    }

    @Test
    void readerIsReusableAcrossFramesOfDifferentTypes()
    {
        // One FrameReader per polling thread sees every type in turn; state must not leak between reads.
        final int reject = encodeReject("first");
        assertEquals(RejectDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, reject));
        assertEquals("first", reader.reject().reason());

        final int heartbeat = HEADER + new HeartbeatEncoder().wrapAndApplyHeader(buffer, OFFSET + 1000, header)
            .socketId(3).encodedLength();
        assertEquals(HeartbeatDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET + 1000, heartbeat));
        assertEquals(heartbeat, reader.sbeLength());
        assertEquals(3, reader.heartbeat().socketId());

        assertEquals(RejectDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, reject));
        assertEquals(reject, reader.sbeLength());
        assertEquals("first", reader.reject().reason());
    }

    // ---------------------------------------------------------------- rejections

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 4, 7 })
    void frameShorterThanHeaderIsMalformed(final int length)
    {
        final var ex = assertThrows(MalformedFrameException.class, () -> reader.read(buffer, OFFSET, length));
        assertMentions(ex, "header");
        assertMentions(ex, String.valueOf(length));
    }

    @Test
    void wrongSchemaIdIsMalformed()
    {
        final int length = encodeHeartbeat();
        buffer.putShort(OFFSET + MessageHeaderEncoder.schemaIdEncodingOffset(), (short)99, ByteOrder.LITTLE_ENDIAN);

        final var ex = assertThrows(MalformedFrameException.class, () -> reader.read(buffer, OFFSET, length));
        assertMentions(ex, "schema");
        assertMentions(ex, "99");
    }

    @Test
    void wrongVersionIsMalformed()
    {
        final int length = encodeHeartbeat();
        buffer.putShort(OFFSET + MessageHeaderEncoder.versionEncodingOffset(), (short)2, ByteOrder.LITTLE_ENDIAN);

        final var ex = assertThrows(MalformedFrameException.class, () -> reader.read(buffer, OFFSET, length));
        assertMentions(ex, "version");
        assertMentions(ex, "2");
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 8, 99, 65535 })
    void unknownTemplateIdIsMalformed(final int templateId)
    {
        final int length = encodeHeartbeat();
        buffer.putShort(OFFSET + MessageHeaderEncoder.templateIdEncodingOffset(), (short)templateId,
            ByteOrder.LITTLE_ENDIAN);

        final var ex = assertThrows(MalformedFrameException.class, () -> reader.read(buffer, OFFSET, length));
        assertMentions(ex, "unknown");
        assertMentions(ex, String.valueOf(templateId));
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 4, 9, 65535 })
    void wrongBlockLengthIsMalformed(final int blockLength)
    {
        final int length = encodeHeartbeat();
        buffer.putShort(OFFSET + MessageHeaderEncoder.blockLengthEncodingOffset(), (short)blockLength,
            ByteOrder.LITTLE_ENDIAN);

        final var ex = assertThrows(MalformedFrameException.class, () -> reader.read(buffer, OFFSET, length));
        assertMentions(ex, "block length");
    }

    @Test
    void varDataLengthRunningPastTheFrameIsTruncated()
    {
        final int length = encodeReject("bad");
        // The reason's length prefix sits right after header + block; claim 1000 bytes of a 3-byte field.
        buffer.putInt(OFFSET + HEADER + RejectEncoder.BLOCK_LENGTH, 1000, ByteOrder.LITTLE_ENDIAN);

        final var ex = assertThrows(MalformedFrameException.class, () -> reader.read(buffer, OFFSET, length));
        assertMentions(ex, "truncated");
    }

    @Test
    void varDataLengthInsideAGroupRunningPastTheFrameIsTruncated()
    {
        final var encoder = new HelloEncoder().wrapAndApplyHeader(buffer, OFFSET, header)
            .protocolVersion(1).socketType(SocketType.SUB).socketId(1).replyStreamId(1);
        encoder.subscriptionsCount(1).next().putPrefix(bytes("abc"), 0, 3);
        encoder.replyChannel("x");
        final int length = HEADER + encoder.encodedLength();
        final int prefixLengthAt = OFFSET + HEADER + HelloEncoder.BLOCK_LENGTH +
            HelloEncoder.SubscriptionsEncoder.sbeHeaderSize() + HelloEncoder.SubscriptionsEncoder.sbeBlockLength();
        buffer.putInt(prefixLengthAt, 50_000, ByteOrder.LITTLE_ENDIAN);

        final var ex = assertThrows(MalformedFrameException.class, () -> reader.read(buffer, OFFSET, length));
        assertMentions(ex, "truncated");
    }

    @ParameterizedTest
    @ValueSource(ints = { 0x4000_0001, 0x1000 })
    void hugeVarDataLengthIsMalformed(final int rawLength)
    {
        final int length = encodeReject("bad");
        buffer.putInt(OFFSET + HEADER + RejectEncoder.BLOCK_LENGTH, rawLength, ByteOrder.LITTLE_ENDIAN);

        final var ex = assertThrows(MalformedFrameException.class, () -> reader.read(buffer, OFFSET, length));
        assertMentions(ex, "truncated");
    }

    @ParameterizedTest
    @ValueSource(ints = { 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0xFFFF_FFFD })
    void varDataLengthWithTopBitSetIsMalformed(final int rawLength)
    {
        // The generated decoders read uint32 lengths as (int), so these turn negative or overflow the limit;
        // the schema caps them at 1 GiB.
        final int length = encodeReject("bad");
        buffer.putInt(OFFSET + HEADER + RejectEncoder.BLOCK_LENGTH, rawLength, ByteOrder.LITTLE_ENDIAN);

        final var ex = assertThrows(MalformedFrameException.class, () -> reader.read(buffer, OFFSET, length),
            () -> "accepted a var-data length of 0x" + Integer.toHexString(rawLength) + ", sbeLength()=" +
                reader.sbeLength());
        assertMentionsAny(ex, "truncated", "length");
    }

    @Test
    void frameCutShortByAFewBytesIsTruncated()
    {
        final int length = encodeData();
        for (int cut = 1; cut <= 3; cut++)
        {
            final int shorter = length - cut;
            final var ex = assertThrows(MalformedFrameException.class, () -> reader.read(buffer, OFFSET, shorter),
                "cut by " + cut);
            assertMentions(ex, "truncated");
        }
    }

    @Test
    void everyPrefixOfEveryFrameTypeIsMalformed()
    {
        // Whatever point a frame is cut at, the reader fails cleanly, never with another exception.
        final List<IntSupplier> encoders = List.of(
            this::encodeHello, this::encodeWelcome, () -> encodeReject("no"), this::encodeData,
            this::encodeHeartbeat, this::encodeBye, this::encodeSubscription);
        for (final IntSupplier encode : encoders)
        {
            fill();
            final int length = encode.getAsInt();
            final int templateId = reader.read(buffer, OFFSET, length);
            for (int cut = 0; cut < length; cut++)
            {
                try
                {
                    reader.read(buffer, OFFSET, cut);
                    fail("template " + templateId + " of " + length + " bytes accepted when cut to " + cut);
                }
                catch (final MalformedFrameException expected)
                {
                    assertFalse(expected.getMessage() == null || expected.getMessage().isBlank());
                }
            }
        }
    }

    @Test
    void garbageBytesAreMalformed()
    {
        final Random random = new Random(20_24);
        for (int i = 0; i < 2000; i++)
        {
            final int length = random.nextInt(64);
            final byte[] garbage = new byte[length];
            random.nextBytes(garbage);
            buffer.putBytes(OFFSET, garbage);
            // Random bytes match schema 174 + version 1 with odds of 1 in 2^32: always rejected here.
            assertThrows(MalformedFrameException.class, () -> reader.read(buffer, OFFSET, length),
                () -> "accepted garbage " + Arrays.toString(garbage));
        }
    }

    @Test
    void garbageBodyBehindAValidHeaderNeverEscapesAsAnotherException()
    {
        // A correct header with a random body is the hard case: either a clean rejection, or an
        // accepted frame whose SBE part fits in it. (That the SBE part also covers at least header +
        // block is not checked here: see varDataLengthWithTopBitSetIsMalformed.)
        final Random random = new Random(42);
        final int[][] types = {
            { HelloDecoder.TEMPLATE_ID, HelloDecoder.BLOCK_LENGTH },
            { WelcomeDecoder.TEMPLATE_ID, WelcomeDecoder.BLOCK_LENGTH },
            { RejectDecoder.TEMPLATE_ID, RejectDecoder.BLOCK_LENGTH },
            { DataDecoder.TEMPLATE_ID, DataDecoder.BLOCK_LENGTH },
            { SubscriptionDecoder.TEMPLATE_ID, SubscriptionDecoder.BLOCK_LENGTH },
        };
        for (int i = 0; i < 5000; i++)
        {
            final int[] type = types[random.nextInt(types.length)];
            final int length = HEADER + random.nextInt(96);
            final byte[] body = new byte[length - HEADER];
            random.nextBytes(body);
            header.wrap(buffer, OFFSET).blockLength(type[1]).templateId(type[0])
                .schemaId(MessageHeaderEncoder.SCHEMA_ID).version(MessageHeaderEncoder.SCHEMA_VERSION);
            buffer.putBytes(OFFSET + HEADER, body);
            try
            {
                reader.read(buffer, OFFSET, length);
                assertTrue(reader.sbeLength() <= length,
                    "accepted template " + type[0] + " of " + length + " bytes with sbeLength " + reader.sbeLength());
            }
            catch (final MalformedFrameException expected)
            {
                // fine
            }
            catch (final RuntimeException ex)
            {
                fail("template " + type[0] + " body " + Arrays.toString(body) + " escaped as " + ex, ex);
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private int encodeHello()
    {
        final var encoder = new HelloEncoder().wrapAndApplyHeader(buffer, OFFSET, header)
            .protocolVersion(1).socketType(SocketType.SUB).socketId(11).replyStreamId(1002);
        final var subs = encoder.subscriptionsCount(2);
        subs.next().putPrefix(bytes("a."), 0, 2);
        subs.next().putPrefix(bytes("b."), 0, 2);
        encoder.replyChannel("aeron:ipc");
        return HEADER + encoder.encodedLength();
    }

    private int encodeWelcome()
    {
        final var encoder = new WelcomeEncoder().wrapAndApplyHeader(buffer, OFFSET, header)
            .protocolVersion(1).socketType(SocketType.PUB).socketId(12);
        encoder.subscriptionsCount(1).next().putPrefix(bytes("x"), 0, 1);
        return HEADER + encoder.encodedLength();
    }

    private int encodeReject(final String reason)
    {
        return HEADER + new RejectEncoder().wrapAndApplyHeader(buffer, OFFSET, header)
            .socketType(SocketType.PAIR).socketId(13).reason(reason).encodedLength();
    }

    private int encodeData()
    {
        final var encoder = new DataEncoder().wrapAndApplyHeader(buffer, OFFSET, header)
            .socketId(14).correlationId(15);
        final var parts = encoder.partsCount(2);
        parts.next().length(3).attached(BooleanType.FALSE);
        parts.next().length(2).attached(BooleanType.FALSE);
        encoder.metadataCount(1).next().key("k").value("v");
        encoder.putTopic(bytes("t"), 0, 1);
        encoder.putInlineParts(bytes("abcde"), 0, 5);
        return HEADER + encoder.encodedLength();
    }

    private int encodeHeartbeat()
    {
        return HEADER + new HeartbeatEncoder().wrapAndApplyHeader(buffer, OFFSET, header).socketId(16).encodedLength();
    }

    private int encodeBye()
    {
        return HEADER + new ByeEncoder().wrapAndApplyHeader(buffer, OFFSET, header)
            .socketId(17).ack(BooleanType.TRUE).encodedLength();
    }

    private int encodeSubscription()
    {
        return HEADER + new SubscriptionEncoder().wrapAndApplyHeader(buffer, OFFSET, header)
            .socketId(18).action(SubscriptionAction.SUBSCRIBE).putPrefix(bytes("p"), 0, 1).encodedLength();
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random(final int length, final long seed)
    {
        final byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(final List<byte[]> parts, final boolean[] attached, final boolean wantAttached)
    {
        final var out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < parts.size(); i++)
        {
            if (attached[i] == wantAttached)
            {
                out.writeBytes(parts.get(i));
            }
        }
        return out.toByteArray();
    }

    private static void assertMentions(final Throwable ex, final String word)
    {
        assertMentionsAny(ex, word);
    }

    private static void assertMentionsAny(final Throwable ex, final String... words)
    {
        final String message = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
        for (final String word : words)
        {
            if (message.contains(word.toLowerCase(Locale.ROOT)))
            {
                return;
            }
        }
        fail("message \"" + ex.getMessage() + "\" mentions none of " + Arrays.toString(words));
    }
}
