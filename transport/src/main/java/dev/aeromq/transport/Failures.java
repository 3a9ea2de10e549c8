package dev.aeromq.transport;

import java.util.ServiceLoader;

/**
 * Where every error meant for the user is made. The lower layers raise a {@link Failure.Kind} with a
 * message; a {@link FailureTranslator} found on the class path (the api module provides one) turns it
 * into the public exception type, so the public API translates nothing itself. Without one (the
 * transport used on its own) the error is a plain {@link Failure}.
 */
public final class Failures
{
    private static final FailureTranslator TRANSLATOR = ServiceLoader
        .load(FailureTranslator.class, FailureTranslator.class.getClassLoader())
        .findFirst()
        .orElse(Failure::new);

    private Failures()
    {
    }

    /**
     * @param kind    of error.
     * @param message what was wrong and what to do.
     * @return the exception to throw.
     */
    public static RuntimeException of(final Failure.Kind kind, final String message)
    {
        return TRANSLATOR.translate(kind, message, null);
    }

    /**
     * @param kind    of error.
     * @param message what was wrong and what to do.
     * @param cause   underlying error.
     * @return the exception to throw.
     */
    public static RuntimeException of(final Failure.Kind kind, final String message, final Throwable cause)
    {
        return TRANSLATOR.translate(kind, message, cause);
    }
}
