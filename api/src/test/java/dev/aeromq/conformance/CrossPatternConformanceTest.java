package dev.aeromq.conformance;

import dev.aeromq.ClosedException;
import dev.aeromq.IncompatiblePeerException;
import dev.aeromq.Message;
import dev.aeromq.PullSocket;
import dev.aeromq.PushSocket;
import dev.aeromq.SendingSocket;
import dev.aeromq.Socket;
import dev.aeromq.SocketType;
import dev.aeromq.SubSocket;
import dev.aeromq.Testing;
import dev.aeromq.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Rules across patterns: order per sender, refusal of mismatched peers, close wakes blocked threads. */
class CrossPatternConformanceTest
{
    private static final Duration SHORT = Duration.ofMillis(300);
    /** How long a close may take to wake a blocked thread (covers the 500 ms linger of Testing.config()). */
    private static final Duration WAKE = Duration.ofSeconds(5);

    // ---- order per sender-receiver pair ----

    // Several PUSHes into one PULL: every sender's messages arrive complete and in its order.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void orderIsKeptPerSenderIntoOnePull(final Testing.Transport transport) throws Exception
    {
        final int senders = 3;
        final int count = 300;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor(); var comm = Testing.open())
        {
            final var pull = comm.pull().bind(bindable(transport, "order-pull"));
            final var pushes = new ArrayList<PushSocket>();
            for (int s = 0; s < senders; s++)
            {
                pushes.add(comm.push().connect(pull.endpoint()));
            }
            pull.awaitPeers(senders, Testing.WAIT);
            for (final var push : pushes)
            {
                push.awaitPeers(1, Testing.WAIT);
            }

            // Senders run concurrently with the receiver: PUSH is lossless and may block on a full PULL.
            final var sending = new ArrayList<Future<?>>();
            for (int s = 0; s < senders; s++)
            {
                final var push = pushes.get(s);
                final var name = "push-" + s;
                sending.add(pool.submit(() -> sendNumbered(push, name, count)));
            }
            final var order = new SequenceChecker();
            for (int i = 0; i < senders * count; i++)
            {
                order.accept("pull", pull.receive(), true);
            }
            for (final var task : sending)
            {
                task.get(Testing.WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            for (int s = 0; s < senders; s++)
            {
                assertEquals(count, order.received("pull", "push-" + s), "all of push-" + s);
            }
        }
    }

    // Two PUSHes (bound) spread over two PULLs (connected to both): each sender-receiver pair stays in order.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void orderIsKeptPerSenderReceiverPairAcrossManyPeers(final Testing.Transport transport) throws Exception
    {
        final int count = 200;
        try (var pool = Executors.newVirtualThreadPerTaskExecutor(); var comm = Testing.open())
        {
            final var pushes = List.of(
                comm.push().bind(bindable(transport, "order-push-0")),
                comm.push().bind(bindable(transport, "order-push-1")));
            final var pulls = List.of(comm.pull(), comm.pull());
            for (final var pull : pulls)
            {
                for (final var push : pushes)
                {
                    pull.connect(push.endpoint());
                }
            }
            for (final var push : pushes)
            {
                push.awaitPeers(2, Testing.WAIT);
            }
            for (final var pull : pulls)
            {
                pull.awaitPeers(2, Testing.WAIT);
            }

            final var sending = List.of(
                pool.submit(() -> sendNumbered(pushes.get(0), "push-0", count)),
                pool.submit(() -> sendNumbered(pushes.get(1), "push-1", count)));
            // Drain both PULLs without blocking on either; order per (PULL, PUSH) must only increase.
            final var order = new SequenceChecker();
            Testing.await("all messages received", () ->
            {
                for (int p = 0; p < pulls.size(); p++)
                {
                    for (var m = pulls.get(p).tryReceive(); m.isPresent(); m = pulls.get(p).tryReceive())
                    {
                        order.accept("pull-" + p, m.get(), false);
                    }
                }
                return order.total() == 2 * count;
            });
            for (final var task : sending)
            {
                task.get(Testing.WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }
    }

    // Two PUBs into one SUB: what the SUB gets from each publisher is in that publisher's order.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void orderIsKeptPerPublisher(final Testing.Transport transport)
    {
        final int count = 300;
        try (var comm = Testing.open())
        {
            final var pubs = List.of(
                comm.pub().bind(bindable(transport, "order-pub-0")),
                comm.pub().bind(bindable(transport, "order-pub-1")));
            final SubSocket sub = comm.sub();
            sub.receiveHighWaterMark(100_000);  // far above what is sent: nothing may be dropped for HWM
            sub.subscribe("");
            for (final var pub : pubs)
            {
                sub.connect(pub.endpoint());
            }
            sub.awaitPeers(2, Testing.WAIT);
            for (final var pub : pubs)
            {
                pub.awaitPeers(1, Testing.WAIT);
            }
            awaitSubscriptionFlows(pubs, sub);

            for (int i = 0; i < count; i++)
            {
                for (int s = 0; s < pubs.size(); s++)
                {
                    pubs.get(s).publish("data", numbered("pub-" + s, i));
                }
            }
            final var order = new SequenceChecker();
            while (order.total() < pubs.size() * count)
            {
                final var message = sub.receive();
                if (message.topic().equals("data"))  // skip warm-up messages still in flight
                {
                    order.accept("sub", message, true);
                }
            }
        }
    }

    // One REQ pipelining into one REP: the REP sees the requests in the order they were sent.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void orderIsKeptForPipelinedRequests(final Testing.Transport transport) throws Exception
    {
        final int count = 50;
        try (var comm = Testing.open())
        {
            final var rep = comm.rep().bind(bindable(transport, "order-req"));
            final var req = comm.req().connect(rep.endpoint());
            req.awaitPeers(1, Testing.WAIT);
            rep.awaitPeers(1, Testing.WAIT);

            final var futures = new ArrayList<CompletableFuture<Message>>();
            for (int i = 0; i < count; i++)
            {
                futures.add(req.requestAsync(numbered("req", i)));
            }
            for (int i = 0; i < count; i++)
            {
                final var request = rep.receive();
                assertEquals(Integer.toString(i), request.text(1), "requests in send order");
                rep.send(Message.of("re: " + i));
            }
            for (int i = 0; i < count; i++)
            {
                assertEquals("re: " + i, futures.get(i).get(Testing.WAIT.toSeconds(), TimeUnit.SECONDS).text());
            }
        }
    }

    // ---- mismatched patterns ----

    static Stream<Arguments> mismatches()
    {
        final var pairs = List.of(
            List.of(SocketType.REQ, SocketType.PULL),
            List.of(SocketType.PULL, SocketType.REQ),
            List.of(SocketType.REQ, SocketType.REQ),
            List.of(SocketType.PUSH, SocketType.REP),
            List.of(SocketType.PAIR, SocketType.PUB),
            List.of(SocketType.SUB, SocketType.PUSH));
        return Stream.of(Testing.Transport.values())
            .flatMap(transport -> pairs.stream().map(p -> Arguments.of(transport, p.get(0), p.get(1))));
    }

    // The binder refuses an incompatible connector: the connector learns why (both types named),
    // the binder counts no peer, and a compatible peer is still accepted.
    @ParameterizedTest(name = "{1} connecting to {2} over {0}")
    @MethodSource("mismatches")
    void mismatchedPeerIsRefusedNamingBothTypes(
        final Testing.Transport transport, final SocketType connecting, final SocketType binding)
    {
        try (var comm = Testing.open())
        {
            final var binder = comm.socket(binding).bind(bindable(transport, "mismatch"));
            final var connector = comm.socket(connecting).connect(binder.endpoint());

            final var refused = assertThrows(IncompatiblePeerException.class,
                () -> connector.awaitPeers(1, Testing.WAIT));
            assertNamesType(refused, connecting);
            assertNamesType(refused, binding);
            assertEquals(0, connector.peerCount());

            // A sender with no other peer reports the refusal rather than waiting out its timeout.
            // (PUB is left out: it drops silently when it has no subscribers.)
            if (connector instanceof SendingSocket sender && connecting != SocketType.PUB)
            {
                sender.sendTimeout(Duration.ofSeconds(1));
                assertThrows(IncompatiblePeerException.class, () -> sender.send(Message.of("refused")));
            }

            // The refusal happened, so the binder's wait is a plain timeout with no peer counted.
            assertThrows(TimeoutException.class, () -> binder.awaitPeers(1, SHORT));
            assertEquals(0, binder.peerCount());

            final var compatible = comm.socket(binding.peer()).connect(binder.endpoint());
            compatible.awaitPeers(1, Testing.WAIT);
            binder.awaitPeers(1, Testing.WAIT);
            assertEquals(1, binder.peerCount(), "only the compatible peer is counted");
        }
    }

    // ---- closing wakes blocked threads ----

    // Several threads blocked in receive() and receive(timeout) on one socket are all woken.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void closeWakesEveryThreadBlockedInReceive(final Testing.Transport transport)
    {
        try (var comm = Testing.open())
        {
            final var pull = comm.pull().bind(bindable(transport, "close-receive"));
            final var push = comm.push().connect(pull.endpoint());
            pull.awaitPeers(1, Testing.WAIT);
            push.awaitPeers(1, Testing.WAIT);

            final var blocked = List.of(
                Blocked.start(pull::receive),
                Blocked.start(pull::receive),
                Blocked.start(() -> pull.receive(Testing.WAIT)),
                Blocked.start(() -> pull.receive(Testing.WAIT)));
            blocked.forEach(Blocked::awaitParked);
            pull.close();
            blocked.forEach(Blocked::assertClosed);
            assertTrue(pull.isClosed());

            // Calls after close fail at once in the same way.
            assertClosed(assertThrows(ClosedException.class, pull::receive));
            assertClosed(assertThrows(ClosedException.class, () -> pull.receive(Testing.WAIT)));
            assertClosed(assertThrows(ClosedException.class, () -> pull.awaitPeers(1, Testing.WAIT)));
        }
    }

    // Threads blocked in send for want of a peer (REQ, PUSH, PAIR) are woken, long before their send timeout.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void closeWakesThreadsBlockedInSend(final Testing.Transport transport)
    {
        try (var comm = Testing.open())
        {
            final List<SendingSocket> senders = List.of(
                comm.req().bind(bindable(transport, "close-send-req")),
                comm.push().bind(bindable(transport, "close-send-push")),
                comm.pair().connect(transport.endpoint("close-send-pair")));
            final var blocked = new ArrayList<Blocked>();
            for (final var sender : senders)
            {
                sender.sendTimeout(Testing.WAIT);
                sender.linger(Duration.ZERO);
                blocked.add(Blocked.start(() -> sender.send(Message.of("no one to take this"))));
            }
            blocked.forEach(Blocked::awaitParked);
            senders.forEach(Socket::close);
            blocked.forEach(Blocked::assertClosed);

            for (final var sender : senders)
            {
                assertClosed(assertThrows(ClosedException.class, () -> sender.send(Message.of("after close"))));
            }
        }
    }

    // A REQ waiting for its reply, and requestAsync futures still outstanding, are woken by close.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void closeWakesRequesterWaitingForReplyAndFailsPendingFutures(final Testing.Transport transport)
        throws Exception
    {
        try (var comm = Testing.open())
        {
            final var rep = comm.rep().bind(bindable(transport, "close-req"));
            final var waiting = comm.req().connect(rep.endpoint());
            final var pipelining = comm.req().connect(rep.endpoint());
            rep.awaitPeers(2, Testing.WAIT);
            waiting.awaitPeers(1, Testing.WAIT);
            pipelining.awaitPeers(1, Testing.WAIT);

            // The REP never answers, so both REQs stay blocked until closed.
            waiting.send(Message.of("never answered"));
            final var receiving = Blocked.start(waiting::receive);
            final var futures = List.of(
                pipelining.requestAsync(Message.of("a")),
                pipelining.requestAsync(Message.of("b")),
                pipelining.requestAsync(Message.of("c")));
            receiving.awaitParked();

            waiting.close();
            pipelining.close();
            receiving.assertClosed();
            for (final var future : futures)
            {
                final var failure = assertThrows(ExecutionException.class,
                    () -> future.get(WAKE.toSeconds(), TimeUnit.SECONDS));
                assertInstanceOf(ClosedException.class, failure.getCause(), "pending requestAsync fails as closed");
                assertClosed(failure.getCause());
            }
        }
    }

    // A thread waiting for peers in awaitPeers is woken by close too.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void closeWakesThreadBlockedInAwaitPeers(final Testing.Transport transport)
    {
        try (var comm = Testing.open())
        {
            final var pair = comm.pair().bind(bindable(transport, "close-await"));
            final var blocked = Blocked.start(() -> pair.awaitPeers(1, Testing.WAIT));
            blocked.awaitParked();
            pair.close();
            blocked.assertClosed();
        }
    }

    // Closing the communicator closes its sockets, waking their blocked threads.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void closingTheCommunicatorWakesBlockedThreads(final Testing.Transport transport)
    {
        // Not try-with-resources: the test itself closes the communicator; finally covers failures.
        final var comm = Testing.open();
        try
        {
            final PullSocket pull = comm.pull().bind(bindable(transport, "close-comm-pull"));
            final var pair = comm.pair().bind(bindable(transport, "close-comm-pair"));
            final var blocked = List.of(
                Blocked.start(pull::receive),
                Blocked.start(() -> pair.receive(Testing.WAIT)),
                Blocked.start(() -> pair.send(Message.of("no peer"))));
            blocked.forEach(Blocked::awaitParked);
            comm.close();
            blocked.forEach(Blocked::assertClosed);
            assertTrue(pull.isClosed());
            assertTrue(pair.isClosed());
            assertTrue(comm.isClosed());
        }
        finally
        {
            comm.close();
        }
    }

    // ---- helpers ----

    /** Where to bind: a fresh IPC name, or an ephemeral loopback UDP port read back with endpoint(). */
    private static String bindable(final Testing.Transport transport, final String name)
    {
        return transport == Testing.Transport.UDP ? "udp://127.0.0.1:0" : Testing.ipc(name);
    }

    private static Message numbered(final String from, final int seq)
    {
        return Message.builder().frame(from).frame(Integer.toString(seq)).build();
    }

    private static Void sendNumbered(final SendingSocket socket, final String from, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            socket.send(numbered(from, i));
        }
        return null;
    }

    /**
     * Publish tagged warm-up messages (throttled, topic "warm-up") until the SUB has heard from every
     * PUB: from then on its subscription is in force at each publisher. Rule 6 says earlier messages
     * are legitimately lost, so the test must not count on them.
     */
    private static void awaitSubscriptionFlows(final List<? extends SendingSocket> pubs, final SubSocket sub)
    {
        final var heard = new HashSet<String>();
        final long[] lastSent = { System.nanoTime() - TimeUnit.SECONDS.toNanos(1) };
        Testing.await("SUB hears every PUB", () ->
        {
            if (System.nanoTime() - lastSent[0] > TimeUnit.MILLISECONDS.toNanos(20))
            {
                for (int s = 0; s < pubs.size(); s++)
                {
                    pubs.get(s).send(Message.builder().topic("warm-up").frame("pub-" + s).build());
                }
                lastSent[0] = System.nanoTime();
            }
            for (var m = sub.tryReceive(); m.isPresent(); m = sub.tryReceive())
            {
                heard.add(m.get().text());
            }
            return heard.size() == pubs.size();
        });
    }

    private static void assertNamesType(final Throwable ex, final SocketType type)
    {
        // Whole word, any case: "REQ" must not be satisfied by "request".
        final var word = Pattern.compile("\\b" + type.name() + "\\b", Pattern.CASE_INSENSITIVE);
        assertTrue(word.matcher(String.valueOf(ex.getMessage())).find(),
            ex.getClass().getSimpleName() + " should name " + type + ": " + ex.getMessage());
    }

    private static void assertClosed(final Throwable ex)
    {
        assertTrue(String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT).contains("close"),
            "ClosedException should say the socket is closed: " + ex.getMessage());
    }

    /** Per (receiver, sender) sequence numbers: each must exceed the last; optionally with no gap. */
    private static final class SequenceChecker
    {
        private final Map<String, Integer> last = new HashMap<>();
        private final Map<String, Integer> counts = new HashMap<>();
        private int total;

        void accept(final String receiver, final Message message, final boolean gapless)
        {
            final var key = receiver + "<-" + message.text(0);
            final int seq = Integer.parseInt(message.text(1));
            final int previous = last.getOrDefault(key, -1);
            if (gapless ? seq != previous + 1 : seq <= previous)
            {
                fail("out of order on " + key + ": " + seq + " after " + previous);
            }
            last.put(key, seq);
            counts.merge(key, 1, Integer::sum);
            total++;
        }

        int received(final String receiver, final String sender)
        {
            return counts.getOrDefault(receiver + "<-" + sender, 0);
        }

        int total()
        {
            return total;
        }
    }

    /** A call running on its own virtual thread, expected to stay blocked until its socket closes. */
    private record Blocked(Thread thread, CompletableFuture<Throwable> outcome)
    {
        static Blocked start(final Runnable call)
        {
            final var outcome = new CompletableFuture<Throwable>();
            final var thread = Thread.ofVirtual().start(() ->
            {
                try
                {
                    call.run();
                    outcome.complete(null);
                }
                catch (final Throwable ex)
                {
                    outcome.complete(ex);
                }
            });
            return new Blocked(thread, outcome);
        }

        /**
         * Best effort: give the call up to a second to park, so close usually finds it blocked.
         * The assertion holds either way (a call on a closed socket throws ClosedException too),
         * so this never fails the test; it fails only if the call ended early.
         */
        void awaitParked()
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (!outcome.isDone() && System.nanoTime() - deadline < 0)
            {
                final var state = thread.getState();
                if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING)
                {
                    return;
                }
                Thread.onSpinWait();
                Thread.yield();
            }
            if (outcome.isDone())
            {
                fail("call ended before close: " + outcome.join());
            }
        }

        void assertClosed()
        {
            final Throwable ex;
            try
            {
                ex = outcome.get(WAKE.toSeconds(), TimeUnit.SECONDS);
            }
            catch (final Exception e)
            {
                fail("blocked call not woken within " + WAKE + " of close", e);
                return;
            }
            assertNotNull(ex, "blocked call returned normally after close");
            assertInstanceOf(ClosedException.class, ex, "blocked call should fail as closed");
            CrossPatternConformanceTest.assertClosed(ex);
        }
    }
}
