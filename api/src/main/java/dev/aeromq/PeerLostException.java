package dev.aeromq;

/**
 * A peer this call depended on went away (its process killed or closed, or silent for the peer timeout) before
 * it answered: a REQ's request fails with this instead of waiting forever, and the socket can send again.
 */
public final class PeerLostException extends AeroMqException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and what to do about it.
     */
    public PeerLostException(final String message)
    {
        super(message);
    }

    /**
     * @param message what went wrong and what to do about it.
     * @param cause   the underlying failure.
     */
    public PeerLostException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
