package dev.aeromq.codec;

/**
 * Bytes on a stream are not an AeroMQ wire message this version can read: wrong schema, unknown
 * message type, a protocol version it cannot read, or lengths that run past the end.
 */
public final class MalformedWireMessageException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong with the wire message.
     */
    public MalformedWireMessageException(final String message)
    {
        super(message);
    }

    /**
     * @param message what is wrong with the wire message.
     * @param cause   the bounds check that caught it.
     */
    public MalformedWireMessageException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
