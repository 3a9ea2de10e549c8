package dev.aeromq.transport;

/**
 * Why a peer left a socket: every way a link ends goes through one leave with one of these.
 */
public enum LeaveReason
{
    /** The peer said goodbye: it closed, unbound or disconnected. */
    BYE("the peer closed the connection"),
    /** Nothing came from the peer, not even a heartbeat, for the peer timeout. */
    TIMEOUT("the peer was silent for longer than the peer timeout"),
    /** Aeron reported the peer's stream gone: its process or media driver went away, or it closed at once. */
    STREAM_LOST("the peer's stream went away"),
    /** The peer dialled again on the same stream: it lost the link and starts afresh. */
    RESET("the link was re-established (the peer restarted or had dropped it)"),
    /** This socket unbound the endpoint the peer came through. */
    UNBIND("this socket unbound the endpoint"),
    /** This socket disconnected from the peer's endpoint. */
    DISCONNECT("this socket disconnected"),
    /** This socket closed. */
    CLOSE("this socket closed");

    private final String description;

    LeaveReason(final String description)
    {
        this.description = description;
    }

    /**
     * @return the reason in words, for errors and logs.
     */
    public String description()
    {
        return description;
    }
}
