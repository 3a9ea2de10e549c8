package dev.aeromq.transport;

/**
 * What one peer can make a socket hold, whatever it sends: the bounds that keep a hostile or broken
 * peer from exhausting memory, media-driver resources or the engine's time. They are fixed (a peer
 * that needs more is doing something AeroMQ does not support); the number of peers is a setting.
 */
public final class Limits
{
    /** Handshakes a binding answers at once; Hellos beyond them wait for their connector's next try. */
    public static final int MAX_PENDING_HANDSHAKES_PER_BINDING = 64;

    /** Handshakes a binding answers at once for one UDP source address. */
    public static final int MAX_PENDING_HANDSHAKES_PER_SOURCE = 32;

    /** New handshakes a binding starts per second (each opens a publication); as many may start at once. */
    public static final int MAX_NEW_HANDSHAKES_PER_SECOND = 200;

    /** Bytes of one topic prefix. */
    public static final int MAX_PREFIX_LENGTH = 1024;

    /** Prefixes one SUB may hold at a PUB. */
    public static final int MAX_PREFIXES = 65_536;

    /** Bytes of all prefixes one SUB may hold at a PUB. */
    public static final int MAX_PREFIX_BYTES = 4 * 1024 * 1024;

    private Limits()
    {
    }
}
