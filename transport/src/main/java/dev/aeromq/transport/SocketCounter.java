package dev.aeromq.transport;

/**
 * The figures every socket counts, each also an Aeron counter in the media driver's CnC file, so
 * {@code AeronStat} (and AeroMQ's own {@code AeroMqStat}) show them. AeroMQ's counters use type ids
 * {@value #FIRST_TYPE_ID} to {@value #LAST_TYPE_ID} (its wire schema id is 174), clear of Aeron's own
 * (below 1000).
 * <p>
 * Each counter's <b>label</b> is {@code aeromq TYPE SOCKET_ID ENDPOINT: FIGURE}, e.g.
 * {@code aeromq PUSH 1f2e3d4c5b6a7988 ipc://work: messages sent}: the socket's type, its 64-bit id in
 * hex (as in the handshake), and the first endpoint it bound (port resolved) or connected to. Its
 * <b>key</b> is the socket id (8 bytes, little-endian) then the process id (8 bytes), so a reader
 * groups a socket's counters without parsing labels.
 * <p>
 * The sent, received and peer figures are registered as soon as the socket has an endpoint; the
 * rarer ones (a drop reason, a timeout, a refusal) when they first happen, so a healthy socket shows
 * a short list.
 */
public enum SocketCounter
{
    /** Messages sent (a PUB counts one per subscriber it went to). */
    MESSAGES_SENT(1740, "messages sent", true),
    /** Payload bytes of the messages sent. */
    BYTES_SENT(1741, "bytes sent", true),
    /** Messages received whole and taken by the socket. */
    MESSAGES_RECEIVED(1742, "messages received", true),
    /** Payload bytes of the messages received. */
    BYTES_RECEIVED(1743, "bytes received", true),
    /** Peers joined now (a gauge). */
    PEERS(1744, "peers", true),
    /** Messages dropped, for any reason: the sum of the {@code dropped:} counters. */
    MESSAGES_DROPPED(1745, "messages dropped", true),
    /** Handshakes this socket refused (a Reject sent). */
    PEERS_REJECTED(1746, "peers rejected", false),
    /** Times a peer this socket connected to refused it. */
    REJECTED_BY_PEERS(1747, "rejected by peers", false),
    /** Sends that had to wait because every peer pushed back. */
    BACK_PRESSURE_WAITS(1748, "back-pressure waits", false),
    /** Sends that timed out (the caller got a TimeoutException). */
    SEND_TIMEOUTS(1749, "send timeouts", false),
    /** Monitor events a slow listener missed (its queue was full). */
    EVENTS_LOST(1750, "monitor events lost", false),
    /** Dropped: {@link DropReason#HIGH_WATER_MARK}. */
    DROPPED_HIGH_WATER_MARK(1751, "dropped: high-water mark", false),
    /** Dropped: {@link DropReason#NOT_SUBSCRIBED}. */
    DROPPED_NOT_SUBSCRIBED(1752, "dropped: not subscribed", false),
    /** Dropped: {@link DropReason#TOO_LARGE}. */
    DROPPED_TOO_LARGE(1753, "dropped: too large", false),
    /** Dropped: {@link DropReason#MALFORMED}. */
    DROPPED_MALFORMED(1754, "dropped: malformed", false),
    /** Dropped: {@link DropReason#PEER_GONE}. */
    DROPPED_PEER_GONE(1755, "dropped: peer gone", false),
    /** Dropped: {@link DropReason#CUT_SHORT}. */
    DROPPED_CUT_SHORT(1756, "dropped: cut short", false),
    /** Dropped: {@link DropReason#SEND_TIMEOUT}. */
    DROPPED_SEND_TIMEOUT(1757, "dropped: send timeout", false),
    /** Dropped: {@link DropReason#UNEXPECTED}. */
    DROPPED_UNEXPECTED(1758, "dropped: unexpected", false),
    /** Dropped: {@link DropReason#ALLOCATOR_FAILED}. */
    DROPPED_ALLOCATOR_FAILED(1759, "dropped: allocator failed", false);

    /** The first type id of AeroMQ's counters. */
    public static final int FIRST_TYPE_ID = 1740;
    /** The last type id of AeroMQ's counters. */
    public static final int LAST_TYPE_ID = 1759;
    /** Where the socket id lies in a counter's key. */
    public static final int KEY_SOCKET_ID_OFFSET = 0;
    /** Where the process id lies in a counter's key. */
    public static final int KEY_PID_OFFSET = 8;
    /** Length of a counter's key. */
    public static final int KEY_LENGTH = 16;

    private static final SocketCounter[] VALUES = values();
    private static final int FIRST_DROPPED = DROPPED_HIGH_WATER_MARK.ordinal();

    private final int typeId;
    private final String figure;
    private final boolean always;

    SocketCounter(final int typeId, final String figure, final boolean always)
    {
        this.typeId = typeId;
        this.figure = figure;
        this.always = always;
    }

    /**
     * @return the Aeron counter type id.
     */
    public int typeId()
    {
        return typeId;
    }

    /**
     * @return what it counts, as the end of its label says.
     */
    public String figure()
    {
        return figure;
    }

    /**
     * @return true if registered with the socket's first endpoint; false if only once it is non-zero.
     */
    boolean always()
    {
        return always;
    }

    /**
     * @param reason a drop reason.
     * @return the counter of the messages dropped for it.
     */
    public static SocketCounter dropped(final DropReason reason)
    {
        return VALUES[FIRST_DROPPED + reason.ordinal()];
    }

    /**
     * @param typeId an Aeron counter type id.
     * @return AeroMQ's counter of that type, or null if it is not one of AeroMQ's.
     */
    public static SocketCounter ofTypeId(final int typeId)
    {
        return typeId >= FIRST_TYPE_ID && typeId <= LAST_TYPE_ID ? VALUES[typeId - FIRST_TYPE_ID] : null;
    }

    /**
     * @param socketType the socket's type.
     * @param socketId   its id.
     * @param endpoint   its first endpoint.
     * @return the start of every label of its counters, up to the colon.
     */
    public static String socketName(final String socketType, final long socketId, final String endpoint)
    {
        return "aeromq " + socketType + " " + String.format("%016x", socketId) + " " + endpoint;
    }
}
