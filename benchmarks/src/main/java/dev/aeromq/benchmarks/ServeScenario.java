package dev.aeromq.benchmarks;

import dev.aeromq.Communicator;
import dev.aeromq.Message;
import dev.aeromq.RepSocket;
import dev.aeromq.ReqSocket;
import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.BufferUtil;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.ByteOrder;
import java.time.Duration;

/**
 * Scenario "serve": one server answering 64 concurrent clients, each doing 64 B request/reply round
 * trips in a loop (one outstanding request per client), over IPC and UDP; figures are the requests
 * per second of all clients together and the 99th percentile round trip.
 */
final class ServeScenario implements Scenario
{
    static final String SCENARIO = "serve-64";
    static final int SIZE = 64;
    static final int CLIENTS = 64;

    private static final int SERVER_STREAM = 2001;
    private static final int REPLY_STREAM = 3001;
    /** As in Aeron's samples. */
    private static final int FRAGMENT_LIMIT = 10;
    /** Threads that run the raw Aeron clients, each a duty cycle over its share of them. */
    private static final int RAW_CLIENT_THREADS = 2;
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    /** Set-up, ready check, warm-up, measure and stop must fit in this, or the contender is abandoned. */
    private static final Duration RUN_LIMIT = Duration.ofSeconds(40);

    @Override
    public String name()
    {
        return "serve";
    }

    @Override
    public void run(final Settings settings, final Results results)
    {
        for (final boolean udp : new boolean[]{ false, true })
        {
            final String transport = udp ? "udp" : "ipc";
            final Duration limit = RUN_LIMIT.plus(settings.warmup()).plus(settings.measure());
            final ServeRun.Figures aeromq = BenchSupport.attempt("serve", "AeroMQ " + transport, limit,
                () -> aeromq(udp, settings));
            final ServeRun.Figures aeron = BenchSupport.attempt("serve", "raw Aeron " + transport, limit,
                () -> aeron(udp, settings));
            final ServeRun.Figures jeromq = BenchSupport.attempt("serve", "JeroMQ " + (udp ? "tcp" : "inproc"), limit,
                () -> jeromq(udp, settings));
            results.add(Row.of(SCENARIO, transport, SIZE, "throughput", "req/s",
                aeromq == null ? null : aeromq.requestsPerSecond(),
                aeron == null ? null : aeron.requestsPerSecond(),
                jeromq == null ? null : jeromq.requestsPerSecond()));
            results.add(Row.of(SCENARIO, transport, SIZE, "p99", "us",
                aeromq == null ? null : aeromq.p99Micros(),
                aeron == null ? null : aeron.p99Micros(),
                jeromq == null ? null : jeromq.p99Micros()));
        }
    }

    /**
     * AeroMQ through the public API: a REP bound and answering with {@code serve(echo)}, 64 REQs each
     * on a virtual thread of its own doing {@code request} in a loop.
     */
    private static ServeRun.Figures aeromq(final boolean udp, final Settings settings) throws Exception
    {
        try (Communicator comm = BenchSupport.aeromq())
        {
            final RepSocket rep = comm.rep();
            rep.linger(Duration.ZERO);
            rep.bind(udp ? "udp://127.0.0.1:0" : "ipc://serve");
            final String endpoint = rep.endpoint();
            final ReqSocket[] reqs = new ReqSocket[CLIENTS];
            for (int i = 0; i < CLIENTS; i++)
            {
                reqs[i] = comm.req();
                reqs[i].linger(Duration.ZERO);
                reqs[i].connect(endpoint);
            }
            rep.awaitPeers(CLIENTS, PEER_TIMEOUT);
            for (final ReqSocket req : reqs)
            {
                req.awaitPeers(1, PEER_TIMEOUT);
            }

            try (RepSocket.Server server = rep.serve(request -> request))
            {
                final ServeRun run = new ServeRun("aeromq-serve-" + (udp ? "udp" : "ipc"), CLIENTS, REQUEST_TIMEOUT);
                for (int i = 0; i < CLIENTS; i++)
                {
                    final int index = i;
                    final ReqSocket req = reqs[i];
                    run.client("client-" + i, true, () ->
                    {
                        final Message request = Message.of(BenchSupport.payload(SIZE));
                        while (run.running())
                        {
                            final long start = System.nanoTime();
                            final Message reply = req.request(request, REQUEST_TIMEOUT);
                            run.completed(index, start, System.nanoTime());
                            if (reply.size() != SIZE)
                            {
                                throw new IllegalStateException("reply of " + reply.size() + " bytes");
                            }
                        }
                    });
                }
                try
                {
                    return run.measure(settings);
                }
                finally
                {
                    run.stop();
                }
            }
        }
    }

