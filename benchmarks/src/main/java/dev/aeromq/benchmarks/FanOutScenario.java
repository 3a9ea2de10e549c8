package dev.aeromq.benchmarks;

import dev.aeromq.Communicator;
import dev.aeromq.Message;
import dev.aeromq.MessageView;
import dev.aeromq.PubSocket;
import dev.aeromq.SubSocket;
import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.BufferUtil;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Scenario "fanout": one publisher, 4 and then 16 subscribers, 64 B messages published as fast as possible
 * over IPC and UDP; the figure is what each subscriber received per second (mean and slowest). Every
 * contender fans out natively: AeroMQ's bound PUB writes each message once to the stream its SUBs share
 * (IPC log; UDP multi-destination-cast), raw Aeron has one publication and N subscriptions (IPC; UDP MDC),
 * JeroMQ's PUB queues a copy per subscriber.
 * <p>
 * The contenders do not have the same delivery guarantee, and the figures say what each delivers:
 * an AeroMQ PUB (and a JeroMQ PUB) drops for a subscriber that cannot keep up (ZeroMQ semantics),
 * so its publisher never slows down; raw Aeron is lossless here, its publisher waits for the slowest
 * subscriber (IPC: the publication's position is bounded by every subscriber; UDP: min flow control).
 * A "published" row gives each publisher's own rate for context, and two "cpu" rows the CPU time its
 * publisher's and (mean) subscriber's threads spent per message: on a machine with fewer cores than threads
 * they say where the cores went.
 * <p>
 * Two instances: "fanout" ({@code pub-sub-fanout-N} rows), where the PUB sends a {@code Message} and each
 * SUB calls {@code receive}, and "fanout-poll" ({@code pub-sub-fanout-poll-N} rows), AeroMQ's zero-copy
 * path: the PUB sends from one reused direct buffer ({@code send(DirectBuffer, 0, 64)}) and each SUB loops
 * {@code poll(handler, 10)} on its platform thread, idling with the backoff strategy when a poll hands
 * nothing, as raw Aeron's subscribers do. Raw Aeron and JeroMQ run again beside either, unchanged.
 */
final class FanOutScenario implements Scenario
{
    static final String SCENARIO = "pub-sub-fanout";
    static final String POLL_SCENARIO = "pub-sub-fanout-poll";
    static final int SIZE = 64;
    /** The subscriber counts, each a row group. */
    static final int[] SUBSCRIBERS = { 4, 16 };

    private static final int STREAM_ID = 1001;
    /** As in Aeron's samples. */
    private static final int FRAGMENT_LIMIT = 10;
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    /** Set-up, ready check, warm-up, measure and stop must fit in this, or the contender is abandoned. */
    private static final Duration RUN_LIMIT = Duration.ofSeconds(30);

    private final boolean inline;

    /**
     * @param inline true for AeroMQ's zero-copy path (buffer send, inline poll), false for its message path.
     */
    FanOutScenario(final boolean inline)
    {
        this.inline = inline;
    }

    @Override
    public String name()
    {
        return inline ? "fanout-poll" : "fanout";
    }

    @Override
    public void run(final Settings settings, final Results results)
    {
        for (final int subscribers : SUBSCRIBERS)
        {
            for (final boolean udp : new boolean[]{ false, true })
            {
                run(settings, results, subscribers, udp);
            }
        }
    }

    private void run(final Settings settings, final Results results, final int n, final boolean udp)
    {
        final String transport = udp ? "udp" : "ipc";
        final String scenario = (inline ? POLL_SCENARIO : SCENARIO) + "-" + n;
        final String what = " " + transport + " to " + n;
        final Duration limit = RUN_LIMIT.plus(settings.warmup()).plus(settings.measure());
        final FanOutFigures aeromq = BenchSupport.attempt(name(), "AeroMQ" + what, limit,
            () -> aeromq(udp, n, settings, inline));
        final FanOutFigures aeron = BenchSupport.attempt(name(), "raw Aeron" + what, limit,
            () -> aeron(udp, n, settings));
        final FanOutFigures jeromq = BenchSupport.attempt(name(), "JeroMQ" + what, limit,
            () -> jeromq(udp, n, settings));
        add(results, scenario, transport, "per-subscriber", "msgs/s", FanOutFigures::meanReceived,
            aeromq, aeron, jeromq);
        add(results, scenario, transport, "min-subscriber", "msgs/s", FanOutFigures::minReceived,
            aeromq, aeron, jeromq);
        // context: what the publisher put out; above per-subscriber means that PUB dropped
        add(results, scenario, transport, "published", "msgs/s", FanOutFigures::published, aeromq, aeron, jeromq);
        add(results, scenario, transport, "pub-cpu", "ns/msg", FanOutFigures::publisherCpuNs, aeromq, aeron, jeromq);
        add(results, scenario, transport, "sub-cpu", "ns/msg", FanOutFigures::subscriberCpuNs, aeromq, aeron, jeromq);
    }

    private static void add(final Results results, final String scenario, final String transport,
        final String metric, final String unit, final ToDoubleFunction<FanOutFigures> figure,
        final FanOutFigures aeromq, final FanOutFigures aeron, final FanOutFigures jeromq)
    {
        results.add(Row.of(scenario, transport, SIZE, metric, unit, figure(aeromq, figure), figure(aeron, figure),
            figure(jeromq, figure)));
    }

    private static Double figure(final FanOutFigures figures, final ToDoubleFunction<FanOutFigures> figure)
    {
        if (figures == null)
        {
            return null;
        }
        final double value = figure.applyAsDouble(figures);
        return Double.isNaN(value) ? null : value;
    }

    /**
     * AeroMQ through the public API: one PUB bound, the SUBs connected with the empty prefix; the PUB's
     * default fan-out shares one stream among them.
     */
    private static FanOutFigures aeromq(
        final boolean udp, final int subscribers, final Settings settings, final boolean inline) throws Exception
    {
        try (Communicator comm = BenchSupport.aeromq())
        {
            final PubSocket pub = comm.pub();
            pub.linger(Duration.ZERO);
            pub.bind(udp ? "udp://127.0.0.1:0" : "ipc://fanout");
            final String endpoint = pub.endpoint();
            final SubSocket[] subs = new SubSocket[subscribers];
            for (int i = 0; i < subscribers; i++)
            {
                subs[i] = comm.sub();
                subs[i].linger(Duration.ZERO);
                subs[i].subscribe(""); // before connecting: the prefix travels in the handshake
                subs[i].connect(endpoint);
            }
            pub.awaitPeers(subscribers, PEER_TIMEOUT);
            for (final SubSocket sub : subs)
            {
                sub.awaitPeers(1, PEER_TIMEOUT);
            }

            final FanOutRun run = new FanOutRun("aeromq-fanout-" + endpoint, subscribers);
            final Message message = Message.of(BenchSupport.payload(SIZE));
            final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(SIZE, 64));
            buffer.putBytes(0, BenchSupport.payload(SIZE));
            run.start("publisher", () ->
            {
                while (run.running())
                {
                    // never blocks: a subscriber that pushes back misses it
                    if (inline)
                    {
                        pub.send(buffer, 0, SIZE);
                    }
                    else
                    {
                        pub.send(message);
                    }
                    run.published(1);
                }
            });
            for (int i = 0; i < subscribers; i++)
            {
                final int index = i;
                final SubSocket sub = subs[i];
                run.start("sub-" + i, inline ? () -> pollLoop(run, index, sub) : () ->
                {
                    while (run.running())
                    {
                        if (sub.receive(POLL_TIMEOUT).isPresent())
                        {
                            run.received(index, 1);
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

    private static void pollLoop(final FanOutRun run, final int index, final SubSocket sub)
    {
        final Consumer<MessageView> handler = message -> {};
        final IdleStrategy idle = BenchSupport.idle();
        while (run.running())
        {
            final int handed = sub.poll(handler, FRAGMENT_LIMIT);
            if (handed > 0)
            {
                run.received(index, handed);
            }
            idle.idle(handed);
        }
    }

    /**
     * Raw Aeron as its samples are written. IPC: one exclusive publication and N subscriptions on
     * the same stream (the driver's native fan-out: every subscriber reads the one log buffer). UDP:
     * one multi-destination-cast publication in dynamic control mode, each subscription on its own
     * endpoint port joining through the control address; {@code fc=min} because MDC's default flow
     * control follows the fastest receiver and would let the slow ones lose data. Lossless in both:
     * the publisher retries on back pressure, unlike the AeroMQ PUB which drops.
     */
    private static FanOutFigures aeron(final boolean udp, final int subscribers, final Settings settings)
        throws Exception
    {
        try (MediaDriver driver = BenchSupport.rawAeronDriver();
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName())))
        {
            final String params = "term-length=" + BenchSupport.TERM_LENGTH + "|sparse=true";
            final String publicationChannel;
            final String[] subscriptionChannels = new String[subscribers];
            if (udp)
            {
                final String control = "127.0.0.1:" + BenchSupport.freeUdpPort();
                publicationChannel = "aeron:udp?control=" + control + "|control-mode=dynamic|fc=min|" + params;
                for (int i = 0; i < subscribers; i++)
                {
                    subscriptionChannels[i] = "aeron:udp?endpoint=127.0.0.1:" + BenchSupport.freeUdpPort() +
                        "|control=" + control + "|control-mode=dynamic";
                }
            }
            else
            {
                publicationChannel = "aeron:ipc?" + params;
                Arrays.fill(subscriptionChannels, "aeron:ipc");
            }

            final ExclusivePublication publication = aeron.addExclusivePublication(publicationChannel, STREAM_ID);
            final Subscription[] subscriptions = new Subscription[subscribers];
            for (int i = 0; i < subscribers; i++)
            {
                subscriptions[i] = aeron.addSubscription(subscriptionChannels[i], STREAM_ID);
            }
            final long deadline = System.nanoTime() + PEER_TIMEOUT.toNanos();
            for (final Subscription subscription : subscriptions)
            {
                while (!subscription.isConnected() || !publication.isConnected())
                {
                    if (System.nanoTime() > deadline)
                    {
                        throw new IllegalStateException("raw Aeron subscription on " + subscription.channel() +
                            " not connected in " + PEER_TIMEOUT.toSeconds() + " s");
                    }
                    Thread.sleep(1);
                }
            }

            final FanOutRun run = new FanOutRun("aeron-fanout-" + (udp ? "udp" : "ipc"), subscribers);
            final byte[] payload = BenchSupport.payload(SIZE);
            run.start("publisher", () ->
            {
                final BufferClaim claim = new BufferClaim();
                final IdleStrategy idle = BenchSupport.idle();
                while (run.running())
                {
                    if (publication.tryClaim(SIZE, claim) > 0)
                    {
                        claim.buffer().putBytes(claim.offset(), payload);
                        claim.commit();
                        run.published(1);
                        idle.reset();
                    }
                    else
                    {
                        idle.idle(); // back pressure: wait for the slowest subscriber
                    }
                }
            });
            for (int i = 0; i < subscribers; i++)
            {
                final int index = i;
                final Subscription subscription = subscriptions[i];
                run.start("sub-" + i, () ->
                {
                    final FragmentHandler handler = (buffer, offset, length, header) -> {};
                    final IdleStrategy idle = BenchSupport.idle();
                    while (run.running())
                    {
                        final int fragments = subscription.poll(handler, FRAGMENT_LIMIT);
                        if (fragments > 0)
                        {
                            run.received(index, fragments); // 64 B: one fragment per message
                        }
                        idle.idle(fragments);
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

    /**
     * JeroMQ: a PUB and N SUBs with the empty subscription and default high-water marks; inproc
     * in the ipc row, tcp loopback in the udp row.
     */
    private static FanOutFigures jeromq(final boolean udp, final int subscribers, final Settings settings)
        throws Exception
    {
        try (ZContext context = new ZContext())
        {
            final String endpoint = udp ? "tcp://127.0.0.1:" + BenchSupport.freeTcpPort() : "inproc://fanout";
            final ZMQ.Socket pub = context.createSocket(SocketType.PUB);
            pub.setLinger(0);
            pub.bind(endpoint);
            final ZMQ.Socket[] subs = new ZMQ.Socket[subscribers];
            for (int i = 0; i < subscribers; i++)
            {
                subs[i] = context.createSocket(SocketType.SUB);
                subs[i].setLinger(0);
                subs[i].setReceiveTimeOut((int)POLL_TIMEOUT.toMillis());
                subs[i].subscribe(ZMQ.SUBSCRIPTION_ALL);
                subs[i].connect(endpoint);
            }

            // each socket is used by one thread only from here on (JeroMQ sockets are not thread safe);
            // the ready check in measure() covers ZeroMQ's slow joiners
            final FanOutRun run = new FanOutRun("jeromq-fanout-" + (udp ? "tcp" : "inproc"), subscribers);
            final byte[] payload = BenchSupport.payload(SIZE);
            run.start("publisher", () ->
            {
                while (run.running())
                {
                    pub.send(payload, 0); // a PUB drops at a subscriber's high-water mark
                    run.published(1);
                }
            });
            for (int i = 0; i < subscribers; i++)
            {
                final int index = i;
                final ZMQ.Socket sub = subs[i];
                run.start("sub-" + i, () ->
                {
                    while (run.running())
                    {
                        if (sub.recv(0) != null)
                        {
                            run.received(index, 1);
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
                run.stop(); // before the context closes the sockets under the threads
            }
        }
    }
}
