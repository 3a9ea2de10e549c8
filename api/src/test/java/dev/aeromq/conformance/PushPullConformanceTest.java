package dev.aeromq.conformance;

import dev.aeromq.Message;
import dev.aeromq.PullSocket;
import dev.aeromq.PushSocket;
import dev.aeromq.ReceivingSocket;
import dev.aeromq.Testing;
import dev.aeromq.TimeoutException;
import dev.aeromq.UdpDelivery;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** PUSH/PULL conformance (RULES.md, PUSH/PULL rules 1-6), each over IPC and UDP. */
class PushPullConformanceTest
{
    /** The one accepted short wait: how long "nothing arrives" / "still blocked" is watched for. */
    private static final Duration QUIET = Duration.ofMillis(250);
    private static final Duration SHORT = Duration.ofMillis(300);

    // Rule 1: a PUSH with N PULLs spreads 2N messages so each PULL gets two, first round before second.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void pushSpreadsMessagesRoundRobinOverConnectedPulls(final Testing.Transport transport)
    {
        final int n = 3;
        try (var comm = Testing.open())
        {
            final var push = comm.push();
            final var pulls = new ArrayList<PullSocket>();
            for (int i = 0; i < n; i++)
            {
                final var pull = comm.pull().bind(bindable(transport, "pp-rr-" + i));
                push.connect(pull.endpoint());
                pulls.add(pull);
            }
            awaitLinked(push, n, pulls);

            for (int s = 0; s < 2 * n; s++)
            {
                push.send(Message.of(Integer.toString(s)));
            }

            final var firsts = new ArrayList<Integer>();
            for (int i = 0; i < n; i++)
            {
                firsts.add(Integer.parseInt(Testing.receive(pulls.get(i), "first message at PULL " + i).text()));
            }
            final var seconds = new ArrayList<Integer>();
            for (int i = 0; i < n; i++)
            {
                seconds.add(Integer.parseInt(Testing.receive(pulls.get(i), "second message at PULL " + i).text()));
            }
            final var got = "firsts " + firsts + ", seconds " + seconds;
            for (int i = 0; i < n; i++)
            {
                assertTrue(firsts.get(i) < n, "PULL " + i + "'s first message is from the first round: " + got);
                assertTrue(seconds.get(i) >= n, "PULL " + i + "'s second message is from the second round: " + got);
            }
            assertEquals(n, new HashSet<>(firsts).size(), "each PULL gets a different first-round message: " + got);
            assertEquals(n, new HashSet<>(seconds).size(), "each PULL gets a different second-round message: " + got);
        }
    }

    // Rule 2: a PULL fed by N PUSHes fair-queues: the first N received include one first-round message per PUSH.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void pullFairQueuesMessagesFromSeveralPushes(final Testing.Transport transport)
    {
        final int n = 3;
        final int rounds = 1_000;
        try (var comm = Testing.open())
        {
            final var pull = comm.pull().bind(bindable(transport, "pp-fair"));
            final var pushes = new ArrayList<PushSocket>();
            for (int p = 0; p < n; p++)
            {
                pushes.add(comm.push().connect(pull.endpoint()));
            }
            pull.awaitPeers(n, Testing.WAIT);
            for (final var push : pushes)
            {
                push.awaitPeers(1, Testing.WAIT);
            }

            // Every PUSH sends all its messages before the PULL takes any: a socket last read with poll
            // leaves arriving messages in the transport until it reads again, so all three streams hold
            // messages when receiving starts. Rounds interleave the PUSHes.
            assertEquals(0, pull.poll((message) -> fail("nothing was sent yet: " + message), 1));
            for (int r = 0; r < rounds; r++)
            {
                for (int p = 0; p < n; p++)
                {
                    pushes.get(p).send(Message.of(p + ":" + r));
                }
            }

            // Over UDP a PUSH's messages may still be on their way when send returns: a late stream would look
            // like an unfair PULL. With every stream full, any 3n in a row hold at least two full passes over
            // the n streams (a pass takes one from each, starting one further each time).
            if (transport == Testing.Transport.UDP)
            {
                UdpDelivery.await(comm);
            }
            final var window = new ArrayList<String>();
            final int[] next = new int[n];
            for (int i = 0; i < n * rounds; i++)
            {
                final var text = Testing.receive(pull, "message " + i + " of " + n * rounds).text();
                final var parts = text.split(":");
                final int p = Integer.parseInt(parts[0]);
                assertEquals(next[p], Integer.parseInt(parts[1]),
                    "messages of PUSH " + p + " arrive in order, none lost");
                next[p]++;
                if (i < 3 * n)
                {
                    window.add(parts[0]);
                }
            }
            for (int p = 0; p < n; p++)
            {
                final long fromP = window.stream().filter(String.valueOf(p)::equals).count();
                assertTrue(fromP >= 2, "of the first " + 3 * n + " messages received, at least 2 come from every " +
                    "PUSH: " + window);
            }
        }
    }

