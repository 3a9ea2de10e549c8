package dev.aeromq;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every error a user can run into: the exception type, and a message that names the cause.
 * Messages are checked for key words only, so they may be reworded freely.
 */
class ErrorPathTest
{
    private static final Duration SHORT = Duration.ofMillis(200);
    /** UDP endpoints carry their AeroMQ frames on this stream id. */
    private static final int UDP_STREAM_ID = 1001;

    // ---------------------------------------------------------------- endpoints

    static Stream<Arguments> badEndpoints()
    {
        return Stream.of(
            // An unsupported transport names itself and lists what is supported.
            Arguments.of("tcp://127.0.0.1:5555", List.of("tcp", "ipc://", "udp://", "aeron:")),
            Arguments.of("ipc:/typo", List.of("ipc://", "udp://", "aeron:")),
            Arguments.of("udp://127.0.0.1", List.of("port")),
            Arguments.of("udp://127.0.0.1:99999", List.of("port", "99999")),
            Arguments.of("udp://127.0.0.1:http", List.of("port")),
            Arguments.of("udp://:5555", List.of("host")),
            Arguments.of("ipc://", List.of("name")),
            Arguments.of("", List.of("endpoint")),
            Arguments.of(null, List.of("endpoint")));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @MethodSource("badEndpoints")
    void badEndpointIsRefusedAtBindAndConnect(final String endpoint, final List<String> mustMention)
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull();
            final PushSocket push = comm.push();

            assertError(InvalidEndpointException.class, () -> pull.bind(endpoint), mustMention);
            assertError(InvalidEndpointException.class, () -> push.connect(endpoint), mustMention);

            // A refused endpoint leaves the socket as it was: still usable.
            final String good = Testing.ipc("after-bad");
            pull.bind(good);
            push.connect(good);
            push.awaitPeers(1, Testing.WAIT);
            push.send(Message.of("still works"));
            assertEquals("still works", pull.receive().text());
        }
    }

    @Test
    void bindingAUdpPortAnotherSocketBoundIsRefused()
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket first = comm.pull().bind("udp://127.0.0.1:0");
            final String taken = first.endpoint();
            assertFalse(taken.endsWith(":0"), () -> "endpoint() resolves port 0, was " + taken);

            final PullSocket second = comm.pull();
            assertError(InvalidEndpointException.class, () -> second.bind(taken), List.of("in use"));
        }
    }

    @Test
    void bindingAUdpPortASocketOfAnotherCommunicatorBoundIsRefused()
    {
        // Two embedded media drivers: here the operating system refuses the port, and Aeron's error
        // must still come out as an InvalidEndpointException.
        try (Communicator comm = Testing.open(); Communicator other = Testing.open())
        {
            final String taken = comm.pull().bind("udp://127.0.0.1:0").endpoint();
            final PullSocket second = other.pull();
            assertError(InvalidEndpointException.class, () -> second.bind(taken), List.of("in use"));
        }
    }

    @Test
    void unbindOrDisconnectOfAnUnknownEndpointIsRefused()
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull();
            final String never = Testing.ipc("never");
            assertError(InvalidEndpointException.class, () -> pull.unbind(never), List.of(never));
            assertError(InvalidEndpointException.class, () -> pull.disconnect(never), List.of(never));

            // Bound is not connected, and the other way round.
            final String bound = Testing.ipc("bound");
            pull.bind(bound);
            assertError(InvalidEndpointException.class, () -> pull.disconnect(bound), List.of(bound));
            pull.unbind(bound);
            assertError(InvalidEndpointException.class, () -> pull.unbind(bound), List.of(bound));
        }
    }

    @Test
    void endpointOfAnUnboundSocketIsAStateError()
    {
        try (Communicator comm = Testing.open())
        {
            final PushSocket push = comm.push();
            assertErrorAny(SocketStateException.class, push::endpoint, "bind", "bound");
            push.connect(Testing.ipc("connected-only"));
            assertErrorAny(SocketStateException.class, push::endpoint, "bind", "bound");
        }
    }

    // ---------------------------------------------------------------- timeouts

    @Test
    void receiveTimesOut()
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull().bind(Testing.ipc("quiet"));
            pull.receiveTimeout(SHORT);

            final long start = System.nanoTime();
            final TimeoutException ex = assertThrows(TimeoutException.class, pull::receive);
            final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertMentionsAny(ex, "time");
            assertMentionsAny(ex, "200", "0.2");
            assertTrue(elapsedMs >= 150, () -> "gave up after " + elapsedMs + " ms, before the 200 ms timeout");

            // The non-throwing variants report the same situation as values.
            assertTrue(pull.receive(Duration.ofMillis(50)).isEmpty());
            assertTrue(pull.tryReceive().isEmpty());
        }
    }

    @Test
    void sendWithNoPeerTimesOut()
    {
        try (Communicator comm = Testing.open())
        {
            final PushSocket push = comm.push().bind(Testing.ipc("lonely"));
            push.sendTimeout(SHORT);

            final TimeoutException ex = assertThrows(TimeoutException.class, () -> push.send(Message.of("anyone?")));
            assertMentionsAny(ex, "time");
            assertMentionsAny(ex, "200", "0.2");
            assertFalse(push.trySend(Message.of("anyone?")), "trySend reports no peer as false");
        }
    }

    @Test
    void sendToAnEndpointNobodyBindsTimesOut()
    {
        try (Communicator comm = Testing.open())
        {
            final PushSocket push = comm.push().connect(Testing.ipc("nobody-home"));
            push.sendTimeout(SHORT);
            final TimeoutException ex = assertThrows(TimeoutException.class, () -> push.send(Message.of("hello?")));
            assertMentionsAny(ex, "time");
        }
    }

    @Test
    void awaitPeersTimesOut()
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull().bind(Testing.ipc("no-peers"));
            final TimeoutException ex = assertThrows(TimeoutException.class, () -> pull.awaitPeers(1, SHORT));
            assertMentionsAny(ex, "peer");
            assertEquals(0, pull.peerCount());
        }
    }

    @Test
    void requestWithNoReplyTimesOutAndTheRequesterCanGoOn()
    {
        try (Communicator comm = Testing.open())
        {
            final String endpoint = Testing.ipc("silent-rep");
            final RepSocket rep = comm.rep().bind(endpoint);
            final ReqSocket req = comm.req().connect(endpoint);
            req.awaitPeers(1, Testing.WAIT);

            final TimeoutException ex = assertThrows(
                TimeoutException.class, () -> req.request(Message.of("q1"), SHORT));
            assertMentionsAny(ex, "time");
            assertEquals("q1", rep.receive().text());

            // Per ReqSocket.request's contract, a timed-out request leaves the socket ready for a new one.
            rep.send(Message.of("late answer to q1"));
            req.send(Message.of("q2"));
            assertEquals("q2", rep.receive().text());
            rep.send(Message.of("a2"));
            assertEquals("a2", req.receive().text(), "the late reply to q1 must be dropped, not returned");
        }
    }

    // ---------------------------------------------------------------- closed

    @Test
    void blockingCallsOnAClosedSocketFail()
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull();
            final PushSocket push = comm.push();
            pull.close();
            push.close();
            assertTrue(pull.isClosed());

            assertError(ClosedException.class, pull::receive, List.of("closed"));
            assertError(ClosedException.class, () -> pull.receive(SHORT), List.of("closed"));
            assertError(ClosedException.class, () -> push.send(Message.of("x")), List.of("closed"));
            assertError(ClosedException.class, () -> pull.bind(Testing.ipc("closed")), List.of("closed"));
            assertError(ClosedException.class, () -> push.connect(Testing.ipc("closed")), List.of("closed"));
            assertError(ClosedException.class, () -> push.awaitPeers(1, SHORT), List.of("closed"));
        }
    }

    @Test
    void closingASocketWakesABlockedReceiver() throws Exception
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull().bind(Testing.ipc("wake"));
            pull.receiveTimeout(null);
            final CompletableFuture<Message> received = new CompletableFuture<>();
            final Thread receiver = Thread.ofVirtual().start(() ->
            {
                try
                {
                    received.complete(pull.receive());
                }
                catch (final Throwable t)
                {
                    received.completeExceptionally(t);
                }
            });
            // Wait until the receiver is parked inside receive(), not merely started.
            Testing.await("receiver to block", () -> receiver.getState() == Thread.State.WAITING ||
                receiver.getState() == Thread.State.TIMED_WAITING || received.isDone());

            pull.close();
            final ExecutionException ex = assertThrows(ExecutionException.class,
                () -> received.get(Testing.WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertInstanceOf(ClosedException.class, ex.getCause());
            assertMentionsAny(ex.getCause(), "closed");
        }
    }

    @Test
    void closingASocketTwiceIsFine()
    {
        try (Communicator comm = Testing.open())
        {
            final PushSocket push = comm.push().bind(Testing.ipc("twice"));
            push.close();
            push.close();
            assertTrue(push.isClosed());
        }
    }

    @Test
    void closedCommunicatorRefusesNewSocketsAndClosesItsOwn()
    {
        // No try-with-resources: closing explicitly, twice, is what is under test.
        final Communicator comm = Testing.open();
        try
        {
            final PullSocket pull = comm.pull().bind(Testing.ipc("owned"));
            comm.close();
            assertTrue(comm.isClosed());
            assertTrue(pull.isClosed(), "close() closes every socket the communicator made");
            assertError(ClosedException.class, pull::receive, List.of("closed"));

            assertError(ClosedException.class, comm::push, List.of("closed"));
            assertError(ClosedException.class, comm::req, List.of("closed"));
            assertError(ClosedException.class, () -> comm.socket(SocketType.SUB), List.of("closed"));
        }
        finally
        {
            comm.close(); // idempotent
        }
    }

    @Test
    void pendingAsyncRequestFailsWhenItsSocketCloses() throws Exception
    {
        try (Communicator comm = Testing.open())
        {
            final String endpoint = Testing.ipc("async-close");
            final RepSocket rep = comm.rep().bind(endpoint);
            final ReqSocket req = comm.req().connect(endpoint);
            req.awaitPeers(1, Testing.WAIT);

            final CompletableFuture<Message> reply = req.requestAsync(Message.of("never answered"));
            assertEquals("never answered", rep.receive().text());
            req.close();

            final ExecutionException ex = assertThrows(ExecutionException.class,
                () -> reply.get(Testing.WAIT.toMillis(), TimeUnit.MILLISECONDS));
            assertInstanceOf(ClosedException.class, ex.getCause());
        }
    }

    // ---------------------------------------------------------------- message too large

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void messageOverTheSendersLimitIsRefusedNamingTheLimitAndWhoseItIs(final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull().bind(transport.endpoint("too-large"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            push.maxMessageSize(512 * 1024);

            final Message oneBigFrame = Message.of(new byte[1024 * 1024]);
            assertError(MessageTooLargeException.class, () -> push.send(oneBigFrame),
                List.of("524288", "this PUSH socket's maxMessageSize"));

            // Each frame fits, together they do not.
            final Message manyFrames = Message.of(new byte[200_000], new byte[200_000], new byte[200_000]);
            assertError(MessageTooLargeException.class, () -> push.send(manyFrames), List.of("524288"));

            // trySend must not answer "false, retry later" for a message that can never be sent.
            assertError(MessageTooLargeException.class, () -> push.trySend(oneBigFrame), List.of("524288"));

            // Nothing was sent, and the link still works.
            push.send(Message.of("small"));
            assertEquals("small", pull.receive().text());
        }
    }

    // ---------------------------------------------------------------- incompatible peers

    @Test
    void reqConnectingToPullIsRefusedNamingBothTypes()
    {
        try (Communicator comm = Testing.open())
        {
            final String endpoint = Testing.ipc("wrong-type");
            final PullSocket pull = comm.pull().bind(endpoint);
            final ReqSocket req = comm.req().connect(endpoint);

            assertError(IncompatiblePeerException.class, () -> req.awaitPeers(1, Testing.WAIT), List.of("REQ", "PULL"));
            assertEquals(0, pull.peerCount());
            assertEquals(0, req.peerCount());
        }
    }

    @Test
    void secondPairPeerIsRefused()
    {
        try (Communicator comm = Testing.open())
        {
            final String endpoint = Testing.ipc("pair");
            final PairSocket bound = comm.pair().bind(endpoint);
            final PairSocket first = comm.pair().connect(endpoint);
            first.awaitPeers(1, Testing.WAIT);

            final PairSocket second = comm.pair().connect(endpoint);
            assertError(IncompatiblePeerException.class, () -> second.awaitPeers(1, Testing.WAIT), List.of("PAIR"));
            assertEquals(1, bound.peerCount());

            // The first pair is undisturbed.
            first.send(Message.of("still paired"));
            assertEquals("still paired", bound.receive().text());
        }
    }

    // ---------------------------------------------------------------- REQ/REP state

    @Test
    void reqReceiveBeforeSendIsAStateError()
    {
        try (Communicator comm = Testing.open())
        {
            final ReqSocket req = comm.req();
            assertErrorAny(SocketStateException.class, req::receive, "send", "request");
        }
    }

    @Test
    void reqSecondSendBeforeReceiveIsAStateError()
    {
        try (Communicator comm = Testing.open())
        {
            final String endpoint = Testing.ipc("req-state");
            final RepSocket rep = comm.rep().bind(endpoint);
            final ReqSocket req = comm.req().connect(endpoint);
            req.awaitPeers(1, Testing.WAIT);

            req.send(Message.of("first"));
            assertErrorAny(SocketStateException.class, () -> req.send(Message.of("second")), "receive", "reply");

            // The refused send changed nothing: the first exchange completes normally.
            assertEquals("first", rep.receive().text());
            rep.send(Message.of("answer"));
            assertEquals("answer", req.receive().text());
        }
    }

    @Test
    void repSendBeforeReceiveIsAStateError()
    {
        try (Communicator comm = Testing.open())
        {
            final RepSocket rep = comm.rep().bind(Testing.ipc("rep-state"));
            assertErrorAny(SocketStateException.class, () -> rep.send(Message.of("unasked")), "receive", "request");
        }
    }

    // ---------------------------------------------------------------- malformed frames on the wire

    @Test
    void malformedFramesAreReportedAndTheSocketSurvives()
    {
        final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        try (Communicator comm = Communicator.open(Testing.config().errorHandler(errors::add).build()))
        {
            final PullSocket pull = comm.pull().bind("udp://127.0.0.1:0");
            final String endpoint = pull.endpoint();
            final int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));

            // A plain Aeron publisher that speaks no AeroMQ at all.
            try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(comm.aeronDirectory()));
                ExclusivePublication rogue = aeron.addExclusivePublication(
                    "aeron:udp?endpoint=127.0.0.1:" + port + "|term-length=64k", UDP_STREAM_ID))
            {
                Testing.await("rogue publication to connect", rogue::isConnected);
                final Random random = new Random(7);
                final byte[] sixteen = new byte[16];
                random.nextBytes(sixteen);
                offer(rogue, sixteen);
                offer(rogue, new byte[]{ 1, 2, 3, 4 });
                offer(rogue, new byte[64]); // all zeros: a header with schema id 0

                Testing.await("the error handler to hear of a malformed frame", () -> errors.stream()
                    .anyMatch(e -> String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("malformed")));
            }

            // The bad frames did not take the socket down: a real peer still gets through.
            final PushSocket push = comm.push().connect(endpoint);
            push.awaitPeers(1, Testing.WAIT);
            push.send(Message.of("after the garbage"));
            assertEquals("after the garbage", pull.receive().text());
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void offer(final ExclusivePublication publication, final byte[] bytes)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        Testing.await("offer of " + bytes.length + " bytes", () -> publication.offer(buffer, 0, bytes.length) > 0);
    }

    private static <T extends Throwable> T assertError(
        final Class<T> type, final Executable executable, final List<String> mustMention)
    {
        final T ex = assertThrows(type, executable);
        for (final String word : mustMention)
        {
            assertMentionsAny(ex, word);
        }
        return ex;
    }

    private static <T extends Throwable> T assertErrorAny(
        final Class<T> type, final Executable executable, final String... anyOf)
    {
        final T ex = assertThrows(type, executable);
        assertMentionsAny(ex, anyOf);
        return ex;
    }

    /** Case-insensitive: the message contains at least one of the words. */
    private static void assertMentionsAny(final Throwable ex, final String... words)
    {
        final String message = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
        for (final String word : words)
        {
            if (message.contains(word.toLowerCase(Locale.ROOT)))
            {
                return;
            }
        }
        fail(ex.getClass().getSimpleName() + " message \"" + ex.getMessage() + "\" mentions none of " +
            Arrays.toString(words));
    }
}
