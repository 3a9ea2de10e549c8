package dev.aeromq.transport;

/**
 * An error the lower layers raise for the user; the api module turns each {@link Kind} into its
 * public exception type, keeping the message.
 */
public final class Failure extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** What kind of error it is; one per public exception type. */
    public enum Kind
    {
        /** The endpoint is malformed or cannot be bound. */
        INVALID_ENDPOINT,
        /** A blocking call timed out. */
        TIMEOUT,
        /** The call is not allowed in the socket's state. */
        SOCKET_STATE,
        /** The socket or communicator is closed. */
        CLOSED,
        /** A peer refused the handshake. */
        INCOMPATIBLE_PEER,
        /** The message is larger than the transport carries. */
        MESSAGE_TOO_LARGE,
        /** The peer a call waited on went away. */
        PEER_LOST,
        /** The REP's handler failed on the request. */
        REPLY_FAILED,
        /** The configuration cannot work here (e.g. a directory another media driver is using). */
        CONFIG
    }

    private final Kind kind;

    /**
     * @param kind    of error.
     * @param message what was wrong and what to do.
     */
    public Failure(final Kind kind, final String message)
    {
        super(message);
        this.kind = kind;
    }

    /**
     * @param kind    of error.
     * @param message what was wrong and what to do.
     * @param cause   underlying error.
     */
    public Failure(final Kind kind, final String message, final Throwable cause)
    {
        super(message, cause);
        this.kind = kind;
    }

    /**
     * @return the kind of error.
     */
    public Kind kind()
    {
        return kind;
    }
}
