package dev.aeromq.benchmarks;

import dev.aeromq.Communicator;
import dev.aeromq.Config;
import dev.aeromq.Message;
import dev.aeromq.PullSocket;
import dev.aeromq.PushSocket;
import dev.aeromq.TimeoutException;
import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import org.agrona.BufferUtil;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.time.Duration;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Scenario "memory": PUSH/PULL over IPC moving 1 MiB messages as fast as possible for
 * {@link Settings#memoryRun()}, sampling the used heap and the resident set every 100 ms. Figures: peak
 * heap, heap growth across the run (after a full GC at each end: should be about 0), peak RSS, the
 * RSS rise during the run, and the message rate for context. AeroMQ runs with the default configuration
 * ({@code Config.builder().build()}: 16 MiB term, receive high-water marks of 1000 messages and 64 MiB,
 * maxMessageSize 1 GiB), apart from what the run itself needs (linger 0, a send timeout so the sender sees
 * the end of the run).
 * <p>
 * Then two rows of one 1 GiB message received into the receiver's own direct memory ("heap-peak",
 * "heap-rise" at size 1 GiB; see {@link #oneHugeMessage}), after the 1 MiB rows so they do not disturb them.
 * <p>
 * The contenders run one after the other in one JVM, so the process RSS (heap pages once touched stay
 * resident, as do mapped log buffers) carries over from one to the next: "rss-peak" is the
 * process's, "rss-rise" is what this contender's run added to it.
 */
final class MemoryScenario implements Scenario
{
    static final String SCENARIO = "memory";
    static final int SIZE = 1024 * 1024;

    private static final int STREAM_ID = 1001;
    /** As in Aeron's samples. */
    private static final int FRAGMENT_LIMIT = 10;
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    /** Set-up, GCs, draining and stopping must fit in this on top of the run, or the contender is abandoned. */
    private static final Duration RUN_LIMIT = Duration.ofSeconds(30);

    @Override
    public String name()
    {
        return "memory";
    }

    @Override
    public void run(final Settings settings, final Results results)
    {
        final Duration limit = RUN_LIMIT.plus(settings.memoryRun());
        final MemoryRun.Figures aeromq = BenchSupport.attempt("memory", "AeroMQ ipc", limit, () -> aeromq(settings));
        final MemoryRun.Figures aeron = BenchSupport.attempt("memory", "raw Aeron ipc", limit, () -> aeron(settings));
        final MemoryRun.Figures jeromq = BenchSupport.attempt("memory", "JeroMQ inproc", limit, () -> jeromq(settings));
        results.add(row("heap-peak", "MB", aeromq, aeron, jeromq, MemoryRun.Figures::heapPeakMb));
        results.add(row("heap-growth", "MB", aeromq, aeron, jeromq, MemoryRun.Figures::heapGrowthMb));
        results.add(row("rss-peak", "MB", aeromq, aeron, jeromq, MemoryRun.Figures::rssPeakMb));
        results.add(row("rss-rise", "MB", aeromq, aeron, jeromq, MemoryRun.Figures::rssRiseMb));
        results.add(row("throughput", "msgs/s", aeromq, aeron, jeromq, MemoryRun.Figures::msgsPerSecond));
        oneHugeMessage(results);
    }

    /**
     * The rows of one 1 GiB message over IPC (JeroMQ inproc), sent from and received into direct memory
     * ({@link LargeBuffers}): the used heap is sampled every 5 ms from just after the link is set up (and
     * two full GCs) until the message is in the destination; "heap-peak" is the highest used heap seen,
     * "heap-rise" that minus the used heap after those GCs. AeroMQ: the default configuration, PUSH
     * {@code send(DirectBuffer, 0, 1 GiB)}, PULL with a {@code FrameAllocator} returning the destination and
     * {@code receive(timeout)} (the engine reassembles into it; the message's frame is a view of it).
     * Raw Aeron and JeroMQ: the contenders of the "large" scenario.
     */
    private static void oneHugeMessage(final Results results)
    {
        final Duration limit = Duration.ofSeconds(90); // LargeRun's own limit (50 s) and its clean-up fit in it
        final double[] aeromq;
        final double[] aeron;
        final double[] jeromq;
        try (LargeBuffers buffers = new LargeBuffers(LargeScenario.GIB))
        {
            final Config defaults = Config.builder().build();
            aeromq = BenchSupport.attempt("memory", "AeroMQ ipc 1 GiB", limit,
                () -> heapWhileMoving(buffers, () -> LargeAeroMq.open("ipc", buffers, defaults, false)));
            aeron = BenchSupport.attempt("memory", "raw Aeron ipc 1 GiB", limit,
                () -> heapWhileMoving(buffers, () -> LargeAeron.open("ipc", buffers)));
            jeromq = BenchSupport.attempt("memory", "JeroMQ inproc 1 GiB", limit,
                () -> heapWhileMoving(buffers, () -> LargeJeroMq.open("ipc", buffers)));
            if (aeromq == null || aeron == null || jeromq == null)
            {
                buffers.leaveToGc();
            }
        }
        results.add(Row.of(SCENARIO, "ipc", LargeScenario.GIB, "heap-peak", "MB", mb(aeromq, 0), mb(aeron, 0),
            mb(jeromq, 0)));
        results.add(Row.of(SCENARIO, "ipc", LargeScenario.GIB, "heap-rise", "MB", mb(aeromq, 1), mb(aeron, 1),
            mb(jeromq, 1)));
    }

    /**
     * @return the peak used heap and its rise over the baseline, in bytes.
     */
    private static double[] heapWhileMoving(final LargeBuffers buffers, final LargeRun.Opener opener)
        throws Exception
    {
        final long[] baseline = new long[1];
        final HeapWatch[] watch = new HeapWatch[1];
        buffers.clearDestination(LargeScenario.GIB);
        try
        {
            LargeRun.measure(() ->
            {
                final LargeLink link = opener.open();
                baseline[0] = HeapWatch.usedAfterGc();
                watch[0] = new HeapWatch();
                return link;
            }, LargeScenario.GIB, 0, 1, Duration.ofSeconds(50));
            final long peak = watch[0].peak();
            if (!buffers.delivered(LargeScenario.GIB))
            {
                throw new IllegalStateException("the destination does not hold the bytes sent");
            }
            return new double[]{ peak, peak - baseline[0] };
        }
        finally
        {
            if (watch[0] != null)
            {
                watch[0].close();
            }
        }
    }

    private static Double mb(final double[] figures, final int index)
    {
        return figures == null ? null : figures[index] / (1024.0 * 1024.0);
    }

    /**
     * AeroMQ through the public API, default configuration: a PULL bound, a PUSH connected; every 1 MiB frame
     * goes as a zero-copy attachment, and every received message is copied once into a fresh array.
     */
    private static MemoryRun.Figures aeromq(final Settings settings) throws Exception
    {
        try (Communicator comm = Communicator.open(Config.builder().build()))
        {
            final PullSocket pull = comm.pull();
            pull.linger(Duration.ZERO);
            pull.bind("ipc://memory");
            final PushSocket push = comm.push();
            push.linger(Duration.ZERO);
            push.sendTimeout(POLL_TIMEOUT); // so the sender sees the end of the run while the PULL is full
            push.connect(pull.endpoint());
            push.awaitPeers(1, PEER_TIMEOUT);
            pull.awaitPeers(1, PEER_TIMEOUT);

            final Message message = Message.of(BenchSupport.payload(SIZE));
            final MemoryRun run = new MemoryRun("aeromq-memory");
            return run.measure(settings.memoryRun(),
                () ->
                {
                    while (run.sending())
                    {
                        try
                        {
                            push.send(message);
                            run.sent();
                        }
                        catch (final TimeoutException ignore)
                        {
                            // the PULL pushed back for the whole send timeout: try again
                        }
                    }
                },
                () ->
                {
                    while (run.receiving())
                    {
                        final Optional<Message> received = pull.receive(POLL_TIMEOUT);
                        if (received.isPresent())
                        {
                            if (received.get().size() != SIZE)
                            {
                                throw new IllegalStateException("received " + received.get().size() + " bytes");
                            }
                            run.received();
                        }
                    }
                });
        }
    }

    /**
     * Raw Aeron as its samples are written: an exclusive IPC publication offering each 1 MiB message
     * (fragmented by Aeron), retried on back pressure, and a subscription polled through a
     * {@link FragmentAssembler}, which reassembles into one buffer it reuses.
     */
    private static MemoryRun.Figures aeron(final Settings settings) throws Exception
    {
        try (MediaDriver driver = BenchSupport.rawAeronDriver();
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName())))
        {
            final ExclusivePublication publication = aeron.addExclusivePublication(
                "aeron:ipc?term-length=" + BenchSupport.TERM_LENGTH + "|sparse=true", STREAM_ID);
            final Subscription subscription = aeron.addSubscription("aeron:ipc", STREAM_ID);
            final long deadline = System.nanoTime() + PEER_TIMEOUT.toNanos();
            while (!publication.isConnected() || !subscription.isConnected())
            {
                if (System.nanoTime() > deadline)
                {
                    throw new IllegalStateException("raw Aeron IPC not connected in " + PEER_TIMEOUT.toSeconds() +
                        " s");
                }
                Thread.sleep(1);
            }

            final UnsafeBuffer message = new UnsafeBuffer(BufferUtil.allocateDirectAligned(SIZE, 64));
            message.putBytes(0, BenchSupport.payload(SIZE));
            final MemoryRun run = new MemoryRun("aeron-memory");
            return run.measure(settings.memoryRun(),
                () ->
                {
                    final IdleStrategy idle = BenchSupport.idle();
                    while (run.sending())
                    {
                        if (publication.offer(message, 0, SIZE) > 0)
                        {
                            run.sent();
                            idle.reset();
                        }
                        else
                        {
                            idle.idle();
                        }
                    }
                },
                () ->
                {
                    final FragmentAssembler assembler = new FragmentAssembler((buffer, offset, length, header) ->
                    {
                        if (length != SIZE)
                        {
                            throw new IllegalStateException("received " + length + " bytes");
                        }
                        run.received();
                    });
                    final IdleStrategy idle = BenchSupport.idle();
                    while (run.receiving())
                    {
                        idle.idle(subscription.poll(assembler, FRAGMENT_LIMIT));
                    }
                });
        }
    }

    /**
     * JeroMQ: inproc PUSH/PULL. Inproc hands the sender's array itself to the receiver (no copy), so
     * its figures show what a pipeline costs when nothing is copied at all.
     */
    private static MemoryRun.Figures jeromq(final Settings settings) throws Exception
    {
        try (ZContext context = new ZContext())
        {
            final ZMQ.Socket pull = context.createSocket(SocketType.PULL);
            pull.setLinger(0);
            pull.setReceiveTimeOut((int)POLL_TIMEOUT.toMillis());
            pull.bind("inproc://memory");
            final ZMQ.Socket push = context.createSocket(SocketType.PUSH);
            push.setLinger(0);
            push.setSendTimeOut((int)POLL_TIMEOUT.toMillis());
            push.connect("inproc://memory");

            // each socket is used by one thread only from here on (JeroMQ sockets are not thread safe)
            final byte[] message = BenchSupport.payload(SIZE);
            final MemoryRun run = new MemoryRun("jeromq-memory");
            return run.measure(settings.memoryRun(),
                () ->
                {
                    while (run.sending())
                    {
                        if (push.send(message, 0))
                        {
                            run.sent();
                        }
                    }
                },
                () ->
                {
                    while (run.receiving())
                    {
                        final byte[] received = pull.recv(0);
                        if (received != null)
                        {
                            if (received.length != SIZE)
                            {
                                throw new IllegalStateException("received " + received.length + " bytes");
                            }
                            run.received();
                        }
                    }
                });
        }
    }

    private static Row row(
        final String metric,
        final String unit,
        final MemoryRun.Figures aeromq,
        final MemoryRun.Figures aeron,
        final MemoryRun.Figures jeromq,
        final ToDoubleFunction<MemoryRun.Figures> figure)
    {
        return Row.of(SCENARIO, "ipc", SIZE, metric, unit,
            aeromq == null ? null : figure.applyAsDouble(aeromq),
            aeron == null ? null : figure.applyAsDouble(aeron),
            jeromq == null ? null : figure.applyAsDouble(jeromq));
    }

}
