package dev.aeromq;

/**
 * A peer refused the handshake: its socket type does not pair with this one (e.g. REQ to PULL), or it is a PAIR
 * that already has a peer.
 */
public final class IncompatiblePeerException extends AeroMqException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and what to do about it.
     */
    public IncompatiblePeerException(final String message)
    {
        super(message);
    }

    /**
     * @param message what went wrong and what to do about it.
     * @param cause   the underlying failure.
     */
    public IncompatiblePeerException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
