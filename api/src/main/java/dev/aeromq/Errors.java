package dev.aeromq;

import dev.aeromq.transport.Failure;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns the lower layers' failures into the public exception types, keeping their messages.
 */
final class Errors
{
    private Errors()
    {
    }

    static AeroMqException toPublic(final Failure failure)
    {
        final String message = failure.getMessage();
        return switch (failure.kind())
        {
            case INVALID_ENDPOINT -> new InvalidEndpointException(message, failure);
            case TIMEOUT -> new TimeoutException(message, failure);
            case SOCKET_STATE -> new SocketStateException(message, failure);
            case CLOSED -> new ClosedException(message, failure);
            case INCOMPATIBLE_PEER -> new IncompatiblePeerException(message, failure);
            case MESSAGE_TOO_LARGE -> new MessageTooLargeException(message, failure);
        };
    }

    /**
     * @param error what a future failed with.
     * @return the public exception for it (unwrapped from completion wrappers).
     */
    static Throwable toPublic(final Throwable error)
    {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null)
        {
            cause = cause.getCause();
        }
        if (cause instanceof Failure failure)
        {
            return toPublic(failure);
        }
        return cause;
    }
}
