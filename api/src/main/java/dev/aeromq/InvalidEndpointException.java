package dev.aeromq;

/**
 * An endpoint string is not one AeroMQ understands (the message names the bad part and lists the accepted forms),
 * or it cannot be bound.
 */
public final class InvalidEndpointException extends AeroMqException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and what to do about it.
     */
    public InvalidEndpointException(final String message)
    {
        super(message);
    }

    /**
     * @param message what went wrong and what to do about it.
     * @param cause   the underlying failure.
     */
    public InvalidEndpointException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
