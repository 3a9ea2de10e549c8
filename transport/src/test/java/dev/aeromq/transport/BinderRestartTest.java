package dev.aeromq.transport;

import dev.aeromq.codec.Liveness;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.Bytes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connector's heartbeat is its Hello: the same nonce, no prefixes, every heartbeat interval. A
 * binder that knows the link only hears it; one that restarted (it does not know the link) answers it
 * as a new Hello, and the connector takes that Welcome from a new session as the binder's reset: the
 * old peer leaves and the new one joins at once, instead of a peer timeout later. Watched against a
 * raw binder, the only way to see a binder restart within one process (a real restart in a child
 * process is the fault-injection suite's).
 */
class BinderRestartTest
{
    private static final Liveness LIVENESS =
        new Liveness(TestTransport.HEARTBEAT.toNanos(), TestTransport.PEER_TIMEOUT.toNanos());
    private static final Duration BEAT_EVERY = Duration.ofMillis(200);
    private static final Duration WINDOW = Duration.ofSeconds(1);

    @Test
    void onceLinkedTheConnectorSaysItsHelloAgainEveryHeartbeatIntervalWithoutPrefixes()
    {
        try (TestTransport aeromq = TestTransport.start("hello-heartbeat");
            RawBinder binder = new RawBinder(aeromq.aeronDirectory()))
        {
            final TestSocket sub = aeromq.open(SocketType.SUB);
            sub.handler().handshakePrefixes(List.of(bytes("a"), bytes("b")));
            sub.connect(binder.endpoint());
            final RawBinder.Hello dialled = binder.awaitHellos(1);
            assertEquals(2, dialled.prefixes(), "the dialling Hello carries the SUB's prefixes");
            binder.welcome(dialled, SocketType.PUB, LIVENESS);
            sub.handler().awaitJoins(1);

            final int linkedAt = binder.poll().hellos().size();
            keepAlive(binder, WINDOW, sub);
            final List<RawBinder.Hello> heartbeats = binder.hellos().subList(linkedAt, binder.hellos().size());

            final long expected = WINDOW.toMillis() / TestTransport.HEARTBEAT.toMillis();
            assertTrue(heartbeats.size() >= expected / 2 && heartbeats.size() <= expected + 3,
                "about one Hello every " + TestTransport.HEARTBEAT + " (" + expected + " in " + WINDOW + "): " +
                heartbeats.size());
            for (final RawBinder.Hello hello : heartbeats)
            {
                assertEquals(dialled.nonce(), hello.nonce(), "the same nonce: the same dial");
                assertEquals(dialled.sessionId(), hello.sessionId(), "on the same stream");
                assertEquals(0, hello.prefixes(), "no prefixes: they follow as Prefix wire messages on a new link");
            }
        }
    }

    @Test
    void aBinderThatRestartedIsRecognisedAtTheConnectorsNextHello()
    {
        try (TestTransport aeromq = TestTransport.start("binder-restart");
            RawBinder binder = new RawBinder(aeromq.aeronDirectory()))
        {
            final TestSocket push = aeromq.open(SocketType.PUSH);
            push.connect(binder.endpoint());
            final RawBinder.Hello dialled = binder.awaitHellos(1);
            binder.welcome(dialled, SocketType.PULL, LIVENESS);
            final int firstSession = binder.sessionId();
            final Link link = push.handler().awaitJoins(1);
            TestSocket.send(link, Bytes.pattern(16, 1));
            Await.await("the first message at the raw binder", () -> binder.poll().dataMessages() == 1);

            // The binder restarts: it no longer knows the link, and answers the connector's next Hello (its
            // heartbeat) as a new one, from a new Aeron session.
            final long restartNs = System.nanoTime();
            final RawBinder.Hello next = binder.awaitHellos(binder.hellos().size() + 1);
            assertEquals(dialled.nonce(), next.nonce(), "the heartbeat Hello of the same dial");
            binder.welcome(next, SocketType.PULL, LIVENESS);
            assertNotEquals(firstSession, binder.sessionId(), "a new session");

            final RecordingHandler.Left left = push.handler().awaitLeave(link);
            assertEquals(LeaveReason.RESET, left.reason(), "the old peer left as reset, not timed out");
            final Link again = push.handler().awaitJoins(2);
            final RecordingHandler.Joined joined = push.handler().events(RecordingHandler.Joined.class).get(1);
            assertSame(link, again, "the connector's own stream goes on");
            assertTrue(joined.atNs() - left.atNs() < TimeUnit.MILLISECONDS.toNanos(50),
                "the new peer joined at once after the old one left: " + (joined.atNs() - left.atNs()) + " ns");
            final long relinkMs = TimeUnit.NANOSECONDS.toMillis(joined.atNs() - restartNs);
            assertTrue(relinkMs < TestTransport.HEARTBEAT.toMillis() + 1_000,
                "linked again within a heartbeat interval (and the answer's setup), not a " +
                TestTransport.PEER_TIMEOUT + " peer timeout: " + relinkMs + " ms");

            for (int i = 0; i < 3; i++)
            {
                TestSocket.send(again, Bytes.pattern(16, 2 + i));
            }
            Await.await("the messages sent after the restart at the new binder",
                () -> binder.poll().dataMessages() == 4);
            keepAlive(binder, Duration.ofMillis(500), push);
            assertEquals(List.of(LeaveReason.RESET), push.handler().leaveReasons());
        }
    }

    /**
     * Beat on the binder's newest session for a while, checking that the connector keeps its peer.
     */
    private static void keepAlive(final RawBinder binder, final Duration period, final TestSocket connector)
    {
        final long[] lastBeatNs = {System.nanoTime()};
        final int leaves = connector.handler().leaveReasons().size();
        Await.holds("the link to stay up", period, () ->
        {
            if (System.nanoTime() - lastBeatNs[0] >= BEAT_EVERY.toNanos())
            {
                lastBeatNs[0] = System.nanoTime();
                binder.heartbeat();
            }
            binder.poll();
            return connector.handler().leaveReasons().size() == leaves;
        });
    }

    private static byte[] bytes(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
