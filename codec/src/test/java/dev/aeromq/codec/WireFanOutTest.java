package dev.aeromq.codec;

import dev.aeromq.codec.sbe.AttachedDecoder;
import dev.aeromq.codec.sbe.FanOutKind;
import dev.aeromq.codec.sbe.HeartbeatDecoder;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.codec.sbe.WelcomeDecoder;
import dev.aeromq.codec.sbe.WelcomeEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Locale;

import static dev.aeromq.codec.WireSamples.HEADER;
import static dev.aeromq.codec.WireSamples.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wire messages of fan-out (protocol versions 3 and 4): a Welcome's shared stream and the Attached a SUB
 * answers with.
 */
class WireFanOutTest
{
    private static final int OFFSET = 19;
    private static final Liveness LIVE = new Liveness(100_000_000L, 2_000_000_000L);
    private static final List<byte[]> PREFIXES = List.of(bytes("a"), new byte[0], bytes("üb"));

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private final WireWriter writer = new WireWriter();
    private final WireReader reader = new WireReader();

    @ParameterizedTest
    @EnumSource(value = FanOutKind.class, names = { "IPC", "MDC", "MULTICAST" })
    void welcomeCarriesItsSharedStream(final FanOutKind kind)
    {
        for (final boolean lossless : new boolean[]{ false, true })
        {
            final FanOutOffer offer = new FanOutOffer(kind, lossless, 0x8000_0000 | 77, -5, 65_535, Long.MAX_VALUE);
            final int length = writer.welcome(
                buffer, OFFSET, SocketType.PUB, 9L, 10L, 1L << 30, LIVE, PREFIXES, offer);

            assertEquals(WelcomeDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
            assertEquals(length, reader.sbeLength());
            assertEquals(offer, FanOutOffer.of(reader.welcome()), "the offer survives the wire whole");
            assertTrue(FanOutOffer.of(reader.welcome()).isShared());
            assertEquals(10L, reader.welcome().nonce(), "the fields before the shared stream's are where they were");
            assertEquals(1L << 30, reader.welcome().maxMessageSize());
            assertEquals(PREFIXES.size(), reader.welcome().prefixes().count(), "the prefixes follow the fixed block");
        }
    }

    @Test
    void welcomeWithoutASharedStreamOffersNone()
    {
        final int length = writer.welcome(buffer, OFFSET, SocketType.SUB, 1L, 2L, 3L, LIVE, List.of());

        assertEquals(WelcomeDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(FanOutOffer.NONE, FanOutOffer.of(reader.welcome()));
        assertFalse(FanOutOffer.of(reader.welcome()).isShared());
    }

    @Test
    void welcomeGrewAtTheEndOfItsFixedBlock()
    {
        // the fields of version 2 keep their offsets; the shared stream's follow them
        assertEquals(8 * 5 + 1, WelcomeEncoder.fanOutPositionEncodingOffset(), "after socketType and five longs");
        assertEquals(WelcomeEncoder.fanOutPositionEncodingOffset() + 8 + 4 + 4 + 2 + 1 + 1,
            WelcomeEncoder.BLOCK_LENGTH);
        assertTrue(WireWriter.HANDSHAKE_FIXED_LENGTH >= HEADER + WelcomeEncoder.BLOCK_LENGTH + 4,
            "the room left for a handshake's prefixes accounts for the longer Welcome");
    }

    @ParameterizedTest
    @ValueSource(ints = { 4, 0x7F, 0xFE })
    void welcomeWithAnUnknownKindIsMalformed(final int kind)
    {
        final int length = writer.welcome(buffer, OFFSET, SocketType.PUB, 1L, 2L, 3L, LIVE, List.of(),
            new FanOutOffer(FanOutKind.IPC, false, 1, 2, 0, 0));
        buffer.putByte(OFFSET + HEADER + WelcomeEncoder.fanOutKindEncodingOffset(), (byte)kind);

        assertMalformed(length, "fanoutkind", String.valueOf(kind));
    }

    @ParameterizedTest
    @ValueSource(ints = { 2, 0xFE })
    void welcomeWithABadLosslessFlagIsMalformed(final int flag)
    {
        final int length = writer.welcome(buffer, OFFSET, SocketType.PUB, 1L, 2L, 3L, LIVE, List.of(),
            new FanOutOffer(FanOutKind.MDC, true, 1, 2, 3, 4));
        buffer.putByte(OFFSET + HEADER + WelcomeEncoder.fanOutLosslessEncodingOffset(), (byte)flag);

        assertMalformed(length, "fanoutlossless", String.valueOf(flag));
    }

    @Test
    void heartbeatCarriesTheSharedStreamsPosition()
    {
        final int length = writer.heartbeat(buffer, OFFSET, 5L << 33);
        assertEquals(WireWriter.HEARTBEAT_LENGTH, length);
        assertEquals(HEADER + 8, length, "a Heartbeat is its header and one long");

        assertEquals(HeartbeatDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(5L << 33, reader.heartbeat().fanOutPosition());

        writer.heartbeat(buffer, OFFSET);
        reader.read(buffer, OFFSET, length);
        assertEquals(WireWriter.NO_FAN_OUT_POSITION, reader.heartbeat().fanOutPosition(), "a link without one");
    }

    @Test
    void heartbeatOfVersionThreeIsMalformed()
    {
        final int length = writer.heartbeat(buffer, OFFSET);
        buffer.putShort(OFFSET + 6, (short)3); // the header's version: a version 3 Heartbeat is empty

        assertMalformed(length, "protocol version", "3");
    }

    @Test
    void attachedRoundTrips()
    {
        final int length = writer.attached(buffer, OFFSET);
        assertEquals(WireWriter.ATTACHED_LENGTH, length);
        assertEquals(HEADER, length, "an Attached is its header alone");

        assertEquals(AttachedDecoder.TEMPLATE_ID, reader.read(buffer, OFFSET, length));
        assertEquals(WireReader.VERSION, reader.version());
        assertEquals(length, reader.sbeLength());
        assertEquals(AttachedDecoder.TEMPLATE_ID, WireReader.templateId(buffer, OFFSET, length));
    }

    @Test
    void attachedOfAnotherVersionIsMalformed()
    {
        final int length = writer.attached(buffer, OFFSET);
        buffer.putShort(OFFSET + 6, (short)2); // the header's version: a peer of version 2 has no Attached

        assertMalformed(length, "protocol version", "2");
    }

    @Test
    void protocolVersionIsFour()
    {
        assertEquals(4, WireReader.VERSION,
            "fan-out changed the Welcome and added Attached (3), and the Heartbeat carries the stream's position (4)");
    }

    private void assertMalformed(final int length, final String... words)
    {
        final var ex = assertThrows(MalformedWireMessageException.class, () -> reader.read(buffer, OFFSET, length));
        final String message = ex.getMessage().toLowerCase(Locale.ROOT);
        for (final String word : words)
        {
            assertTrue(message.contains(word), () -> "'" + ex.getMessage() + "' should mention " + word);
        }
    }
}
