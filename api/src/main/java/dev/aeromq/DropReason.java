package dev.aeromq;

/**
 * Why a socket dropped a message: in {@link SocketStats#droppedByReason()} and in
 * {@link SocketEvent.MessageDropped}. Each is also an Aeron counter of the socket
 * ({@code dropped: high-water mark}, ...), visible in AeronStat and {@code AeroMqStat}.
 */
public enum DropReason
{
    /**
     * A PUB's subscriber could not take it now: its receive high-water mark was reached, or its
     * stream pushed back (ZeroMQ's rule: a slow subscriber misses messages, the PUB never waits,
     * unless {@code AEROMQ_PUBLISHER_BACK_PRESSURE=wait}).
     */
    HIGH_WATER_MARK,
    /** It arrived at a SUB for a topic the SUB does not (or no longer) subscribe to. */
    NOT_SUBSCRIBED,
    /** It is larger than the receiving socket's {@code maxMessageSize} (at a PUB: than the subscriber's). */
    TOO_LARGE,
    /** A wire message of it broke the protocol (also reported to the error handler). */
    MALFORMED,
    /** The peer left before the message was whole, or before a reply to it could be sent. */
    PEER_GONE,
    /** Its sender gave up on it part-way (a send that timed out, or a sender that died mid-message). */
    CUT_SHORT,
    /** A PUB's subscriber took its start but not the rest within the peer timeout. */
    SEND_TIMEOUT,
    /** The socket did not expect it: a reply to no outstanding request, or data sent to a PUB or PUSH. */
    UNEXPECTED,
    /** The socket's {@link FrameAllocator} threw, or returned too little memory for it. */
    ALLOCATOR_FAILED
}
