package dev.aeromq.internal;

import dev.aeromq.ClosedException;
import dev.aeromq.ConfigException;
import dev.aeromq.IncompatiblePeerException;
import dev.aeromq.InvalidEndpointException;
import dev.aeromq.MessageTooLargeException;
import dev.aeromq.PeerLostException;
import dev.aeromq.ReplyFailedException;
import dev.aeromq.SocketStateException;
import dev.aeromq.TimeoutException;
import dev.aeromq.transport.Failure;
import dev.aeromq.transport.FailureTranslator;

/**
 * The one place where the lower layers' failures become the public exceptions: the transport finds
 * this through {@link java.util.ServiceLoader}, so every error reaches the user as its public type
 * with its message, and no socket method translates anything. Not part of the API.
 */
public final class PublicFailures implements FailureTranslator
{
    /**
     * Made by the {@link java.util.ServiceLoader}.
     */
    public PublicFailures()
    {
    }

    @Override
    public RuntimeException translate(final Failure.Kind kind, final String message, final Throwable cause)
    {
        return switch (kind)
        {
            case INVALID_ENDPOINT -> new InvalidEndpointException(message, cause);
            case TIMEOUT -> new TimeoutException(message, cause);
            case SOCKET_STATE -> new SocketStateException(message, cause);
            case CLOSED -> new ClosedException(message, cause);
            case INCOMPATIBLE_PEER -> new IncompatiblePeerException(message, cause);
            case MESSAGE_TOO_LARGE -> new MessageTooLargeException(message, cause);
            case PEER_LOST -> new PeerLostException(message, cause);
            case REPLY_FAILED -> new ReplyFailedException(message, cause);
            case CONFIG -> new ConfigException(message, cause);
        };
    }
}
