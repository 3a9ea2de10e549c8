package dev.aeromq;

/**
 * Base of every error AeroMQ raises. All are unchecked; each message says what was wrong and what
 * to do about it.
 */
public abstract sealed class AeroMqException extends RuntimeException permits
    InvalidEndpointException,
    TimeoutException,
    SocketStateException,
    ClosedException,
    IncompatiblePeerException,
    MessageTooLargeException,
    ConfigException,
    PeerLostException,
    ReplyFailedException
{
    private static final long serialVersionUID = 1L;

    AeroMqException(final String message)
    {
        super(message);
    }

    AeroMqException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
