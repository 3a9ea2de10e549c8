package dev.aeromq.transport;

import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.Bytes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a link ends when its peer does not say goodbye: its whole process (here, its whole transport
 * with its media driver) goes away, or it falls silent while its stream stays open.
 */
class LinkLivenessTest
{
    private static final Duration LEAVE_WITHIN = TestTransport.PEER_TIMEOUT.plus(Await.WAIT);

    @Test
    void aConnectorWhoseProcessGoesAwayLeavesTheBinderWithinThePeerTimeout()
    {
        try (TestTransport binderSide = TestTransport.start("gone-binder"))
        {
            final TestSocket pull = binderSide.open(SocketType.PULL);
            final Endpoint bound = pull.bind("udp://127.0.0.1:0");
            final Link toPush;
            try (TestTransport connectorSide = TestTransport.start("gone-connector"))
            {
                final TestSocket push = connectorSide.open(SocketType.PUSH);
                push.connect(bound.uri());
                push.handler().awaitJoins(1);
                toPush = pull.handler().awaitJoins(1);
            }

            final LeaveReason reason = pull.handler().awaitLeave(toPush, LEAVE_WITHIN).reason();
            assertTrue(EnumSet.of(LeaveReason.STREAM_LOST, LeaveReason.TIMEOUT).contains(reason), reason::name);
        }
    }

    @Test
    void aBinderWhoseProcessGoesAwayLeavesTheConnectorWithinThePeerTimeout()
    {
        try (TestTransport connectorSide = TestTransport.start("gone-binder-connector"))
        {
            final TestSocket push = connectorSide.open(SocketType.PUSH);
            final Link toPull;
            try (TestTransport binderSide = TestTransport.start("gone-binder-binder"))
            {
                final TestSocket pull = binderSide.open(SocketType.PULL);
                push.connect(pull.bind("udp://127.0.0.1:0").uri());
                toPull = push.handler().awaitJoins(1);
                pull.handler().awaitJoins(1);
            }

            final LeaveReason reason = push.handler().awaitLeave(toPull, LEAVE_WITHIN).reason();
            assertTrue(EnumSet.of(LeaveReason.STREAM_LOST, LeaveReason.TIMEOUT).contains(reason), reason::name);
        }
    }

    @Test
    void aSilentPeerWhoseStreamStaysOpenLeavesWithTimeout()
    {
        try (TestTransport aeromq = TestTransport.start("silent"))
        {
            final TestSocket pull = aeromq.open(SocketType.PULL);
            final Endpoint bound = pull.bind("udp://127.0.0.1:0");
            try (RawPeer peer = new RawPeer(aeromq.aeronDirectory(), bound))
            {
                peer.hello(SocketType.PUSH, 7);
                final Link toPeer = pull.handler().awaitJoins(1);
                Await.await("the raw peer to be welcomed", () -> peer.poll().welcomeNonces().contains(7L));

                // From now on the raw peer sends nothing at all, while its publication stays open.
                final RecordingHandler.Left left = pull.handler().awaitLeave(toPeer, LEAVE_WITHIN);
                assertEquals(LeaveReason.TIMEOUT, left.reason());
                final long silentMs = TimeUnit.NANOSECONDS.toMillis(
                    left.atNs() - pull.handler().events(RecordingHandler.Joined.class).get(0).atNs());
                assertTrue(silentMs >= TestTransport.PEER_TIMEOUT.toMillis() / 2,
                    "dropped for its silence only after (about) the peer timeout: after " + silentMs + " ms");
            }
        }
    }

    @Test
    void aSilentPeerHeardAgainBeforeAeronDropsItsStreamJoinsAgainWithNothingLost()
    {
        try (TestTransport aeromq = TestTransport.start("dormant"))
        {
            final TestSocket pull = aeromq.open(SocketType.PULL);
            final Endpoint bound = pull.bind("udp://127.0.0.1:0");
            try (RawPeer peer = new RawPeer(aeromq.aeronDirectory(), bound))
            {
                peer.hello(SocketType.PUSH, 7);
                final Link toPeer = pull.handler().awaitJoins(1);
                Await.await("the raw peer to be welcomed", () -> peer.poll().welcomeNonces().contains(7L));

                // silent, as behind a partition: it leaves, but its stream is kept
                assertEquals(LeaveReason.TIMEOUT, pull.handler().awaitLeave(toPeer, LEAVE_WITHIN).reason());

                // the partition heals: what it sends now is taken, and it has joined again
                peer.data(Bytes.pattern(100, 1));
                Await.await("the peer to join again", () -> pull.handler().joinCount() == 2);
                assertSame(toPeer, pull.handler().awaitJoins(2), "the same link, where it left off");
                assertEquals(1, pull.handler().awaitReceived(1).size());
            }
        }
    }
}
