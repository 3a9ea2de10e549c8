package dev.aeromq.transport;

import org.agrona.ErrorHandler;

import java.util.function.Consumer;

/**
 * The embedded media driver's error handler. An error in a client's command (a UDP port already in
 * use, an unknown registration, ...) is also answered to the client that sent it, where AeroMQ throws
 * it to the caller of {@code bind}/{@code connect} or deals with it; reporting the driver's copy too
 * would show the user the same error twice (once thrown, once logged). Every other driver error (the
 * sender, the receiver, the conductor's own work) goes to the application's error handler.
 */
final class DriverErrors implements ErrorHandler
{
    private static final String COMMAND_ADAPTER = "io.aeron.driver.ClientCommandAdapter";
    private static final String CONDUCTOR = "io.aeron.driver.DriverConductor";
    /** The conductor finishes some commands later (after resolving a name): in a task of this method. */
    private static final String ASYNC_CLIENT_TASK = "executeAsyncClientTask";

    private final Consumer<Throwable> report;

    /**
     * @param report where the errors no client is told of go.
     */
    DriverErrors(final Consumer<Throwable> report)
    {
        this.report = report;
    }

    @Override
    public void onError(final Throwable error)
    {
        if (!answeredToClient(error))
        {
            report.accept(error);
        }
    }

    /**
     * @param error a driver error.
     * @return true if it arose in a client's command, whose client is sent it as the command's answer.
     */
    static boolean answeredToClient(final Throwable error)
    {
        for (final StackTraceElement frame : error.getStackTrace())
        {
            if (COMMAND_ADAPTER.equals(frame.getClassName()) ||
                CONDUCTOR.equals(frame.getClassName()) && frame.getMethodName().contains(ASYNC_CLIENT_TASK))
            {
                return true;
            }
        }
        return false;
    }
}
