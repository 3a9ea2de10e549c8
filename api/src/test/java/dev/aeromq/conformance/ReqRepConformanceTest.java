package dev.aeromq.conformance;

import dev.aeromq.Message;
import dev.aeromq.RepSocket;
import dev.aeromq.ReqSocket;
import dev.aeromq.SocketStateException;
import dev.aeromq.Testing;
import dev.aeromq.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** REQ/REP conformance (RULES.md, REQ/REP rules 1-8), each over IPC and UDP. */
class ReqRepConformanceTest
{
    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration QUIET = Duration.ofMillis(250);

    // Rule 1: N consecutive requests reach N distinct REPs; request N+1 goes to the first again.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void requestsRoundRobinOverConnectedReps(final Testing.Transport transport)
    {
        final int n = 3;
        try (var comm = Testing.open())
        {
            final var req = comm.req();
            final var reps = new ArrayList<RepSocket>();
            for (int i = 0; i < n; i++)
            {
                final var name = "rep-" + i;
                final var rep = comm.rep().bind(bindable(transport, "rr-" + i));
                rep.serve(request -> Message.of(name));
                reps.add(rep);
                req.connect(rep.endpoint());
            }
            req.awaitPeers(n, Testing.WAIT);
            for (final var rep : reps)
            {
                rep.awaitPeers(1, Testing.WAIT);
            }

            // Two full rounds: the second must repeat the first, REP for REP.
            final var answeredBy = new ArrayList<String>();
            for (int i = 0; i < 2 * n; i++)
            {
                answeredBy.add(req.request(Message.of("q" + i), Testing.WAIT).text());
            }
            final var firstRound = answeredBy.subList(0, n);
            assertEquals(n, new HashSet<>(firstRound).size(), "first round hits every REP once: " + answeredBy);
            assertEquals(firstRound, answeredBy.subList(n, 2 * n), "round robin repeats in order: " + answeredBy);
        }
    }

    // Rule 2: receive before send, send twice, and a REP send before its receive all fail; then a round trip works.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void sendAndReceiveStrictlyAlternate(final Testing.Transport transport)
    {
        try (var comm = Testing.open())
        {
            final var rep = comm.rep().bind(bindable(transport, "alternate"));
            final var req = comm.req().connect(rep.endpoint());
            awaitLinked(req, rep);

            assertStateError(assertThrows(SocketStateException.class, req::receive));
            assertStateError(assertThrows(SocketStateException.class, () -> req.receive(SHORT)));
            assertStateError(assertThrows(SocketStateException.class, () -> rep.send(Message.of("unasked"))));

            req.send(Message.of("first"));
            // The refused second send must not reach the REP either.
            assertStateError(assertThrows(SocketStateException.class, () -> req.send(Message.of("second"))));

            assertEquals("first", rep.receive().text());
            rep.send(Message.of("re: first"));
            assertEquals("re: first", req.receive().text());

            // A full cycle again: state errors did not leave either socket stuck.
            req.send(Message.of("third"));
            assertEquals("third", rep.receive().text());
            rep.send(Message.of("re: third"));
            assertEquals("re: third", req.receive().text());
            assertEquals(Optional.empty(), rep.receive(QUIET), "the refused send was never delivered");
        }
    }

    // Rule 3 (REQ binds, REP connects later): no peer -> send times out, trySend is false; nothing was sent.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void boundReqWithNoPeerTimesOutAndDropsNothing(final Testing.Transport transport)
    {
        try (var comm = Testing.open())
        {
            final var req = comm.req().bind(bindable(transport, "lonely-req"));
            req.sendTimeout(SHORT);

            assertSendTimesOut(() -> req.send(Message.of("timed-out")));
            assertTrySendFalseAtOnce(() -> req.trySend(Message.of("tried")));

            final var rep = comm.rep().connect(req.endpoint());
            awaitLinked(req, rep);
            // After the failures the REQ may still send: nothing was outstanding.
            assertEquals("re: after", roundTrip(req, rep, "after"));
            assertEquals(Optional.empty(), rep.receive(QUIET), "timed-out and tried requests were never sent");
        }
    }

