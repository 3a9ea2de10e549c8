package dev.aeromq.samples;

import dev.aeromq.Communicator;
import dev.aeromq.IncompatiblePeerException;
import dev.aeromq.Socket;
import dev.aeromq.TimeoutException;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;

/**
 * Small helpers shared by the role-taking samples: argument parsing, waiting for peers with a
 * helpful hint, closing on Ctrl-C and running several roles in one process. Uses the public API
 * only.
 */
final class SampleSupport
{
    /** How long a role process waits for the other side: long enough to start it by hand. */
    static final Duration PEER_WAIT = Duration.ofSeconds(30);

    private SampleSupport()
    {
    }

    /**
     * Close the communicator on Ctrl-C as well: try-with-resources does not run when the JVM is
     * interrupted, and closing is what removes an embedded driver's directory. Close is
     * idempotent, so the normal close at the end of main does no harm.
     *
     * @param comm to close on shutdown.
     * @return the communicator.
     */
    static Communicator closeOnShutdown(final Communicator comm)
    {
        Runtime.getRuntime().addShutdownHook(new Thread(comm::close, "aeromq-sample-shutdown"));
        return comm;
    }

    /**
     * Wait for peers, explaining what to do when none come instead of failing with a stack trace.
     *
     * @param who       the role, for the printed lines.
     * @param socket    the socket to wait on.
     * @param count     peers to wait for.
     * @param otherSide the command that starts the other side.
     * @return true when the peers are there.
     */
    static boolean awaitPeers(final String who, final Socket socket, final int count, final String otherSide)
    {
        try
        {
            socket.awaitPeers(count, PEER_WAIT);
            return true;
        }
        catch (final TimeoutException ex)
        {
            System.out.printf("%s: %d of %d peer(s) after %d s. Is the other side running? Start it with:%n  %s%n",
                who, socket.peerCount(), count, PEER_WAIT.toSeconds(), otherSide);
            return false;
        }
        catch (final IncompatiblePeerException ex)
        {
            System.out.println(who + ": the peer refused this socket: " + ex.getMessage());
            return false;
        }
    }

    /**
     * @param comm   the communicator of this process: its driver settings are repeated so the
     *               other process can reach this one.
     * @param sample the sample class name.
     * @param args   the sample's arguments.
     * @return the command line that runs that sample.
     */
    static String command(final Communicator comm, final String sample, final String args)
    {
        final String env = comm.config().externalDriver() ?
            "AEROMQ_EXTERNAL_DRIVER=true AEROMQ_AERON_DIR=" + comm.aeronDirectory() + " " : "";
        return env + "mvn -q -pl samples compile exec:exec -Dsample=" + sample + " -Dsample.args=\"" + args + "\"";
    }

    /**
     * An ipc:// endpoint only reaches processes on the same media driver; with an embedded driver
     * per process, a peer in another process could never connect. Say so up front.
     *
     * @param comm     this process's communicator.
     * @param endpoint the endpoint of the role.
     */
    static void warnIfIpcAcrossProcesses(final Communicator comm, final String endpoint)
    {
        if (endpoint.startsWith("ipc://") && !comm.config().externalDriver())
        {
            final String note = """
                note: %s works only between sockets on the same media driver, and this process embeds
                      its own. For two processes, use udp://127.0.0.1:PORT, or start MediaDriverLauncher
                      and run both sides with AEROMQ_EXTERNAL_DRIVER=true AEROMQ_AERON_DIR=<its directory>.""";
            System.out.println(note.formatted(endpoint));
        }
    }

    /**
     * @param args         the program arguments.
     * @param index        of the optional count.
     * @param defaultValue when the argument is absent.
     * @return the count.
     * @throws IllegalArgumentException if the argument is not a positive whole number.
     */
    static int count(final String[] args, final int index, final int defaultValue)
    {
        if (args.length <= index)
        {
            return defaultValue;
        }
        try
        {
            final int value = Integer.parseInt(args[index]);
            if (value > 0)
            {
                return value;
            }
        }
        catch (final NumberFormatException ignore)
        {
            // reported below
        }
        throw new IllegalArgumentException("expected a positive count, got '" + args[index] + "'");
    }

    /**
     * Run the roles concurrently, each on a virtual thread, and wait for all of them.
     *
     * @param roles to run.
     * @throws InterruptedException if interrupted while waiting.
     * @throws RuntimeException     the first failure of a role.
     */
    static void runTogether(final Runnable... roles) throws InterruptedException
    {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor())
        {
            final var results = executor.invokeAll(Arrays.stream(roles).map(Executors::callable).toList());
            for (final var result : results)
            {
                try
                {
                    result.get();
                }
                catch (final ExecutionException ex)
                {
                    throw ex.getCause() instanceof RuntimeException re ? re : new IllegalStateException(ex.getCause());
                }
            }
        }
    }

    /**
     * @param nanos a duration in nanoseconds.
     * @return it in microseconds, for printing.
     */
    static long micros(final long nanos)
    {
        return Math.round(nanos / 1_000.0);
    }
}
