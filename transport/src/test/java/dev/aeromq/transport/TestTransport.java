package dev.aeromq.transport;

import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.TempAeronDirectory;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real transport for one test: its own embedded media driver in its own Aeron directory, small
 * terms, fast heartbeats and a short peer timeout, and every error it reports kept for the test to
 * look at. Closing it stops everything and checks the driver deleted its directory.
 */
final class TestTransport implements AutoCloseable
{
    /** Heartbeat interval of every test transport. */
    static final Duration HEARTBEAT = Duration.ofMillis(100);

    /** Peer timeout of every test transport. */
    static final Duration PEER_TIMEOUT = Duration.ofSeconds(2);

    /** Driver timeout of every test transport: Aeron's default. */
    static final Duration DRIVER_TIMEOUT = Duration.ofSeconds(10);

    private static final int TERM_LENGTH = 4 * 1024 * 1024;
    private static final int ATTACHMENT_THRESHOLD = 1024;

    private final TempAeronDirectory directory;
    private final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
    private final Transport transport;

    private TestTransport(
        final String name, final int maxPeers, final Predicate<TransportSettings.Candidate> admission)
    {
        directory = TempAeronDirectory.create(name);
        try
        {
            transport = Transport.start(new TransportSettings(
                directory.name(),
                false,
                DRIVER_TIMEOUT.toNanos(),
                TransportSettings.DriverThreading.SHARED,
                TransportSettings.Idle.BACKOFF,
                1,
                ATTACHMENT_THRESHOLD,
                TERM_LENGTH,
                HEARTBEAT.toNanos(),
                PEER_TIMEOUT.toNanos(),
                maxPeers,
                admission,
                errors::add));
        }
        catch (final RuntimeException | Error ex)
        {
            directory.close();
            throw ex;
        }
    }

    /**
     * @param name a readable stem for the Aeron directory.
     * @return a running transport.
     */
    static TestTransport start(final String name)
    {
        return new TestTransport(name, 1024, TransportSettings.ADMIT_ALL);
    }

    /**
     * @param name      a readable stem for the Aeron directory.
     * @param maxPeers  peers one socket admits through its bindings.
     * @param admission which connectors the bindings admit.
     * @return a running transport.
     */
    static TestTransport start(
        final String name, final int maxPeers, final Predicate<TransportSettings.Candidate> admission)
    {
        return new TestTransport(name, maxPeers, admission);
    }

    /**
     * @param type the socket's role.
     * @return a socket's streams with a recording handler, on this transport's engine.
     */
    TestSocket open(final SocketType type)
    {
        final RecordingHandler handler = new RecordingHandler(type);
        final EngineProxy engine = transport.nextEngine();
        return new TestSocket(engine, engine.open(handler), handler);
    }

    /**
     * @return the Aeron directory, for a raw Aeron client to attach to the same driver.
     */
    String aeronDirectory()
    {
        return transport.aeronDirectory();
    }

    /**
     * @param handler the socket's engine side.
     * @return a socket's streams that no engine runs: for a test that drives the transport's classes
     * itself, on its own thread (their errors are reported here all the same).
     */
    SocketStreams detachedStreams(final SocketHandler handler)
    {
        return new SocketStreams(handler, transport);
    }

    /**
     * @return how many errors were reported so far and not forgotten.
     */
    int errorCount()
    {
        return errors.size();
    }

    /**
     * Forget the errors reported so far (a long fuzzing run would keep millions).
     */
    void forgetErrors()
    {
        errors.clear();
    }

    /**
     * @return every error reported so far.
     */
    List<Throwable> errors()
    {
        return List.copyOf(errors);
    }

    /**
     * @param what    describes the error, for the failure message.
     * @param matches picks the error.
     * @return the first reported error it matches, once there is one.
     */
    Throwable awaitError(final String what, final Predicate<Throwable> matches)
    {
        Await.await(() -> "an error reporting " + what + "; reported: " + errors, Await.WAIT,
            () -> errors.stream().anyMatch(matches));
        return errors.stream().filter(matches).findFirst().orElseThrow();
    }

    /**
     * Stop the engines, the client and the driver; fail if the driver left its directory behind (and
     * delete it anyway).
     */
    @Override
    public void close()
    {
        try
        {
            transport.close();
        }
        finally
        {
            final boolean leftBehind = directory.exists();
            directory.close();
            if (leftBehind)
            {
                fail("the embedded media driver left its directory " + directory + " behind");
            }
        }
    }
}
