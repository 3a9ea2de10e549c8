package dev.aeromq.transport;

/**
 * Turns a lower-layer failure into the exception the user sees; provided through
 * {@link java.util.ServiceLoader} by the api module (see {@link Failures}).
 */
@FunctionalInterface
public interface FailureTranslator
{
    /**
     * @param kind    of error.
     * @param message what was wrong and what to do.
     * @param cause   underlying error, or null.
     * @return the exception to throw.
     */
    RuntimeException translate(Failure.Kind kind, String message, Throwable cause);
}
