package dev.aeromq.benchmarks;

import dev.aeromq.Communicator;
import dev.aeromq.Config;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the contenders share so the comparison is fair: the same term length, driver threading and
 * idle strategy, and free ports.
 */
public final class BenchSupport
{
    /** Term length of every stream: large enough for 1 MiB messages (max = term / 8 = 2 MiB). */
    public static final int TERM_LENGTH = 16 * 1024 * 1024;

    /**
     * MTU AeroMQ gives its IPC and loopback UDP publications (transport's {@code Channels.LOCAL_MTU}); the
     * raw Aeron contender of the "large" scenario uses it too. Elsewhere raw Aeron keeps Aeron's default (1408).
     */
    public static final int LOCAL_MTU = 65504;

    /**
     * Socket receive buffer and receiver window AeroMQ asks for on every UDP subscription: 2 MiB, capped
     * at {@code net.core.rmem_max} (0 where that cannot be read: Aeron's defaults then).
     */
    public static final int UDP_RECEIVE_BUFFER = kernelLimit("rmem_max", 2 * 1024 * 1024);

    private BenchSupport()
    {
    }

    /**
     * @return an AeroMQ communicator with the default profile (SHARED driver, backoff) and the shared
     * term length.
     */
    public static Communicator aeromq()
    {
        return Communicator.open(Config.builder().termLength(TERM_LENGTH).build());
    }

    /**
     * @return an embedded media driver for raw Aeron with the same settings AeroMQ's embedded one
     * has (SHARED threading, backoff idle, the same term length, sparse files).
     */
    public static MediaDriver rawAeronDriver()
    {
        return MediaDriver.launchEmbedded(new MediaDriver.Context()
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(idle())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .termBufferSparseFile(true)
            .publicationTermBufferLength(TERM_LENGTH)
            .ipcTermBufferLength(TERM_LENGTH));
    }

    /**
     * @return the idle strategy AeroMQ uses by default (spin 100, yield 10, park 1 µs..1 ms).
     */
    public static IdleStrategy idle()
    {
        return new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
    }

    /**
     * @return the settings the scenario "large" gives raw Aeron's channels, for the header line.
     */
    public static String largeChannelSettings()
    {
        return "term-length " + TERM_LENGTH / (1024 * 1024) + " MiB, mtu " + LOCAL_MTU +
            (UDP_RECEIVE_BUFFER > 0 ? ", udp so-rcvbuf and rcv-wnd " + UDP_RECEIVE_BUFFER / 1024 + " KiB" : "");
    }

    /**
     * @return a UDP port on loopback that was free a moment ago.
     */
    public static int freeUdpPort()
    {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @return a TCP port on loopback that was free a moment ago.
     */
    public static int freeTcpPort()
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    private static int kernelLimit(final String name, final int wanted)
    {
        try
        {
            final Path file = Path.of("/proc/sys/net/core", name);
            final String text = Files.readAllLines(file, StandardCharsets.US_ASCII).get(0);
            return (int)Math.min(wanted, Long.parseLong(text.trim()));
        }
        catch (final IOException | RuntimeException ex)
        {
            return 0; // not Linux: Aeron's defaults, as AeroMQ then has
        }
    }

    /**
     * @param bytes message size.
     * @return a payload of that size with varying content.
     */
    public static byte[] payload(final int bytes)
    {
        final byte[] payload = new byte[bytes];
        for (int i = 0; i < bytes; i++)
        {
            payload[i] = (byte)i;
        }
        return payload;
    }

    /**
     * Run one contender on a thread of its own with a hard time limit; a failure or a hang gives no
     * figure (null), a printed reason, and the caller goes on with the next contender.
     *
     * @param scenario for the message.
     * @param what     the contender and case, for the message.
     * @param limit    how long it may take.
     * @param body     the run, returning its figures.
     * @param <T>      the figures' type.
     * @return the figures, or null.
     */
    public static <T> T attempt(final String scenario, final String what, final Duration limit, final Callable<T> body)
    {
        final FutureTask<T> task = new FutureTask<>(body);
        final Thread thread = Thread.ofPlatform().daemon().name(scenario + " " + what).start(task);
        try
        {
            return task.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final TimeoutException ex)
        {
            thread.interrupt();
            System.out.println("!! " + scenario + " " + what + ": no figure, did not finish within " +
                limit.toSeconds() + " s");
        }
        catch (final ExecutionException ex)
        {
            System.out.println("!! " + scenario + " " + what + ": no figure, " + ex.getCause());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return null;
    }

    /**
     * A contender's loop (publisher, receiver, client, server) that may throw what its API throws.
     */
    @FunctionalInterface
    public interface Body
    {
        /**
         * @throws Exception whatever the contender's API throws.
         */
        void run() throws Exception;
    }
}