    // Rule 3 (REQ connects before anyone binds): a send blocked for a peer goes through once the REP binds.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void connectedReqWithNoPeerTimesOutThenBlockedSendDeliversWhenRepBinds(final Testing.Transport transport)
        throws Exception
    {
        try (var comm = Testing.open())
        {
            final var endpoint = transport.endpoint("late-rep");
            final var req = comm.req().connect(endpoint);
            req.sendTimeout(SHORT);

            assertSendTimesOut(() -> req.send(Message.of("timed-out")));
            assertTrySendFalseAtOnce(() -> req.trySend(Message.of("tried")));

            // Whether the REP shows up before or after this send starts, the request must be delivered once.
            req.sendTimeout(Testing.WAIT);
            final var sent = CompletableFuture.runAsync(
                () -> req.send(Message.of("waited")), Thread::startVirtualThread);
            final var rep = comm.rep().bind(endpoint);
            awaitLinked(req, rep);
            sent.get(Testing.WAIT.toSeconds(), TimeUnit.SECONDS);

            assertEquals("waited", rep.receive().text());
            rep.send(Message.of("re: waited"));
            assertEquals("re: waited", req.receive().text());
            assertEquals(Optional.empty(), rep.receive(QUIET), "timed-out and tried requests were never sent");
        }
    }