    // Rule 3: with no peer, trySend fails at once and send waits for the send timeout, then throws; neither
    // message is sent later.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void sendWithNoPeerTimesOutAndTrySendFails(final Testing.Transport transport)
    {
        try (var comm = Testing.open())
        {
            final var push = comm.push().bind(bindable(transport, "pp-lonely"));

            // The send timeout is still Testing.WAIT here: a trySend that waited for it would blow the bound.
            final long tryStart = System.nanoTime();
            assertFalse(push.trySend(Message.of("tried")), "trySend with no peer must return false");
            final var tryElapsed = Duration.ofNanos(System.nanoTime() - tryStart);
            assertTrue(tryElapsed.compareTo(Duration.ofSeconds(1)) < 0, () -> "trySend blocked for " + tryElapsed);

            push.sendTimeout(SHORT);
            final long start = System.nanoTime();
            final var ex = assertThrows(TimeoutException.class, () -> push.send(Message.of("timed-out")),
                "send with no peer must time out");
            final var elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(elapsed.compareTo(SHORT.minusMillis(20)) >= 0,
                () -> "send gave up after " + elapsed + ", before its send timeout of " + SHORT);
            assertTrue(elapsed.compareTo(SHORT.plusSeconds(3)) < 0,
                () -> "send took " + elapsed + " to time out, far beyond its send timeout of " + SHORT);
            assertMentions(ex, "time", "peer");

            final var pull = comm.pull().connect(push.endpoint());
            awaitLinked(push, 1, List.of(pull));
            push.sendTimeout(Testing.WAIT);
            push.send(Message.of("after"));
            // Order per sender is kept: had a failed message been queued, it would arrive first.
            assertEquals("after", Testing.receive(pull, "the message sent once a PULL joined").text(),
                "a timed-out send and a failed trySend must not be sent later");
            assertNothingArrives(pull, "only the message sent after the PULL joined may arrive");
        }
    }

    // Rule 3: nothing is dropped: a send blocked for lack of a peer completes and is delivered once a PULL joins.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void sendBlockedWithNoPeerIsDeliveredWhenAPullJoins(final Testing.Transport transport) throws Exception
    {
        try (var comm = Testing.open())
        {
            final var push = comm.push().bind(bindable(transport, "pp-waiting"));
            final var failure = new AtomicReference<Throwable>();
            final var sender = Thread.ofVirtual().name("blocked-push").start(() ->
            {
                try
                {
                    push.send(Message.of("waited"));
                }
                catch (final Throwable ex)
                {
                    failure.set(ex);
                }
            });
            assertFalse(sender.join(QUIET),
                () -> "send returned with no PULL connected; it must wait for one (failure: " + failure.get() + ")");

            final var pull = comm.pull().connect(push.endpoint());
            awaitLinked(push, 1, List.of(pull));
            assertTrue(sender.join(Testing.WAIT), "the blocked send did not complete after a PULL joined");
            assertNull(failure.get(), "the blocked send failed");
            assertEquals("waited", Testing.receive(pull, "the message whose send waited for a peer").text());
        }
    }

