package dev.aeromq.transport;

import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.TempAeronDirectory;
import io.aeron.ExclusivePublication;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /** The report that sums up errors the {@link ErrorReporter} did not hand over (over its rate, or its queue). */
    private static final Pattern SUMMARY = Pattern.compile("^(\\d+) more errors were not reported");

    private static final int TERM_LENGTH = 4 * 1024 * 1024;
    private static final int ATTACHMENT_THRESHOLD = 1024;

    private final TempAeronDirectory directory;
    private final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
    private final Transport transport;
    private long heldBackBefore;

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
     * @param streamId of the publication, unique in the test.
     * @return an IPC publication of this transport's Aeron client that nobody reads (its sends push
     * back): a link's stream for a test that drives the transport's classes itself. Closed with the
     * transport.
     */
    ExclusivePublication unreadPublication(final int streamId)
    {
        return transport.aeron().addExclusivePublication("aeron:ipc?term-length=64k", streamId);
    }

    /**
     * @return how many errors were reported so far and not forgotten.
     */
    int errorCount()
    {
        return errors.size();
    }

    /**
     * Forget the errors reported so far (a long fuzzing run would keep millions), those the reporter
     * held back too. Call it while nothing is being reported.
     */
    void forgetErrors()
    {
        errors.clear();
        heldBackBefore = transport.unreportedErrors();
    }

    /**
     * @return every error reported so far.
     */
    List<Throwable> errors()
    {
        return List.copyOf(errors);
    }

    /**
     * @return the errors reported so far and not forgotten, each itself: the summaries of those the
     * reporter did not hand over left out.
     */
    List<Throwable> reports()
    {
        return errors.stream().filter(error -> summarised(error) == 0).toList();
    }

    /**
     * @return how many errors the reports so far (not forgotten) sum up without handing them over: the
     * {@link ErrorReporter} hands at most 100 a second to the handler and sums up the rest at the end of
     * the second.
     */
    long summarised()
    {
        return errors.stream().mapToLong(TestTransport::summarised).sum();
    }

    /**
     * @return errors reported since they were last forgotten that the reporter did not hand over (over
     * its rate, or beyond its queue), counted as it holds them back, before any summary of them.
     */
    long heldBack()
    {
        return transport.unreportedErrors() - heldBackBefore;
    }

    /**
     * Wait until the errors reported since they were last forgotten, handed over or held back, number at
     * least {@code counted}: the reporter takes them on a thread of its own.
     *
     * @param counted errors the test knows were reported.
     * @param what    describes them, for the failure message.
     */
    void awaitReported(final long counted, final Supplier<String> what)
    {
        Await.await(() -> counted + " errors handed over or held back for " + what.get() + "; " + heldBack() +
            " held back, reported: " + errors, Await.WAIT, () -> reports().size() + heldBack() >= counted);
    }

    private static long summarised(final Throwable error)
    {
        final Matcher summary = SUMMARY.matcher(String.valueOf(error.getMessage()));
        return summary.find() ? Long.parseLong(summary.group(1)) : 0;
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
