package dev.aeromq;

/**
 * The REP's serve handler failed on this request (it threw or returned null), so its reply says so instead of
 * leaving the requester waiting; the message names what went wrong there.
 */
public final class ReplyFailedException extends AeroMqException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and what to do about it.
     */
    public ReplyFailedException(final String message)
    {
        super(message);
    }

    /**
     * @param message what went wrong and what to do about it.
     * @param cause   the underlying failure.
     */
    public ReplyFailedException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