    // Rule 4: one REP, several REQs; every REQ gets exactly its own replies.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void repAnswersEachRequesterWithItsOwnReply(final Testing.Transport transport) throws Exception
    {
        final int requesters = 4;
        final int rounds = 20;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor(); var comm = Testing.open())
        {
            final var rep = comm.rep().bind(bindable(transport, "one-rep"));
            final var reqs = new ArrayList<ReqSocket>();
            for (int i = 0; i < requesters; i++)
            {
                reqs.add(comm.req().connect(rep.endpoint()));
            }
            rep.awaitPeers(requesters, Testing.WAIT);
            for (final var req : reqs)
            {
                req.awaitPeers(1, Testing.WAIT);
            }

            // A plain receive/send loop: each reply goes to the sender of the request just received.
            final var server = pool.submit(() ->
            {
                for (int i = 0; i < requesters * rounds; i++)
                {
                    final var request = rep.receive();
                    rep.send(frames("re: " + request.text(0), request.text(1)));
                }
                return null;
            });
            final var clients = new ArrayList<Future<?>>();
            for (int i = 0; i < requesters; i++)
            {
                final var req = reqs.get(i);
                final var id = "req-" + i;
                clients.add(pool.submit(() ->
                {
                    for (int k = 0; k < rounds; k++)
                    {
                        final var text = id + "/" + k;
                        final var reply = req.request(frames(text, id), Testing.WAIT);
                        assertEquals("re: " + text, reply.text(0), "own reply for " + text);
                        assertEquals(id, reply.text(1));
                    }
                    return null;
                }));
            }
            for (final var client : clients)
            {
                client.get(Testing.WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            server.get(Testing.WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    // Rule 5: a reply for a vanished requester is discarded without blocking, and the REP serves on.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void replyToVanishedRequesterIsDiscardedAndRepServesOn(final Testing.Transport transport) throws Exception
    {
        try (var comm = Testing.open())
        {
            final var rep = comm.rep().bind(bindable(transport, "orphan"));
            final var gone = comm.req().connect(rep.endpoint());
            final var stays = comm.req().connect(rep.endpoint());
            rep.awaitPeers(2, Testing.WAIT);
            gone.awaitPeers(1, Testing.WAIT);
            stays.awaitPeers(1, Testing.WAIT);

            gone.send(Message.of("from gone"));
            assertEquals("from gone", rep.receive().text());
            gone.close();

            // Run the send elsewhere so a blocking implementation fails here instead of hanging the test.
            final var orphanReply = CompletableFuture.runAsync(
                () -> rep.send(Message.of("re: from gone")), Thread::startVirtualThread);
            orphanReply.get(2, TimeUnit.SECONDS);

            Testing.await("REP drops the closed requester", () -> rep.peerCount() == 1);
            assertEquals("re: from stays", roundTrip(stays, rep, "from stays"));

            // And a requester that joins afterwards is served too.
            final var late = comm.req().connect(rep.endpoint());
            awaitLinked(late, rep);
            Testing.await("REP sees the new requester", () -> rep.peerCount() == 2);
            assertEquals("re: from late", roundTrip(late, rep, "from late"));
        }
    }

    // Rule 5 over UDP with a second communicator: the requester's whole process (driver included) goes away.
    @Test
    void replyToRequesterWhoseCommunicatorClosedIsDiscarded() throws Exception
    {
        try (var comm = Testing.open())
        {
            final var rep = comm.rep().bind("udp://127.0.0.1:0");
            final var stays = comm.req().connect(rep.endpoint());
            try (var other = Testing.open())
            {
                final var gone = other.req().connect(rep.endpoint());
                rep.awaitPeers(2, Testing.WAIT);
                gone.awaitPeers(1, Testing.WAIT);
                stays.awaitPeers(1, Testing.WAIT);

                gone.send(Message.of("from gone"));
                assertEquals("from gone", rep.receive().text());
            }

            final var orphanReply = CompletableFuture.runAsync(
                () -> rep.send(Message.of("re: from gone")), Thread::startVirtualThread);
            orphanReply.get(2, TimeUnit.SECONDS);
            assertEquals("re: from stays", roundTrip(stays, rep, "from stays"));
            Testing.await("REP drops the vanished requester", () -> rep.peerCount() == 1);
        }
    }

    // Rule 6: a stale reply (to a timed-out request) arriving while a new request is outstanding is skipped.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void staleReplyIsNeverReturnedForANewerRequest(final Testing.Transport transport)
    {
        try (var comm = Testing.open())
        {
            final var rep = comm.rep().bind(bindable(transport, "stale"));
            final var req = comm.req().connect(rep.endpoint());
            awaitLinked(req, rep);

            final var timedOut = assertThrows(TimeoutException.class, () -> req.request(frames("request", "1"), SHORT));
            assertTimeoutMessage(timedOut);
            assertEquals("1", rep.receive().text(1));

            // New request first, then the late reply to the old one: on one stream the stale reply
            // reaches the REQ before the right one, while request 2 is outstanding.
            req.send(frames("request", "2"));
            rep.send(frames("reply", "to 1"));
            final var second = rep.receive();
            assertEquals("2", second.text(1));
            rep.send(frames("reply", "to 2"));

            final var reply = req.receive();
            assertEquals(2, reply.frameCount());
            assertEquals("to 2", reply.text(1), "the reply must be the one for request 2, never the stale one");

            // The stale reply is gone for good: the next round trip also gets its own answer.
            req.send(frames("request", "3"));
            assertEquals("3", rep.receive().text(1));
            rep.send(frames("reply", "to 3"));
            assertEquals("to 3", req.receive().text(1));
        }
    }

    // Rule 6: a late reply from another REP than the one holding the outstanding request is never returned.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void lateReplyFromAnotherRepIsNeverReturned(final Testing.Transport transport)
    {
        try (var comm = Testing.open())
        {
            final var repA = comm.rep().bind(bindable(transport, "peer-a"));
            final var repB = comm.rep().bind(bindable(transport, "peer-b"));
            final var req = comm.req().connect(repA.endpoint()).connect(repB.endpoint());
            req.awaitPeers(2, Testing.WAIT);
            repA.awaitPeers(1, Testing.WAIT);
            repB.awaitPeers(1, Testing.WAIT);
            final var reps = List.of(repA, repB);

            assertThrows(TimeoutException.class, () -> req.request(frames("request", "1"), SHORT));
            final var holder = receiveFromAny(reps, "1");

            req.send(frames("request", "2"));
            holder.send(frames("reply", "to 1"));  // late, from whichever REP got request 1
            final var answerer = receiveFromAny(reps, "2");
            answerer.send(frames("reply", "to 2"));

            assertEquals("to 2", req.receive().text(1), "only the reply to request 2 may be returned");

            req.send(frames("request", "3"));
            final var third = receiveFromAny(reps, "3");
            third.send(frames("reply", "to 3"));
            assertEquals("to 3", req.receive().text(1));
        }
    }

    // Rule 7 (REQ binds, REP connects): multipart requests and replies arrive whole, frames in order.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void multipartRequestsAndRepliesArriveWhole(final Testing.Transport transport)
    {
        try (var comm = Testing.open())
        {
            final var req = comm.req().bind(bindable(transport, "multipart"));
            final var rep = comm.rep().connect(req.endpoint());
            awaitLinked(req, rep);

            // Small inline frames, an empty frame, and frames above the 1 KiB attachment threshold
            // (one larger than a UDP MTU, so it is fragmented on the wire).
            final var requests = List.of(
                new byte[][]{ utf8("header"), new byte[0], pattern(4096, 1), utf8("trailer") },
                new byte[][]{ new byte[0] },
                new byte[][]{ pattern(64 * 1024, 2), pattern(1024, 3), pattern(1023, 4) },
                manySmallFrames(20));
            for (final var frames : requests)
            {
                req.send(Message.of(frames));
                final var request = rep.receive();
                assertFrames(frames, request);

                // Reply with the request's frames reversed, so order is checked both ways.
                final var replyFrames = new byte[frames.length + 1][];
                replyFrames[0] = utf8("reply");
                for (int i = 0; i < frames.length; i++)
                {
                    replyFrames[i + 1] = request.bytes(frames.length - 1 - i);
                }
                rep.send(Message.of(replyFrames));
                assertFrames(replyFrames, req.receive());
            }
        }
    }

    // Rule 8: serve() answers many concurrent REQs, each reply to its own requester.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void serveAnswersManyConcurrentRequesters(final Testing.Transport transport) throws Exception
    {
        final int requesters = 8;
        final int rounds = 50;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor(); var comm = Testing.open())
        {
            final var rep = comm.rep().bind(bindable(transport, "serve"));
            final var server = rep.serve(request -> frames("re: " + request.text(0), request.text(1)));
            final var reqs = new ArrayList<ReqSocket>();
            for (int i = 0; i < requesters; i++)
            {
                reqs.add(comm.req().connect(rep.endpoint()));
            }
            rep.awaitPeers(requesters, Testing.WAIT);
            for (final var req : reqs)
            {
                req.awaitPeers(1, Testing.WAIT);
            }

            final var clients = new ArrayList<Future<?>>();
            for (int i = 0; i < requesters; i++)
            {
                final var req = reqs.get(i);
                final var id = "req-" + i;
                clients.add(pool.submit(() ->
                {
                    for (int k = 0; k < rounds; k++)
                    {
                        final var text = id + "/" + k;
                        final var reply = req.request(frames(text, id), Testing.WAIT);
                        assertEquals("re: " + text, reply.text(0));
                        assertEquals(id, reply.text(1));
                    }
                    return null;
                }));
            }
            for (final var client : clients)
            {
                client.get(Testing.WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            Testing.await("served() counts every answer", () -> server.served() == (long)requesters * rounds);
            server.close();
        }
    }

    // Rule 8: serve() runs handlers concurrently, so a later request is answered while an earlier one still runs.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void serveRoutesOutOfOrderRepliesToTheirRequesters(final Testing.Transport transport) throws Exception
    {
        try (var comm = Testing.open())
        {
            final var slowStarted = new CountDownLatch(1);
            final var fastDone = new CountDownLatch(1);
            final var rep = comm.rep().bind(bindable(transport, "serve-order"));
            rep.serve(request ->
            {
                if (request.text().equals("slow"))
                {
                    slowStarted.countDown();
                    // Holds until the fast request was handled: only possible if handlers run concurrently.
                    final boolean overtaken = await(fastDone);
                    return frames("re: slow", overtaken ? "overtaken" : "serialised");
                }
                fastDone.countDown();
                return frames("re: fast", "-");
            });
            final var slowReq = comm.req().connect(rep.endpoint());
            final var fastReq = comm.req().connect(rep.endpoint());
            rep.awaitPeers(2, Testing.WAIT);
            slowReq.awaitPeers(1, Testing.WAIT);
            fastReq.awaitPeers(1, Testing.WAIT);

            final var slow = CompletableFuture.supplyAsync(
                () -> slowReq.request(Message.of("slow"), Testing.WAIT), Thread::startVirtualThread);
            // Send the fast request only once the slow handler is running, so the order is fixed.
            assertTrue(await(slowStarted), "slow request reached its handler");
            final var fast = fastReq.request(Message.of("fast"), Testing.WAIT);
            assertEquals("re: fast", fast.text());
            final var slowReply = slow.get(Testing.WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals("re: slow", slowReply.text(0));
            assertEquals("overtaken", slowReply.text(1), "serve must not serialise handlers");
        }
    }

    // Rule 8: requestAsync pipelines: 100 requests outstanding at once, each future gets its own reply.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void requestAsyncPipelinesManyRequests(final Testing.Transport transport) throws Exception
    {
        final int count = 100;
        try (var comm = Testing.open())
        {
            final var rep = comm.rep().bind(bindable(transport, "pipeline"));
            rep.serve(request -> Message.of("re: " + request.text()));
            final var req = comm.req().connect(rep.endpoint());
            awaitLinked(req, rep);

            final var futures = new ArrayList<CompletableFuture<Message>>();
            for (int i = 0; i < count; i++)
            {
                futures.add(req.requestAsync(Message.of("p" + i)));
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .get(Testing.WAIT.toSeconds(), TimeUnit.SECONDS);
            for (int i = 0; i < count; i++)
            {
                assertEquals("re: p" + i, futures.get(i).join().text(), "future " + i);
            }
        }
    }

    // Rule 8: pipelined requests really are in flight together, not sent one after another's reply.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void requestAsyncHasRequestsInFlightTogether(final Testing.Transport transport) throws Exception
    {
        final int count = 10;
        try (var comm = Testing.open())
        {
            // Every handler waits until all requests have arrived: a REQ that waited for each reply
            // before sending the next would leave the first handler waiting.
            final var arrived = new CountDownLatch(count);
            final var rep = comm.rep().bind(bindable(transport, "in-flight"));
            rep.serve(request ->
            {
                arrived.countDown();
                return frames("re: " + request.text(), await(arrived) ? "together" : "alone");
            });
            final var req = comm.req().connect(rep.endpoint());
            awaitLinked(req, rep);

            final var futures = new ArrayList<CompletableFuture<Message>>();
            for (int i = 0; i < count; i++)
            {
                futures.add(req.requestAsync(Message.of("p" + i)));
            }
            for (int i = 0; i < count; i++)
            {
                final var reply = futures.get(i).get(2 * Testing.WAIT.toSeconds(), TimeUnit.SECONDS);
                assertEquals("re: p" + i, reply.text(0));
                assertEquals("together", reply.text(1), "request " + i + " was not pipelined");
            }
        }
    }

    // ---- helpers ----

    /** Where to bind: a fresh IPC name, or an ephemeral loopback UDP port read back with endpoint(). */
    private static String bindable(final Testing.Transport transport, final String name)
    {
        return transport == Testing.Transport.UDP ? "udp://127.0.0.1:0" : Testing.ipc(name);
    }

    private static void awaitLinked(final ReqSocket req, final RepSocket rep)
    {
        req.awaitPeers(1, Testing.WAIT);
        rep.awaitPeers(1, Testing.WAIT);
    }

    private static String roundTrip(final ReqSocket req, final RepSocket rep, final String text)
    {
        req.send(Message.of(text));
        final var request = rep.receive();
        assertEquals(text, request.text());
        rep.send(Message.of("re: " + request.text()));
        return req.receive().text();
    }

    /** Poll the REPs until one has a request whose frame 1 is {@code tag}; fail on any other request. */
    private static RepSocket receiveFromAny(final List<RepSocket> reps, final String tag)
    {
        final var found = new AtomicReference<RepSocket>();
        Testing.await("request " + tag + " at a REP", () ->
        {
            for (final var rep : reps)
            {
                final var request = rep.tryReceive();
                if (request.isPresent())
                {
                    assertEquals(tag, request.get().text(1), "unexpected request");
                    found.set(rep);
                    return true;
                }
            }
            return false;
        });
        return found.get();
    }

    private static void assertSendTimesOut(final Runnable send)
    {
        final long start = System.nanoTime();
        final var ex = assertThrows(TimeoutException.class, send::run);
        final var elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(elapsed.compareTo(SHORT.minusMillis(50)) >= 0, "send gave up early, after " + elapsed);
        assertTrue(elapsed.compareTo(Duration.ofSeconds(5)) < 0, "send overran its timeout: " + elapsed);
        assertTimeoutMessage(ex);
    }

    private static void assertTrySendFalseAtOnce(final BooleanSupplier trySend)
    {
        final long start = System.nanoTime();
        assertFalse(trySend.getAsBoolean(), "trySend with no peer");
        final var elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(elapsed.compareTo(Duration.ofSeconds(1)) < 0, "trySend blocked for " + elapsed);
    }

    private static void assertTimeoutMessage(final RuntimeException ex)
    {
        assertMentionsAny(ex, "timed out", "timeout", "time out", "within", "0.3", "300");
    }

    private static void assertStateError(final SocketStateException ex)
    {
        assertMentionsAny(ex, "send", "receive", "reply", "request");
    }

    private static void assertMentionsAny(final Throwable ex, final String... words)
    {
        final var message = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
        for (final var word : words)
        {
            if (message.contains(word.toLowerCase(Locale.ROOT)))
            {
                return;
            }
        }
        fail(ex.getClass().getSimpleName() + " message should mention one of " + List.of(words) + ": " +
            ex.getMessage());
    }

    private static void assertFrames(final byte[][] expected, final Message actual)
    {
        assertEquals(expected.length, actual.frameCount(), "frame count");
        for (int i = 0; i < expected.length; i++)
        {
            assertArrayEquals(expected[i], actual.bytes(i), "frame " + i);
        }
    }

    private static boolean await(final CountDownLatch latch)
    {
        try
        {
            return latch.await(Testing.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Message frames(final String... texts)
    {
        final var builder = Message.builder();
        for (final var text : texts)
        {
            builder.frame(text);
        }
        return builder.build();
    }

    private static byte[] utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] pattern(final int length, final int seed)
    {
        final var bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 31 + seed);
        }
        return bytes;
    }

    private static byte[][] manySmallFrames(final int count)
    {
        final var frames = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            frames[i] = utf8("part-" + i);
        }
        return frames;
    }
}
