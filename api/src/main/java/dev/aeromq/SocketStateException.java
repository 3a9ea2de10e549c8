package dev.aeromq;

/**
 * A call is not allowed in the socket's current state, e.g. a second REQ {@code send} before the reply was received.
 */
public final class SocketStateException extends AeroMqException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and what to do about it.
     */
    public SocketStateException(final String message)
    {
        super(message);
    }

    /**
     * @param message what went wrong and what to do about it.
     * @param cause   the underlying failure.
     */
    public SocketStateException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
