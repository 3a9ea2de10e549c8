package dev.aeromq.faults;

import dev.aeromq.Communicator;
import dev.aeromq.Config;
import dev.aeromq.PairSocket;
import dev.aeromq.PubSocket;
import dev.aeromq.PullSocket;
import dev.aeromq.PushSocket;
import dev.aeromq.RepSocket;
import dev.aeromq.ReqSocket;
import dev.aeromq.SubSocket;
import dev.aeromq.Testing;
import dev.aeromq.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Mixed patterns with peers joining and leaving: a REP serving, a PUB and a PULL stay bound over UDP
 * while, round after round, a REQ, a SUB, a PUSH (from a second communicator) and an IPC PAIR join,
 * exchange messages and leave. Every message must arrive, every peer must be gone from the binders'
 * counts after its round. In CI a few rounds; with {@code AEROMQ_TEST_LONG=1} ten minutes
 * ({@code AEROMQ_TEST_SOAK_SECONDS} to change it, up to 50 minutes) with the heap after a full collection and the RSS
 * sampled every 10 s, which must stay flat (see {@link Flatness}).
 */
class SoakTest
{
    private static final int CI_ROUNDS = 5;
    private static final int ROUND_TRIPS = 20;
    private static final int PUBLISHED = 50;
    private static final int PUSHED = 50;
    private static final int PAIR_MESSAGES = 20;
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(10);

    @Test
    void mixedPatternsWithPeersJoiningAndLeaving()
    {
        final List<Flatness.Sample> samples = soak(Duration.ZERO, CI_ROUNDS, "soak.ci");
        assertTrue(samples.size() >= 2);
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "AEROMQ_TEST_LONG", matches = "1|true|yes")
    @Timeout(value = 1, unit = TimeUnit.HOURS)
    void tenMinutesOfMixedPatternsKeepHeapAndRssFlat()
    {
        final String seconds = System.getenv().getOrDefault("AEROMQ_TEST_SOAK_SECONDS", "600");
        final List<Flatness.Sample> samples = soak(Duration.ofSeconds(Long.parseLong(seconds)), 0, "soak.long");
        final Flatness heap = Flatness.of("heap", samples, Flatness.Sample::heap, 16);
        final Flatness rss = Flatness.of("rss", samples, Flatness.Sample::rss, 32);
        Figures.of("soak.long.flatness").put("samples", samples.size()).put("heap", heap).put("rss", rss).record();
        assertTrue(heap.isFlat(), heap::toString);
        assertTrue(rss.isFlat(), rss::toString);
    }

    private static List<Flatness.Sample> soak(final Duration duration, final int minRounds, final String name)
    {
        final Config config = Testing.config().peerTimeout(Duration.ofSeconds(10))
            .publisherBackPressure(Config.PublisherBackPressure.WAIT).build();
        final List<Flatness.Sample> samples = new ArrayList<>();
        try (Communicator server = Communicator.open(config); Communicator clients = Communicator.open(config))
        {
            final RepSocket rep = server.rep().bind("udp://127.0.0.1:0");
            rep.serve(request -> request);
            final PubSocket pub = server.pub().bind("udp://127.0.0.1:0");
            final PullSocket pull = server.pull().bind("udp://127.0.0.1:0");
            final Tally pulled = new Tally();
            pull.onMessage(message -> pulled.add(Payloads.check(message)));
            final Round round = new Round(server, clients, rep, pub, pull);

            final long startNs = System.nanoTime();
            long nextSampleNs = startNs;
            int rounds = 0;
            while (rounds < minRounds || System.nanoTime() - startNs < duration.toNanos())
            {
                round.run(rounds++);
                if (System.nanoTime() - nextSampleNs >= 0 || minRounds > 0)
                {
                    samples.add(new Flatness.Sample(System.nanoTime() - startNs, Memory.heapAfterGc(), Memory.rss()));
                    nextSampleNs = System.nanoTime() + SAMPLE_EVERY.toNanos();
                }
            }
            final long pushed = round.pushed.get();
            Await.await(() -> "the PULL to take all " + pushed + "; it took " + pulled.distinct(), Testing.WAIT,
                () -> pulled.distinct() == pushed);
            Figures.of(name).put("rounds", rounds).put("peersJoinedAndLeft", rounds * 4L)
                .put("pushed", pushed).put("lost", pulled.lost(pushed)).put("duplicates", pulled.duplicates())
                .millis("elapsedMs", startNs, System.nanoTime())
                .put("heapFirstMiB", Memory.mib(samples.getFirst().heap()))
                .put("heapLastMiB", Memory.mib(samples.getLast().heap()))
                .put("rssFirstMiB", Memory.mib(samples.getFirst().rss()))
                .put("rssLastMiB", Memory.mib(samples.getLast().rss())).record();
            assertEquals(0, pulled.duplicates());
            return samples;
        }
    }

    /**
     * One round: four peers join, exchange messages, and leave.
     */
    private static final class Round
    {
        private final Communicator server;
        private final Communicator clients;
        private final RepSocket rep;
        private final PubSocket pub;
        private final PullSocket pull;
        private final AtomicLong pushed = new AtomicLong();

        Round(
            final Communicator server,
            final Communicator clients,
            final RepSocket rep,
            final PubSocket pub,
            final PullSocket pull)
        {
            this.server = server;
            this.clients = clients;
            this.rep = rep;
            this.pub = pub;
            this.pull = pull;
        }

        void run(final int round)
        {
            try (ReqSocket req = clients.req().connect(rep.endpoint());
                SubSocket sub = clients.sub();
                PushSocket push = clients.push().connect(pull.endpoint());
                PairSocket bound = server.pair().bind(Testing.ipc("soak-pair"));
                PairSocket connected = server.pair().connect(bound.endpoint()))
            {
                sub.subscribe("t");
                sub.connect(pub.endpoint());
                for (final var socket : List.of(req, sub, push, bound, connected))
                {
                    socket.awaitPeers(1, Testing.WAIT);
                }
                pub.awaitPeers(1, Testing.WAIT);

                for (int i = 0; i < ROUND_TRIPS; i++)
                {
                    assertEquals(i, Payloads.check(req.request(Payloads.of(i, 64), Testing.WAIT)), "round " + round);
                }
                for (int i = 0; i < PUBLISHED; i++)
                {
                    pub.publish("t", Payloads.of(i, 128));
                }
                for (int i = 0; i < PUBLISHED; i++)
                {
                    assertEquals(i, Payloads.check(Testing.receive(sub, "publication " + i)), "round " + round);
                }
                for (int i = 0; i < PUSHED; i++)
                {
                    push.send(Payloads.of(pushed.getAndIncrement(), 256));
                }
                for (int i = 0; i < PAIR_MESSAGES; i++)
                {
                    bound.send(Payloads.of(i, 512));
                    connected.send(Payloads.of(i, 512));
                }
                for (int i = 0; i < PAIR_MESSAGES; i++)
                {
                    assertEquals(i, Payloads.check(Testing.receive(connected, "pair message " + i)));
                    assertEquals(i, Payloads.check(Testing.receive(bound, "pair message " + i)));
                }
            }
            Await.await(() -> "the round's peers to leave: REP " + rep.peerCount() + ", PUB " + pub.peerCount() +
                ", PULL " + pull.peerCount(), Testing.WAIT,
                () -> rep.peerCount() == 0 && pub.peerCount() == 0 && pull.peerCount() == 0);
        }
    }
}