    // Rule 4: when the PULL is full, PUSH blocks (lossless); everything sent is received, in order.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void fullPullBlocksThePushAndNothingIsLost(final Testing.Transport transport) throws Exception
    {
        // 20_000 x 512 B is ~11 MiB on the wire, far more than the PULL's HWM (10) plus any Aeron window of a
        // 4 MiB term: a lossless PUSH cannot finish while the PULL takes nothing.
        final int total = 20_000;
        final int size = 512;
        try (var comm = Testing.open())
        {
            final var pull = comm.pull();
            pull.receiveHighWaterMark(10);
            pull.bind(bindable(transport, "pp-lossless"));
            final var push = comm.push().connect(pull.endpoint());
            awaitLinked(push, 1, List.of(pull));

            final var sent = new AtomicInteger();
            final var failure = new AtomicReference<Throwable>();
            final var sender = Thread.ofVirtual().name("pusher").start(() ->
            {
                try
                {
                    final var payload = new byte[size];
                    for (int s = 0; s < total; s++)
                    {
                        putSeq(payload, s);
                        push.send(Message.of(payload));
                        sent.incrementAndGet();
                    }
                }
                catch (final Throwable ex)
                {
                    failure.set(ex);
                }
            });

            Testing.await("the PUSH to start sending", () -> sent.get() > 0 || !sender.isAlive());
            assertFalse(sender.join(QUIET), () -> "the PUSH finished " + sent + " of " + total +
                " sends while the PULL took nothing: it must block instead (failure: " + failure.get() + ")");
            assertNull(failure.get(), "the blocked PUSH failed");
            assertTrue(sent.get() < total, () -> "all " + total + " sends completed while the PULL took nothing");

            for (int s = 0; s < total; s++)
            {
                final var message = Testing.receive(
                    pull, "message " + s + " of " + total + " (sender at " + sent + ")");
                final int got = seq(message);
                if (got != s)
                {
                    fail("message " + s + " has sequence " + got +
                        ": lost, duplicated or reordered under back pressure");
                }
            }
            assertTrue(sender.join(Testing.WAIT), "the PUSH did not finish after the PULL drained");
            assertNull(failure.get(), "the PUSH failed");
            assertEquals(total, sent.get(), "every send completed");
            assertNothingArrives(pull, "nothing beyond the " + total + " messages sent");
        }
    }

    // Rule 5: round robin skips a PULL that cannot take more and keeps feeding the others, losing nothing.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void roundRobinSkipsAFullPullAndKeepsFeedingTheOthers(final Testing.Transport transport) throws Exception
    {
        // The stuck PULL can hold at most its HWM plus one Aeron window (~7_000 of these at a 4 MiB term),
        // far fewer than half of 30_000; a PUSH that kept waiting for it would time out instead.
        final int total = 30_000;
        final int size = 512;
        try (var comm = Testing.open())
        {
            final var stuck = comm.pull();
            stuck.receiveHighWaterMark(10);
            stuck.bind(bindable(transport, "pp-stuck"));
            final var live = comm.pull().bind(bindable(transport, "pp-live"));
            final var push = comm.push();
            push.connect(stuck.endpoint());
            push.connect(live.endpoint());
            awaitLinked(push, 2, List.of(stuck, live));

            final var liveSeqs = new ArrayList<Integer>();
            final var liveCount = new AtomicInteger();
            final var stop = new AtomicBoolean();
            final var liveFailure = new AtomicReference<Throwable>();
            final var liveReader = Thread.ofVirtual().name("live-pull").start(() ->
            {
                try
                {
                    while (true)
                    {
                        final var message = live.receive(Duration.ofMillis(50));
                        if (message.isPresent())
                        {
                            liveSeqs.add(seq(message.get()));
                            liveCount.incrementAndGet();
                        }
                        else if (stop.get())
                        {
                            return;
                        }
                    }
                }
                catch (final Throwable ex)
                {
                    liveFailure.set(ex);
                }
            });

            final var payload = new byte[size];
            final long start = System.nanoTime();
            for (int s = 0; s < total; s++)
            {
                putSeq(payload, s);
                push.send(Message.of(payload));
            }
            final var elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(elapsed.compareTo(Testing.WAIT) < 0, () -> total + " sends took " + elapsed);

            // Only now does the stuck PULL read; with it, the two must account for every message exactly once.
            final var stuckSeqs = new ArrayList<Integer>();
            for (var next = stuck.receive(QUIET); next.isPresent(); next = stuck.receive(QUIET))
            {
                stuckSeqs.add(seq(next.get()));
            }
            Testing.await("the live PULL to get the remaining " + (total - stuckSeqs.size()) + " messages",
                () -> liveCount.get() + stuckSeqs.size() >= total || liveFailure.get() != null);
            stop.set(true);
            assertTrue(liveReader.join(Testing.WAIT), "live PULL reader did not stop");
            assertNull(liveFailure.get(), "live PULL reader failed");

            final var counts = "stuck PULL got " + stuckSeqs.size() + ", live PULL got " + liveSeqs.size();
            assertFalse(stuckSeqs.isEmpty(), "the stuck PULL was in the rotation before it filled up: " + counts);
            assertTrue(stuckSeqs.size() < total / 2, "round robin must skip the full PULL: " + counts);
            assertTrue(liveSeqs.size() > total / 2, "the live PULL keeps getting messages: " + counts);
            assertStrictlyIncreasing("stuck PULL", stuckSeqs);
            assertStrictlyIncreasing("live PULL", liveSeqs);
            final var all = new ArrayList<Integer>(total);
            all.addAll(stuckSeqs);
            all.addAll(liveSeqs);
            all.sort(null);
            for (int s = 0; s < total; s++)
            {
                if (s >= all.size() || all.get(s) != s)
                {
                    fail("message " + s + " lost or duplicated across the two PULLs (" + counts + ")");
                }
            }
            assertEquals(total, all.size(), "no message delivered twice: " + counts);
        }
    }

