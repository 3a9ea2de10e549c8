package dev.aeromq;

/**
 * Why a peer left a socket ({@link SocketEvent.PeerLeft}).
 */
public enum LeaveReason
{
    /** The peer said goodbye: it closed, unbound or disconnected. */
    PEER_CLOSED,
    /** Nothing came from the peer, not even a heartbeat, for the peer timeout. */
    PEER_TIMED_OUT,
    /** The peer's stream went away: its process or its media driver ended, or it closed without lingering. */
    STREAM_LOST,
    /** The peer dialled again: it restarted, or had dropped the link; it joins again at once. */
    RESET,
    /** This socket unbound the endpoint the peer came through. */
    UNBOUND,
    /** This socket disconnected from the peer's endpoint. */
    DISCONNECTED,
    /** This socket closed. */
    CLOSED
}
