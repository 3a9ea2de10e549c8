package dev.aeromq;

/**
 * A message is larger than the transport can carry; the message states the limit.
 */
public final class MessageTooLargeException extends AeroMqException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and what to do about it.
     */
    public MessageTooLargeException(final String message)
    {
        super(message);
    }

    /**
     * @param message what went wrong and what to do about it.
     * @param cause   the underlying failure.
     */
    public MessageTooLargeException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
