package dev.aeromq;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Where AeroMQ logs: the JDK's {@link System.Logger} named {@code dev.aeromq} (SLF4J, Log4j and
 * java.util.logging bridge to it), never standard error.
 */
final class Log
{
    private static final Logger LOGGER = System.getLogger("dev.aeromq");

    private Log()
    {
    }

    /**
     * The default {@link Config.Builder#errorHandler}: an error no caller can receive (a malformed
     * wire message, a message dropped, a failing handler) logged as a warning.
     *
     * @param error what went wrong.
     */
    static void error(final Throwable error)
    {
        LOGGER.log(Level.WARNING, () -> "AeroMQ: " + error.getMessage(), error);
    }
}
