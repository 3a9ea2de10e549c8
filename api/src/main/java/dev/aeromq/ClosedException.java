package dev.aeromq;

/**
 * The socket or communicator is closed, or was closed while the caller was blocked on it.
 */
public final class ClosedException extends AeroMqException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and what to do about it.
     */
    public ClosedException(final String message)
    {
        super(message);
    }

    /**
     * @param message what went wrong and what to do about it.
     * @param cause   the underlying failure.
     */
    public ClosedException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
