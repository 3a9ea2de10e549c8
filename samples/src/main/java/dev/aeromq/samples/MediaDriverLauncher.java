package dev.aeromq.samples;

import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.ShutdownSignalBarrier;

import java.io.File;

/**
 * A standalone Aeron media driver that several sample processes share, so that they can talk over
 * {@code ipc://} endpoints (which only reach sockets on the same driver). Runs until Ctrl-C.
 * <pre>
 * mvn -q -pl samples compile exec:exec -Dsample=MediaDriverLauncher -Dsample.args="/dev/shm/aeromq-shared"
 *
 * # then, in other terminals:
 * AEROMQ_EXTERNAL_DRIVER=true AEROMQ_AERON_DIR=/dev/shm/aeromq-shared \
 *     mvn -q -pl samples compile exec:exec -Dsample=ReqRep -Dsample.args="rep ipc://echo"
 * </pre>
 * The directory is {@code args[0]}, else {@code AEROMQ_AERON_DIR}, else Aeron's default. The driver
 * uses SHARED threading (one thread) and deletes its directory on start and on shutdown.
 * <p>
 * Unlike the other samples, which use the AeroMQ public API only, this one imports Aeron itself
 * ({@code io.aeron.driver} and Agrona's {@code ShutdownSignalBarrier}); both are on the samples
 * classpath transitively through the AeroMQ modules.
 */
public final class MediaDriverLauncher
{
    private MediaDriverLauncher()
    {
    }

    /**
     * Runs the media driver until Ctrl-C (SIGINT) or SIGTERM.
     *
     * @param args optional Aeron directory.
     */
    public static void main(final String[] args)
    {
        final var configured = args.length > 0 ? args[0] : System.getenv("AEROMQ_AERON_DIR");
        final var directory = configured == null || configured.isBlank() ?
            CommonContext.getAeronDirectoryName() : configured;

        // dirDeleteOnStart would wipe the files of a driver still running there: refuse instead.
        final var probe = new MediaDriver.Context();
        if (CommonContext.isDriverActive(new File(directory), probe.driverTimeoutMs(), message -> {}))
        {
            System.out.println("A media driver is already running at " + directory +
                ": use it, stop it, or pick another directory.");
            return;
        }

        final var context = new MediaDriver.Context()
            .aeronDirectoryName(directory)
            .threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true);

        // The barrier is created first so it closes last: its shutdown hook then waits for the driver
        // to close (and delete its directory) before the JVM exits.
        try (var barrier = new ShutdownSignalBarrier();
            var driver = MediaDriver.launch(context))
        {
            final String run = "AEROMQ_EXTERNAL_DRIVER=true AEROMQ_AERON_DIR=" + driver.aeronDirectoryName() +
                " mvn -q -pl samples compile exec:exec";
            System.out.printf("""
                Aeron media driver running at %1$s (SHARED threading). Ctrl-C stops it.
                Run samples on it with, for example:
                  %2$s -Dsample=ReqRep -Dsample.args="rep ipc://echo"
                  %2$s -Dsample=ReqRep -Dsample.args="req ipc://echo"
                """, driver.aeronDirectoryName(), run);
            barrier.await();
            System.out.println("stopping the media driver...");
        }
        System.out.println("media driver stopped; " + directory + " removed.");
    }
}
