package dev.aeromq.faults;

import dev.aeromq.AeroMqException;
import dev.aeromq.Communicator;
import dev.aeromq.Config;
import dev.aeromq.Message;
import dev.aeromq.PullSocket;
import dev.aeromq.PushSocket;
import dev.aeromq.RepSocket;
import dev.aeromq.ReqSocket;
import dev.aeromq.Testing;
import dev.aeromq.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Load: 64 requesters on virtual threads through one {@code serve} (a CI-sized run, and 64 x 10,000
 * with {@code AEROMQ_TEST_LONG=1}), and 200 peers connecting to one binder, over UDP between two
 * communicators. Liveness is relaxed (10 s peer timeout) so a loaded machine's scheduling pauses are
 * not taken for dead peers: these tests are about volume, not liveness.
 */
class LoadTest
{
    private static final int REQUESTERS = 64;
    private static final int PEERS = 200;
    private static final int MESSAGES_PER_PEER = 10;
    private static final Duration JOIN_DEADLINE = Duration.ofSeconds(90);
    private static final Duration SERVE_DEADLINE = Duration.ofMinutes(9);

    @Test
    void sixtyFourVirtualThreadRequestersThroughServeGetEveryReply() throws Exception
    {
        serve(500, "load.serve-64x500");
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "AEROMQ_TEST_LONG", matches = "1|true|yes")
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void sixtyFourVirtualThreadRequestersTimesTenThousandThroughServe() throws Exception
    {
        serve(10_000, "load.serve-64x10000");
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void twoHundredPushersConnectToOnePullAndEveryMessageArrives()
    {
        final Config config = relaxed().termLength(512 * 1024).build(); // 400 logs: the smallest that works
        try (Communicator server = Communicator.open(config); Communicator clients = Communicator.open(config))
        {
            final PullSocket pull = server.pull().bind("udp://127.0.0.1:0");
            final long startNs = System.nanoTime();
            final List<PushSocket> pushes = new ArrayList<>();
            for (int i = 0; i < PEERS; i++)
            {
                pushes.add(clients.push().connect(pull.endpoint()));
            }
            Await.await(() -> "all " + PEERS + " to join; joined: " + pull.peerCount(), JOIN_DEADLINE,
                () -> pull.peerCount() == PEERS);
            for (final PushSocket push : pushes)
            {
                push.awaitPeers(1, Testing.WAIT);
            }
            final long joinedNs = System.nanoTime();

            for (int i = 0; i < MESSAGES_PER_PEER; i++)
            {
                for (int p = 0; p < PEERS; p++)
                {
                    pushes.get(p).send(Payloads.of((long)p * MESSAGES_PER_PEER + i, 64));
                }
            }
            final int total = PEERS * MESSAGES_PER_PEER;
            final Tally tally = new Tally();
            final int[] next = new int[PEERS];
            long outOfOrder = 0;
            while (tally.distinct() < total)
            {
                final Optional<Message> message = pull.receive(Testing.WAIT);
                if (message.isEmpty())
                {
                    break;
                }
                final long seq = Payloads.check(message.get());
                tally.add(seq);
                final int peer = (int)(seq / MESSAGES_PER_PEER);
                outOfOrder += seq % MESSAGES_PER_PEER == next[peer] ? 0 : 1;
                next[peer] = (int)(seq % MESSAGES_PER_PEER) + 1;
            }
            final Figures figures = Figures.of("load.200-peers").put("peers", PEERS).put("sent", total)
                .put("lost", tally.lost(total)).put("duplicates", tally.duplicates()).put("outOfOrder", outOfOrder)
                .millis("joinMs", startNs, joinedNs).millis("deliverMs", joinedNs, System.nanoTime());
            figures.record();
            assertEquals(0, figures.number("lost"), figures::toString);
            assertEquals(0, figures.number("duplicates"), figures::toString);
            assertEquals(0, figures.number("outOfOrder"), "each peer's messages in its order: " + figures);
        }
    }

    private static void serve(final int requestsEach, final String name) throws Exception
    {
        final Config config = relaxed().build();
        try (Communicator server = Communicator.open(config); Communicator clients = Communicator.open(config))
        {
            final RepSocket rep = server.rep().bind("udp://127.0.0.1:0");
            final RepSocket.Server serving = rep.serve(request -> request);
            final List<ReqSocket> reqs = new ArrayList<>();
            for (int i = 0; i < REQUESTERS; i++)
            {
                reqs.add(clients.req().connect(rep.endpoint()));
            }
            for (final ReqSocket req : reqs)
            {
                req.awaitPeers(1, Testing.WAIT);
            }
            rep.awaitPeers(REQUESTERS, Testing.WAIT);

            final Outcome outcome = new Outcome(REQUESTERS, requestsEach);
            final long startNs = System.nanoTime();
            final List<CompletableFuture<Void>> done = new ArrayList<>();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor())
            {
                for (int r = 0; r < REQUESTERS; r++)
                {
                    final int requester = r;
                    done.add(CompletableFuture.runAsync(() -> outcome.run(reqs.get(requester), requester), threads));
                }
                CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                    .get(SERVE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            }
            final long elapsedNs = System.nanoTime() - startNs;
            final long total = (long)REQUESTERS * requestsEach;
            final long[] all = Arrays.stream(outcome.latencies).flatMapToLong(Arrays::stream).sorted().toArray();
            final Figures figures = Figures.of(name).put("requesters", REQUESTERS).put("requestsEach", requestsEach)
                .put("sent", total).put("errors", outcome.errors.get()).put("wrongReplies", outcome.wrongReplies.get())
                .put("served", serving.served()).put("elapsedMs", elapsedNs / 1_000_000)
                .put("perSecond", total * 1_000_000_000L / elapsedNs)
                .put("p50Us", all[all.length / 2] / 1000).put("p99Us", all[(int)(all.length * 0.99)] / 1000)
                .put("maxUs", all[all.length - 1] / 1000);
            figures.record();
            assertEquals(0, outcome.errors.get(), () -> "errors " + outcome.firstErrors + " " + figures);
            assertEquals(0, outcome.wrongReplies.get(), figures::toString);
            assertTrue(serving.served() >= total, figures::toString);
        }
    }

    private static Config.Builder relaxed()
    {
        return Testing.config().peerTimeout(Duration.ofSeconds(10));
    }

    /**
     * What the requesters saw: errors, wrong replies, and each request's round-trip time.
     */
    private static final class Outcome
    {
        private final AtomicLong errors = new AtomicLong();
        private final AtomicLong wrongReplies = new AtomicLong();
        private final ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
        private final long[][] latencies;
        private final int requestsEach;

        Outcome(final int requesters, final int requestsEach)
        {
            this.latencies = new long[requesters][requestsEach];
            this.requestsEach = requestsEach;
        }

        /**
         * One requester's requests, one after the other, each answered with itself.
         */
        void run(final ReqSocket req, final int requester)
        {
            for (int i = 0; i < requestsEach; i++)
            {
                final long seq = (long)requester * requestsEach + i;
                final long sentNs = System.nanoTime();
                try
                {
                    final long answered = Payloads.check(req.request(Payloads.of(seq, 64), Testing.WAIT));
                    wrongReplies.addAndGet(answered == seq ? 0 : 1);
                }
                catch (final AeroMqException ex)
                {
                    errors.incrementAndGet();
                    if (firstErrors.size() < 5)
                    {
                        firstErrors.add(ex.toString());
                    }
                }
                latencies[requester][i] = System.nanoTime() - sentNs;
            }
        }
    }
}
