package dev.aeromq.transport;

import io.aeron.exceptions.ClientTimeoutException;
import io.aeron.exceptions.ConductorServiceTimeoutException;
import io.aeron.exceptions.DriverTimeoutException;
import org.agrona.concurrent.AgentTerminationException;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches the Aeron client for its loss: the media driver stopped answering (killed, crashed, stalled:
 * {@link DriverTimeoutException}), the driver timed this client out ({@link ClientTimeoutException}), this
 * process's client conductor was not scheduled in time ({@link ConductorServiceTimeoutException}), or the
 * client closed for any other reason while AeroMQ did not close it. Aeron reports the first three to the
 * client's error handler and then closes the client, calling its close handler; both hooks end here, on
 * Aeron's conductor thread, and hand the cause (a sentence naming it and what to do) to the transport,
 * which closes the communicator on a thread of its own.
 */
final class ClientWatch
{
    private final String directory;
    private final long driverTimeoutMs;
    private final TransportSettings settings;
    private final Consumer<String> onLost;
    private volatile boolean closing;
    private volatile Throwable lastError;
    private volatile boolean lost;

    /**
     * @param directory       the media driver's directory, for the messages.
     * @param driverTimeoutMs the client's driver timeout, for the messages.
     * @param settings        whose error handler gets every error Aeron reports.
     * @param onLost          told the cause once the client is lost.
     */
    ClientWatch(
        final String directory,
        final long driverTimeoutMs,
        final TransportSettings settings,
        final Consumer<String> onLost)
    {
        this.directory = directory;
        this.driverTimeoutMs = driverTimeoutMs;
        this.settings = settings;
        this.onLost = onLost;
    }

    /**
     * Aeron's error handler: every error goes to the user's (not the termination that follows a fatal one); a
     * fatal one means the client is lost.
     *
     * @param error reported by the Aeron client.
     */
    void onError(final Throwable error)
    {
        if (error instanceof AgentTerminationException)
        {
            if (!lost && !closing)
            {
                settings.report(error);
            }
            return; // how Aeron stops its conductor after a fatal error, already reported
        }
        lastError = error;
        if (!closing && isFatal(error))
        {
            lost(error);
        }
        settings.report(error);
    }

    /**
     * Aeron's close handler: a close AeroMQ did not ask for means the client is lost.
     */
    void onClose()
    {
        if (!closing)
        {
            lost(lastError);
        }
    }

    private void lost(final Throwable error)
    {
        lost = true;
        onLost.accept(describe(error));
    }

    /**
     * AeroMQ closes the client itself from now on: its close is no loss.
     */
    void closing()
    {
        closing = true;
    }

    private static boolean isFatal(final Throwable error)
    {
        return error instanceof DriverTimeoutException || error instanceof ClientTimeoutException ||
            error instanceof ConductorServiceTimeoutException;
    }

    /**
     * @param error the error that ended the client, or null if none was reported.
     * @return the cause as the user sees it: what happened and what to do.
     */
    String describe(final Throwable error)
    {
        final String what = switch (error)
        {
            case DriverTimeoutException ex -> driverStopped(ex);
            case ClientTimeoutException ex -> clientTimedOut(ex);
            case ConductorServiceTimeoutException ex -> conductorStalled(ex);
            case null -> "the Aeron client of the media driver at " + directory + " closed unexpectedly";
            default -> "the Aeron client of the media driver at " + directory + " closed unexpectedly after " + error;
        };
        return what + "; this communicator and all its sockets are closed: make sure the media driver runs " +
            "(restart an external one), then open a new Communicator";
    }

    private String driverStopped(final DriverTimeoutException ex)
    {
        return "the media driver at " + directory + " stopped responding (no heartbeat within the driver timeout " +
            "of " + seconds() + ": it was killed, crashed or stalled; " + ex.getMessage() + ")";
    }

    private String clientTimedOut(final ClientTimeoutException ex)
    {
        return "the media driver at " + directory + " timed out this process's Aeron client (it heard no " +
            "keepalive within its client liveness timeout: this process was paused, e.g. by a long GC pause or " +
            "SIGSTOP; " + ex.getMessage() + ")";
    }

    private String conductorStalled(final ConductorServiceTimeoutException ex)
    {
        return "this process's Aeron client thread was not scheduled for longer than the media driver's client " +
            "liveness timeout (a long GC pause, a stopped or starved process), so the driver at " + directory +
            " dropped it (" + ex.getMessage() + ")";
    }

    private String seconds()
    {
        final long ms = driverTimeoutMs;
        return ms % 1000 == 0 ? TimeUnit.MILLISECONDS.toSeconds(ms) + " s" : ms + " ms";
    }
}
