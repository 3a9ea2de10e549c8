package dev.aeromq.benchmarks;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One serve run of one contender: many clients doing request/reply in a loop and a server answering
 * them. Each client records its round trips into a histogram of its own (no sharing on the hot path);
 * the histograms are merged once the clients have stopped.
 */
final class ServeRun
{
    private static final int WARMUP = 0;
    private static final int MEASURE = 1;
    private static final int STOP = 2;
    private static final int PAD = 16;
    private static final long HIGHEST_NS = TimeUnit.SECONDS.toNanos(60);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(15);

    private final String label;
    private final int clients;
    private final Duration stopTimeout;
    private final Histogram[] histograms;
    private final AtomicLongArray completed;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final List<Thread> clientThreads = new ArrayList<>();
    private final List<Thread> serverThreads = new ArrayList<>();
    private volatile int phase = WARMUP;
    private volatile boolean serving = true;

    /**
     * Figures of a run.
     *
     * @param requestsPerSecond all clients together, in the measured window.
     * @param p99Micros         99th percentile round trip.
     */
    record Figures(double requestsPerSecond, double p99Micros)
    {
    }

    /**
     * @param label          contender and transport, for thread names and messages.
     * @param clients        how many clients.
     * @param requestTimeout the longest a client may wait for a reply: what stopping may take.
     */
    ServeRun(final String label, final int clients, final Duration requestTimeout)
    {
        this.label = label;
        this.clients = clients;
        this.stopTimeout = requestTimeout.plusSeconds(2);
        this.histograms = new Histogram[clients];
        for (int i = 0; i < clients; i++)
        {
            histograms[i] = new Histogram(HIGHEST_NS, 3);
        }
        this.completed = new AtomicLongArray(clients * PAD);
    }

    /**
     * @return false once the clients are to stop.
     */
    boolean running()
    {
        return phase != STOP;
    }

    /**
     * @return false once the server is to stop (after every client stopped, so none waits for a reply).
     */
    boolean serving()
    {
        return serving;
    }

    /**
     * A client completed a request; called by the one thread that runs that client.
     *
     * @param client  index.
     * @param startNs {@link System#nanoTime()} before the request was sent.
     * @param endNs   {@link System#nanoTime()} after its reply arrived.
     */
    void completed(final int client, final long startNs, final long endNs)
    {
        if (phase == MEASURE)
        {
            histograms[client].recordValue(Math.min(endNs - startNs, HIGHEST_NS));
        }
        final int index = client * PAD;
        completed.setRelease(index, completed.getPlain(index) + 1);
    }

    /**
     * @param name    of the client (or of the thread running several).
     * @param virtual run it on a virtual thread.
     * @param body    its loop; it must return once {@link #running()} is false.
     */
    void client(final String name, final boolean virtual, final BenchSupport.Body body)
    {
        final Thread.Builder builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon();
        clientThreads.add(builder.name(label + "-" + name).start(() -> guard(name, body)));
    }

    /**
     * @param body the server loop; it must return once {@link #serving()} is false.
     */
    void server(final BenchSupport.Body body)
    {
        serverThreads.add(Thread.ofPlatform().daemon().name(label + "-server").start(() -> guard("server", body)));
    }

    /**
     * Wait until every client has had a reply, warm up, measure, then stop the clients and the server.
     *
     * @param settings warm-up and measured durations.
     * @return the figures.
     * @throws InterruptedException if interrupted.
     */
    Figures measure(final Settings settings) throws InterruptedException
    {
        final long readyDeadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        for (int i = 0; i < clients; i++)
        {
            while (completed.getAcquire(i * PAD) == 0)
            {
                check();
                if (System.nanoTime() > readyDeadline)
                {
                    throw new IllegalStateException("client " + i + " had no reply in " + READY_TIMEOUT.toSeconds() +
                        " s");
                }
                Thread.sleep(1);
            }
        }
        Thread.sleep(settings.warmup().toMillis());
        check();
        phase = MEASURE;
        final long start = System.nanoTime();
        Thread.sleep(settings.measure().toMillis());
        phase = STOP;
        final long elapsed = System.nanoTime() - start;
        stop();
        check();

        final Histogram all = new Histogram(HIGHEST_NS, 3);
        for (final Histogram histogram : histograms)
        {
            all.add(histogram); // safe: every client has stopped (joined)
        }
        if (all.getTotalCount() == 0)
        {
            throw new IllegalStateException("no request completed in the measured window");
        }
        return new Figures(all.getTotalCount() * 1e9 / elapsed, all.getValueAtPercentile(99) / 1000.0);
    }

    /**
     * Stop the clients, then the server, and wait for them. Idempotent.
     *
     * @throws InterruptedException if interrupted.
     * @throws IllegalStateException if a thread did not stop in time.
     */
    void stop() throws InterruptedException
    {
        phase = STOP;
        try
        {
            join(clientThreads);
        }
        finally
        {
            serving = false;
        }
        join(serverThreads);
    }

    private void join(final List<Thread> threads) throws InterruptedException
    {
        final long deadline = System.nanoTime() + stopTimeout.toNanos();
        for (final Thread thread : threads)
        {
            final long left = deadline - System.nanoTime();
            if (left <= 0 || !thread.join(Duration.ofNanos(left)))
            {
                throw new IllegalStateException(thread.getName() + " did not stop within " + stopTimeout.toSeconds() +
                    " s");
            }
        }
    }

    private void guard(final String name, final BenchSupport.Body body)
    {
        try
        {
            body.run();
        }
        catch (final Throwable ex)
        {
            if (running())
            {
                failure.compareAndSet(null, new IllegalStateException(name + ": " + ex, ex));
            }
        }
    }

    private void check()
    {
        final Throwable ex = failure.get();
        if (ex != null)
        {
            throw new IllegalStateException(ex.getMessage(), ex);
        }
    }
}
