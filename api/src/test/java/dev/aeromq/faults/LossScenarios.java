package dev.aeromq.faults;

import dev.aeromq.Communicator;
import dev.aeromq.Message;
import dev.aeromq.PairSocket;
import dev.aeromq.PubSocket;
import dev.aeromq.PullSocket;
import dev.aeromq.PushSocket;
import dev.aeromq.ReceivingSocket;
import dev.aeromq.RepSocket;
import dev.aeromq.ReqSocket;
import dev.aeromq.SendingSocket;
import dev.aeromq.Socket;
import dev.aeromq.SubSocket;
import dev.aeromq.Testing;
import dev.aeromq.TimeoutException;
import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.Background;
import dev.aeromq.testkit.ChildSide;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The loss scenarios, run in a child JVM whose two communicators' media drivers both drop data frames
 * on receipt (so every direction of every link is lossy: data, handshakes, heartbeats), over UDP on
 * loopback. Each reports what arrived as a {@code FIGURE} line; the test asserts on it.
 */
final class LossScenarios
{
    static final int PUSH_PULL_MESSAGES = 20_000;
    static final int ROUND_TRIPS = 2_000;
    static final int PAIR_MESSAGES = 5_000;
    static final int PUB_SUB_MESSAGES = 5_000;
    static final int PUB_SUB_WINDOW = 64;
    static final int LARGE_MESSAGES = 48;
    static final int LARGE_SIZE = 256 * 1024;
    static final int CHUNKED_SIZE = 1536 * 1024;
    static final int SMALL_SIZE = 64;

    private static final String ANY_PORT = "udp://127.0.0.1:0";
    private static final Duration NOTHING_MORE = Duration.ofMillis(300);

    private LossScenarios()
    {
    }

    static void run(final ChildSide side, final String scenario) throws Exception
    {
        try (Communicator a = Child.open("a"); Communicator b = Child.open("b"))
        {
            final long startNs = System.nanoTime();
            final String figures = switch (scenario)
            {
                case "push-pull" -> pushPull(a, b, PUSH_PULL_MESSAGES, i -> SMALL_SIZE);
                case "large" -> pushPull(a, b, LARGE_MESSAGES, LossScenarios::largeSize);
                case "req-rep" -> reqRep(a, b);
                case "pair" -> pair(a, b);
                case "pub-sub" -> pubSub(a, b);
                default -> throw new IllegalArgumentException("no scenario " + scenario);
            };
            final long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
            final DriverCounters counters = DriverCounters.read(a.aeronDirectory())
                .plus(DriverCounters.read(b.aeronDirectory()));
            side.say("FIGURE " + figures + " elapsedMs=" + elapsedMs + " " + counters.figures());
        }
        side.say("DONE");
    }

    /**
     * Every fifth message is larger than Aeron's largest message (term / 8): Data plus Chunks.
     */
    static int largeSize(final long seq)
    {
        return seq % 5 == 4 ? CHUNKED_SIZE : LARGE_SIZE;
    }

    private static String pushPull(final Communicator a, final Communicator b, final int count, final Sizes sizes)
    {
        final PullSocket pull = a.pull().bind(ANY_PORT);
        final PushSocket push = b.push().connect(pull.endpoint());
        linked(push, pull);
        final Background<Integer> sender = Background.platform("push", () ->
        {
            for (int i = 0; i < count; i++)
            {
                push.send(Payloads.of(i, sizes.of(i)));
            }
            return count;
        });
        final Tally tally = receiveAll(pull, count);
        sender.result();
        return tally.figures(count);
    }

    private static String reqRep(final Communicator a, final Communicator b)
    {
        final RepSocket rep = a.rep().bind(ANY_PORT);
        rep.serve(request -> request);
        final ReqSocket req = b.req().connect(rep.endpoint());
        linked(req, rep);
        final long[] latencyNs = new long[ROUND_TRIPS];
        long timedOut = 0;
        long wrong = 0;
        for (int i = 0; i < ROUND_TRIPS; i++)
        {
            final long startNs = System.nanoTime();
            try
            {
                final long seq = Payloads.check(req.request(Payloads.of(i, SMALL_SIZE), Testing.WAIT));
                wrong += seq == i ? 0 : 1;
            }
            catch (final TimeoutException ex)
            {
                timedOut++;
            }
            latencyNs[i] = System.nanoTime() - startNs;
        }
        Arrays.sort(latencyNs);
        return "sent=" + ROUND_TRIPS + " lost=" + timedOut + " duplicates=" + wrong + " outOfOrder=0" +
            " p50Us=" + latencyNs[ROUND_TRIPS / 2] / 1000 + " p99Us=" + latencyNs[ROUND_TRIPS * 99 / 100] / 1000 +
            " maxUs=" + latencyNs[ROUND_TRIPS - 1] / 1000;
    }