    /**
     * Raw Aeron as its samples are written: the server polls one subscription that every client's
     * exclusive publication feeds; each request carries its client's index, and the server echoes it on
     * the exclusive publication to that client's own reply subscription.
     * <p>
     * The 64 clients are not 64 virtual threads each doing offer-then-poll: tried that way, the
     * virtual threads' busy-poll phases (spin, then yield) kept both carriers, i.e. both cores, busy,
     * starving the media driver and the server thread (UDP: a few thousand requests per second,
     * p99 about 200 ms). Aeron's own way to run many streams is a duty cycle, so {@value
     * #RAW_CLIENT_THREADS} platform threads (one per core here; one thread did no better) each poll and
     * offer for a share of the clients, every client still with one outstanding request, its own
     * publication and its own reply subscription.
     */
    private static ServeRun.Figures aeron(final boolean udp, final Settings settings) throws Exception
    {
        try (MediaDriver driver = BenchSupport.rawAeronDriver();
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName())))
        {
            final String params = "term-length=" + BenchSupport.TERM_LENGTH + "|sparse=true";
            final long deadline = System.nanoTime() + PEER_TIMEOUT.toNanos();
            final Subscription serverSubscription;
            final String requestChannel;
            if (udp)
            {
                serverSubscription = aeron.addSubscription("aeron:udp?endpoint=127.0.0.1:0", SERVER_STREAM);
                requestChannel = "aeron:udp?endpoint=" + resolvedEndpoint(serverSubscription, deadline) + "|" + params;
            }
            else
            {
                serverSubscription = aeron.addSubscription("aeron:ipc", SERVER_STREAM);
                requestChannel = "aeron:ipc?" + params;
            }

            final ExclusivePublication[] requests = new ExclusivePublication[CLIENTS];
            final Subscription[] replies = new Subscription[CLIENTS];
            final ExclusivePublication[] replyPublications = new ExclusivePublication[CLIENTS];
            for (int i = 0; i < CLIENTS; i++)
            {
                // UDP: one port per client, same stream; IPC: one stream per client
                final int replyStream = udp ? REPLY_STREAM : REPLY_STREAM + i;
                replies[i] = aeron.addSubscription(udp ? "aeron:udp?endpoint=127.0.0.1:0" : "aeron:ipc", replyStream);
                final String replyChannel = udp ?
                    "aeron:udp?endpoint=" + resolvedEndpoint(replies[i], deadline) + "|" + params :
                    "aeron:ipc?" + params;
                replyPublications[i] = aeron.addExclusivePublication(replyChannel, replyStream);
                requests[i] = aeron.addExclusivePublication(requestChannel, SERVER_STREAM);
            }
            for (int i = 0; i < CLIENTS; i++)
            {
                while (!requests[i].isConnected() || !replyPublications[i].isConnected() || !replies[i].isConnected())
                {
                    if (System.nanoTime() > deadline)
                    {
                        throw new IllegalStateException("raw Aeron client " + i + " not connected in " +
                            PEER_TIMEOUT.toSeconds() + " s");
                    }
                    Thread.sleep(1);
                }
            }
            while (serverSubscription.imageCount() < CLIENTS)
            {
                if (System.nanoTime() > deadline)
                {
                    throw new IllegalStateException("raw Aeron server sees " + serverSubscription.imageCount() +
                        " of " + CLIENTS + " clients after " + PEER_TIMEOUT.toSeconds() + " s");
                }
                Thread.sleep(1);
            }

            final ServeRun run = new ServeRun("aeron-serve-" + (udp ? "udp" : "ipc"), CLIENTS, REQUEST_TIMEOUT);
            run.server(() ->
            {
                final IdleStrategy idle = BenchSupport.idle();
                final IdleStrategy replyIdle = BenchSupport.idle();
                final FragmentHandler echo = (buffer, offset, length, header) ->
                {
                    final int client = buffer.getInt(offset, ByteOrder.LITTLE_ENDIAN);
                    final ExclusivePublication reply = replyPublications[client];
                    long result;
                    while ((result = reply.offer(buffer, offset, length)) < 0)
                    {
                        if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED ||
                            !run.serving())
                        {
                            return; // like a gone requester: the reply is dropped
                        }
                        replyIdle.idle();
                    }
                    replyIdle.reset();
                };
                while (run.serving())
                {
                    idle.idle(serverSubscription.poll(echo, FRAGMENT_LIMIT));
                }
            });
            for (int t = 0; t < RAW_CLIENT_THREADS; t++)
            {
                final int first = t * CLIENTS / RAW_CLIENT_THREADS;
                final int last = (t + 1) * CLIENTS / RAW_CLIENT_THREADS;
                run.client("clients-" + first + "-" + (last - 1), false,
                    () -> rawClients(run, first, last, requests, replies));
            }
            try
            {
                return run.measure(settings);
            }
            finally
            {
                run.stop();
            }
        }
    }

    /**
     * A duty cycle over clients {@code first} to {@code last - 1}, each with one request outstanding at
     * a time: poll for its reply, and once it has one (or at the start) offer its next request.
     */
    private static void rawClients(
        final ServeRun run,
        final int first,
        final int last,
        final ExclusivePublication[] requests,
        final Subscription[] replies)
    {
        final int count = last - first;
        final UnsafeBuffer[] buffers = new UnsafeBuffer[count];
        final long[] sequence = new long[count];
        final long[] started = new long[count];
        final boolean[] awaiting = new boolean[count];
        for (int k = 0; k < count; k++)
        {
            buffers[k] = new UnsafeBuffer(BufferUtil.allocateDirectAligned(SIZE, 64));
            buffers[k].putBytes(0, BenchSupport.payload(SIZE));
            buffers[k].putInt(0, first + k, ByteOrder.LITTLE_ENDIAN);
        }
        final long[] echoed = new long[1];
        final FragmentHandler onReply =
            (buffer, offset, length, header) -> echoed[0] = buffer.getLong(offset + 4, ByteOrder.LITTLE_ENDIAN);
        final IdleStrategy idle = BenchSupport.idle();
        final long timeoutNs = REQUEST_TIMEOUT.toNanos();
        while (run.running())
        {
            int work = 0;
            for (int k = 0; k < count; k++)
            {
                final int client = first + k;
                if (awaiting[k])
                {
                    echoed[0] = 0;
                    if (replies[client].poll(onReply, 1) == 0)
                    {
                        if (System.nanoTime() - started[k] > timeoutNs)
                        {
                            throw new IllegalStateException("client " + client + ": no reply to request " +
                                sequence[k] + " in " + REQUEST_TIMEOUT.toSeconds() + " s");
                        }
                        continue;
                    }
                    if (echoed[0] != sequence[k])
                    {
                        throw new IllegalStateException("client " + client + " got the reply to " + echoed[0] +
                            ", expected " + sequence[k]);
                    }
                    run.completed(client, started[k], System.nanoTime());
                    awaiting[k] = false;
                    work++;
                }
                if (!awaiting[k])
                {
                    final long now = System.nanoTime();
                    buffers[k].putLong(4, sequence[k] + 1, ByteOrder.LITTLE_ENDIAN);
                    if (requests[client].offer(buffers[k], 0, SIZE) > 0)
                    {
                        sequence[k]++;
                        started[k] = now;
                        awaiting[k] = true;
                        work++;
                    }
                }
            }
            idle.idle(work);
        }
    }

    /**
     * JeroMQ: one REP server thread and 64 REQ clients; inproc in the ipc row, tcp loopback in the udp
     * row. The clients are platform threads: JeroMQ blocks in {@code Selector.select} and
     * {@code synchronized} code, which would pin (or make the JDK add) carrier threads anyway, so
     * virtual threads would only add a layer; one thread per REQ socket is how ZeroMQ is used.
     */
    private static ServeRun.Figures jeromq(final boolean udp, final Settings settings) throws Exception
    {
        try (ZContext context = new ZContext())
        {
            final String endpoint = udp ? "tcp://127.0.0.1:" + BenchSupport.freeTcpPort() : "inproc://serve";
            final ZMQ.Socket rep = context.createSocket(SocketType.REP);
            rep.setLinger(0);
            rep.setReceiveTimeOut((int)POLL_TIMEOUT.toMillis());
            rep.bind(endpoint);
            final ZMQ.Socket[] reqs = new ZMQ.Socket[CLIENTS];
            for (int i = 0; i < CLIENTS; i++)
            {
                reqs[i] = context.createSocket(SocketType.REQ);
                reqs[i].setLinger(0);
                reqs[i].setReceiveTimeOut((int)REQUEST_TIMEOUT.toMillis());
                reqs[i].setSendTimeOut((int)REQUEST_TIMEOUT.toMillis());
                reqs[i].connect(endpoint);
            }

            // each socket is used by one thread only from here on (JeroMQ sockets are not thread safe)
            final ServeRun run = new ServeRun("jeromq-serve-" + (udp ? "tcp" : "inproc"), CLIENTS, REQUEST_TIMEOUT);
            run.server(() ->
            {
                while (run.serving())
                {
                    final byte[] request = rep.recv(0);
                    if (request != null)
                    {
                        rep.send(request, 0);
                    }
                }
            });
            for (int i = 0; i < CLIENTS; i++)
            {
                final int index = i;
                final ZMQ.Socket req = reqs[i];
                run.client("client-" + i, false, () ->
                {
                    final byte[] request = BenchSupport.payload(SIZE);
                    while (run.running())
                    {
                        final long start = System.nanoTime();
                        if (!req.send(request, 0))
                        {
                            throw new IllegalStateException("request not taken in " + REQUEST_TIMEOUT.toSeconds() +
                                " s");
                        }
                        final byte[] reply = req.recv(0);
                        if (reply == null)
                        {
                            throw new IllegalStateException("no reply in " + REQUEST_TIMEOUT.toSeconds() + " s");
                        }
                        run.completed(index, start, System.nanoTime());
                    }
                });
            }
            try
            {
                return run.measure(settings);
            }
            finally
            {
                run.stop(); // before the context closes the sockets under the threads
            }
        }
    }

    /**
     * @return host:port a UDP subscription on port 0 was bound to.
     */
    private static String resolvedEndpoint(final Subscription subscription, final long deadlineNs)
        throws InterruptedException
    {
        String endpoint;
        while ((endpoint = subscription.resolvedEndpoint()) == null)
        {
            if (System.nanoTime() > deadlineNs)
            {
                throw new IllegalStateException(subscription.channel() + " not bound in " +
                    PEER_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(1);
        }
        return endpoint;
    }

}
