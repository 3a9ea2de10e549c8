package dev.aeromq;

/**
 * A configuration value, environment variable or system property is malformed or invalid; the message names it.
 */
public final class ConfigException extends AeroMqException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong and what to do about it.
     */
    public ConfigException(final String message)
    {
        super(message);
    }

    /**
     * @param message what went wrong and what to do about it.
     * @param cause   the underlying failure.
     */
    public ConfigException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
