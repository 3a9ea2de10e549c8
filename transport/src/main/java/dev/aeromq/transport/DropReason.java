package dev.aeromq.transport;

/**
 * Why a socket dropped a message, as a user would read it: each is a counter of its own
 * ({@link SocketCounter}) and a reason in the monitor's message-dropped event. The api mirrors these
 * by name in its public {@code DropReason}.
 */
public enum DropReason
{
    /** A PUB's subscriber could not take it now: its receive high-water mark was reached, or its stream pushed back. */
    HIGH_WATER_MARK("the subscriber could not take it now (its high-water mark was reached or it pushed back)"),
    /** It arrived at a SUB for a topic the SUB does not (or no longer) subscribe to. */
    NOT_SUBSCRIBED("no subscribed prefix matches its topic"),
    /** It is larger than the receiving socket's maxMessageSize (at a PUB: than the subscriber's). */
    TOO_LARGE("it is larger than the receiver's maxMessageSize"),
    /** A wire message of it broke the protocol. */
    MALFORMED("a wire message broke the protocol"),
    /** The peer left before the message was whole, or before a reply to it could be sent. */
    PEER_GONE("the peer left before it was whole or before it could be sent"),
    /** Its sender gave up on it part-way (an Abort, or the next message began first). */
    CUT_SHORT("its sender gave up on it part-way"),
    /** A PUB's subscriber took its start but not the rest in time (the peer timeout). */
    SEND_TIMEOUT("the subscriber took its start but not the rest in time"),
    /** The socket did not expect it: a reply to no outstanding request, or data sent to a socket that only sends. */
    UNEXPECTED("the socket did not expect it (a stale reply, or data for a socket that only sends)"),
    /** The socket's FrameAllocator failed, or gave too little memory for it. */
    ALLOCATOR_FAILED("the FrameAllocator failed or gave too little memory");

    private final String description;

    DropReason(final String description)
    {
        this.description = description;
    }

    /**
     * @return the reason in words, for logs.
     */
    public String description()
    {
        return description;
    }
}
