package dev.aeromq;

/**
 * A blocking call did not complete within its timeout: no peer could take a message, no message arrived, or too
 * few peers joined.
 */
public final class TimeoutException extends AeroMqException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and what to do about it.
     */
    public TimeoutException(final String message)
    {
        super(message);
    }

    /**
     * @param message what went wrong and what to do about it.
     * @param cause   the underlying failure.
     */
    public TimeoutException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