    // Rule 6: multipart messages arrive whole, frames in order, inline and zero-copy attachment frames alike.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void multipartMessagesArriveWhole(final Testing.Transport transport)
    {
        try (var comm = Testing.open())
        {
            final var pull = comm.pull().bind(bindable(transport, "pp-multipart"));
            final var push = comm.push().connect(pull.endpoint());
            awaitLinked(push, 1, List.of(pull));

            final var sent = new ArrayList<byte[][]>();
            for (int i = 0; i < 3; i++)
            {
                // 1023 B stays inline; 1024 B and 4 KiB go as attachments (default threshold 1 KiB).
                final byte[][] frames = {
                    ("head-" + i).getBytes(StandardCharsets.UTF_8), Testing.filled(1023, i),
                    Testing.filled(1024, 40 + i), Testing.filled(4096, 80 + i), new byte[0] };
                sent.add(frames);
                push.send(Message.of(frames));
            }
            // An attachment gathered from direct memory, between two empty frames.
            final var direct = ByteBuffer.allocateDirect(4096);
            for (int k = 0; k < direct.capacity(); k++)
            {
                direct.put(k, (byte)(k * 13));
            }
            final byte[][] directFrames = { new byte[0], Testing.toArray(direct), new byte[0] };
            sent.add(directFrames);
            push.send(Message.builder().frame(directFrames[0]).frame(direct).frame(directFrames[2]).build());
            // And a message of no frames at all.
            sent.add(new byte[0][]);
            push.send(Message.of());

            for (int i = 0; i < sent.size(); i++)
            {
                final var message = Testing.receive(pull, "multipart message " + i);
                final var expected = sent.get(i);
                assertEquals(expected.length, message.frameCount(),
                    () -> "frame count of multipart message " + message);
                for (int k = 0; k < expected.length; k++)
                {
                    assertArrayEquals(expected[k], message.bytes(k), "message " + i + ", frame " + k);
                }
            }
        }
    }

    private static String bindable(final Testing.Transport transport, final String name)
    {
        return transport == Testing.Transport.UDP ? "udp://127.0.0.1:0" : Testing.ipc(name);
    }

    private static void awaitLinked(final PushSocket push, final int pulls, final List<PullSocket> pullSockets)
    {
        push.awaitPeers(pulls, Testing.WAIT);
        for (final var pull : pullSockets)
        {
            pull.awaitPeers(1, Testing.WAIT);
        }
    }

    private static void assertNothingArrives(final ReceivingSocket socket, final String why)
    {
        final var message = socket.receive(QUIET);
        assertTrue(message.isEmpty(), () -> why + ", but got " + message.get());
    }

    private static void assertStrictlyIncreasing(final String who, final List<Integer> seqs)
    {
        for (int i = 1; i < seqs.size(); i++)
        {
            if (seqs.get(i) <= seqs.get(i - 1))
            {
                fail(who + ": sequence " + seqs.get(i) + " after " + seqs.get(i - 1) + " at position " + i +
                    " (duplicate or out of order)");
            }
        }
    }

    private static void assertMentions(final Throwable ex, final String... words)
    {
        final var text = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
        assertTrue(Arrays.stream(words).anyMatch(text::contains), () -> mentionsNone(ex, words));
    }

    private static String mentionsNone(final Throwable ex, final String... words)
    {
        return ex.getClass().getSimpleName() + "'s message should mention one of " + Arrays.toString(words) +
            ": \"" + ex.getMessage() + '"';
    }

    private static void putSeq(final byte[] payload, final int seq)
    {
        ByteBuffer.wrap(payload).putInt(0, seq);
    }

    private static int seq(final Message message)
    {
        assertTrue(message.frameCount() > 0 && message.frame(0).capacity() >= 4,
            () -> "no sequence number in " + message);
        return message.frame(0).getInt(0, ByteOrder.BIG_ENDIAN);
    }
}
