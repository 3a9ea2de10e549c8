package dev.aeromq.transport;

import dev.aeromq.codec.MalformedWireMessageException;
import dev.aeromq.codec.WireReader;
import dev.aeromq.codec.sbe.SocketType;

/**
 * The rules of the handshake: which roles pair, and the reasons a Hello is refused.
 */
final class Handshake
{
    private Handshake()
    {
    }

    /**
     * @param type a role.
     * @return the only role it pairs with: REQ-REP, PUB-SUB, PUSH-PULL, PAIR-PAIR.
     */
    static SocketType partner(final SocketType type)
    {
        return switch (type)
        {
            case REQ -> SocketType.REP;
            case REP -> SocketType.REQ;
            case PUB -> SocketType.SUB;
            case SUB -> SocketType.PUB;
            case PUSH -> SocketType.PULL;
            case PULL -> SocketType.PUSH;
            case PAIR -> SocketType.PAIR;
            case NULL_VAL -> SocketType.NULL_VAL;
        };
    }

    /**
     * @param connecting the connector's role.
     * @param bound      the binder's role.
     * @return null if they pair, else the reason naming both.
     */
    static String incompatibility(final SocketType connecting, final SocketType bound)
    {
        return partner(bound) == connecting ? null : connecting + " cannot connect to " + bound + ": " + bound +
            " pairs only with " + partner(bound) + " and " + connecting + " only with " + partner(connecting);
    }

    /**
     * @param peerVersion the protocol version of a peer's Hello.
     * @param endpoint    where it came in.
     * @return null if it is this version, else the reason.
     */
    static String versionMismatch(final int peerVersion, final String endpoint)
    {
        return peerVersion == WireReader.VERSION ? null : "protocol version " + peerVersion +
            " is not supported; " + endpoint + " speaks version " + WireReader.VERSION +
            ": run the same AeroMQ release on both sides";
    }

    /**
     * @param raw the wire value.
     * @return the role.
     * @throws MalformedWireMessageException if it is no role.
     */
    static SocketType socketType(final short raw)
    {
        if (raw < 1 || raw > SocketType.PAIR.value())
        {
            throw new MalformedWireMessageException("unknown socket type " + raw);
        }
        return SocketType.get(raw);
    }
}
