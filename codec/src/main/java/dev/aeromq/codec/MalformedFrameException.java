package dev.aeromq.codec;

/**
 * A frame on the wire is not an AeroMQ frame this version can read: wrong schema, unknown
 * version or message type, or lengths that run past the end of the frame.
 */
public final class MalformedFrameException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong with the frame.
     */
    public MalformedFrameException(final String message)
    {
        super(message);
    }
}
