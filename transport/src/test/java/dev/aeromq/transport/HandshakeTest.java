package dev.aeromq.transport;

import dev.aeromq.codec.MalformedWireMessageException;
import dev.aeromq.codec.WireReader;
import dev.aeromq.codec.sbe.SocketType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules of the handshake: which roles pair, and the reasons a Hello is refused.
 */
class HandshakeTest
{
    @Test
    void everyRoleHasExactlyOnePartner()
    {
        final Map<SocketType, SocketType> partners = Map.of(
            SocketType.REQ, SocketType.REP,
            SocketType.REP, SocketType.REQ,
            SocketType.PUB, SocketType.SUB,
            SocketType.SUB, SocketType.PUB,
            SocketType.PUSH, SocketType.PULL,
            SocketType.PULL, SocketType.PUSH,
            SocketType.PAIR, SocketType.PAIR);
        partners.forEach((type, partner) -> assertEquals(partner, Handshake.partner(type), type::name));
    }

    @ParameterizedTest
    @EnumSource(value = SocketType.class, names = "NULL_VAL", mode = EnumSource.Mode.EXCLUDE)
    void theRolesThatPairAreCompatibleAndNoOthers(final SocketType bound)
    {
        assertEquals(bound, Handshake.partner(Handshake.partner(bound)));
        for (final SocketType connecting : SocketType.values())
        {
            if (connecting == SocketType.NULL_VAL)
            {
                continue;
            }
            final String reason = Handshake.incompatibility(connecting, bound);
            if (connecting == Handshake.partner(bound))
            {
                assertNull(reason, connecting + " to " + bound);
            }
            else
            {
                assertEquals(connecting + " cannot connect to " + bound + ": " + bound + " pairs only with " +
                    Handshake.partner(bound) + " and " + connecting + " only with " + Handshake.partner(connecting),
                    reason);
            }
        }
    }

    @Test
    void anIncompatibilityNamesBothRolesAndWhatEachPairsWith()
    {
        assertEquals("REQ cannot connect to PULL: PULL pairs only with PUSH and REQ only with REP",
            Handshake.incompatibility(SocketType.REQ, SocketType.PULL));
        assertEquals("PUSH cannot connect to PUSH: PUSH pairs only with PULL and PUSH only with PULL",
            Handshake.incompatibility(SocketType.PUSH, SocketType.PUSH));
    }

    @Test
    void onlyAnotherProtocolVersionIsAMismatchAndItsReasonNamesBothVersionsAndTheEndpoint()
    {
        assertNull(Handshake.versionMismatch(WireReader.VERSION, "udp://127.0.0.1:5000"));
        final String reason = Handshake.versionMismatch(WireReader.VERSION + 1, "udp://127.0.0.1:5000");
        assertTrue(reason.contains("protocol version " + (WireReader.VERSION + 1)), reason);
        assertTrue(reason.contains("udp://127.0.0.1:5000 speaks version " + WireReader.VERSION), reason);
    }

    @Test
    void socketTypesAreReadFromTheWireOrRefusedAsMalformed()
    {
        for (final SocketType type : SocketType.values())
        {
            if (type != SocketType.NULL_VAL)
            {
                assertEquals(type, Handshake.socketType(type.value()));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(shorts = {Short.MIN_VALUE, -1, 0, 8, 255})
    void anUnknownSocketTypeOnTheWireIsMalformed(final short raw)
    {
        final MalformedWireMessageException ex =
            assertThrows(MalformedWireMessageException.class, () -> Handshake.socketType(raw));
        assertTrue(ex.getMessage().contains("unknown socket type " + raw), ex.getMessage());
    }
}