    private static String pair(final Communicator a, final Communicator b)
    {
        final PairSocket one = a.pair().bind(ANY_PORT);
        final PairSocket two = b.pair().connect(one.endpoint());
        linked(one, two);
        final Background<Integer> oneSends = Background.platform("one-sends", () -> sendAll(one));
        final Background<Integer> twoSends = Background.platform("two-sends", () -> sendAll(two));
        final Background<Tally> twoReceives = Background.platform("two-receives",
            () -> receiveAll(two, PAIR_MESSAGES));
        final Tally oneGot = receiveAll(one, PAIR_MESSAGES);
        final Tally twoGot = twoReceives.result();
        oneSends.result();
        twoSends.result();
        return "sent=" + 2 * PAIR_MESSAGES +
            " lost=" + (oneGot.lost(PAIR_MESSAGES) + twoGot.lost(PAIR_MESSAGES)) +
            " duplicates=" + (oneGot.duplicates() + twoGot.duplicates()) +
            " outOfOrder=" + (oneGot.outOfOrder() + twoGot.outOfOrder()) +
            " bindToConnect=" + twoGot.distinct() + " connectToBind=" + oneGot.distinct() +
            " missing=" + oneGot.missing(PAIR_MESSAGES, 10) + "/" + twoGot.missing(PAIR_MESSAGES, 10);
    }

    private static String pubSub(final Communicator a, final Communicator b)
    {
        final PubSocket pub = a.pub().bind(ANY_PORT);
        final SubSocket first = b.sub();
        final SubSocket second = a.sub();
        first.subscribe("t");
        second.subscribe("t");
        first.connect(pub.endpoint()).awaitPeers(1, Testing.WAIT);
        second.connect(pub.endpoint()).awaitPeers(1, Testing.WAIT);
        pub.awaitPeers(2, Testing.WAIT);
        final AtomicLong firstCount = new AtomicLong();
        final AtomicLong secondCount = new AtomicLong();
        final Background<Tally> firstGets = Background.platform("sub-1",
            () -> receiveAll(first, PUB_SUB_MESSAGES, firstCount));
        final Background<Tally> secondGets = Background.platform("sub-2",
            () -> receiveAll(second, PUB_SUB_MESSAGES, secondCount));
        for (int i = 0; i < PUB_SUB_MESSAGES; i++)
        {
            final long sent = i;
            Await.await("both subscribers within " + PUB_SUB_WINDOW + " messages of the publisher",
                () -> sent - Math.min(firstCount.get(), secondCount.get()) < PUB_SUB_WINDOW);
            pub.publish("t", Payloads.of(i, SMALL_SIZE));
        }
        final Tally one = firstGets.result();
        final Tally two = secondGets.result();
        return "sent=" + PUB_SUB_MESSAGES + " subscribers=2" +
            " lost=" + (one.lost(PUB_SUB_MESSAGES) + two.lost(PUB_SUB_MESSAGES)) +
            " duplicates=" + (one.duplicates() + two.duplicates()) +
            " outOfOrder=" + (one.outOfOrder() + two.outOfOrder()) +
            " missing=" + one.missing(PUB_SUB_MESSAGES, 10) + "/" + two.missing(PUB_SUB_MESSAGES, 10);
    }

    private static void linked(final Socket one, final Socket two)
    {
        one.awaitPeers(1, Testing.WAIT);
        two.awaitPeers(1, Testing.WAIT);
    }

    /**
     * PAIR messages of 8 B to 4 KiB, so that even batched into 64 KiB datagrams they make hundreds of
     * datagrams each way: enough for the loss generator to hit.
     */
    private static int sendAll(final SendingSocket socket)
    {
        for (int i = 0; i < PAIR_MESSAGES; i++)
        {
            socket.send(Payloads.of(i, pairSize(i)));
        }
        return PAIR_MESSAGES;
    }

    static int pairSize(final long seq)
    {
        return Payloads.MIN_SIZE + (int)(seq % 64) * 64;
    }

    private static Tally receiveAll(final ReceivingSocket socket, final int count)
    {
        return receiveAll(socket, count, new AtomicLong());
    }

    /**
     * Take messages until all numbers 0 to count - 1 arrived or none came for {@link Testing#WAIT}, then
     * watch a little longer for anything more (a duplicate).
     */
    private static Tally receiveAll(final ReceivingSocket socket, final int count, final AtomicLong taken)
    {
        final Tally tally = new Tally();
        while (true)
        {
            final Optional<Message> message = socket.receive(tally.distinct() < count ? Testing.WAIT : NOTHING_MORE);
            if (message.isEmpty())
            {
                return tally;
            }
            tally.add(Payloads.check(message.get()));
            taken.set(tally.highest() + 1); // a dropped message must not hold the pacing back
        }
    }

    /**
     * The payload size of message number seq.
     */
    @FunctionalInterface
    interface Sizes
    {
        int of(long seq);
    }
}
