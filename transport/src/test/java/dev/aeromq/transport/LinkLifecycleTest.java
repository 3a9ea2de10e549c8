package dev.aeromq.transport;

import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.Background;
import dev.aeromq.testkit.Bytes;
import dev.aeromq.testkit.Names;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The life of a link between two sockets' streams on a real embedded media driver, over IPC and over
 * UDP: the binder's {@link Binding} and {@link BoundPeer}, the connector's {@link Connection}, and
 * their {@link Session}, watched through the callbacks they make (one join, one leave with a reason).
 */
class LinkLifecycleTest
{
    private static final String UDP_ANY_PORT = "udp://127.0.0.1:0";

    private static String endpoint(final String transport)
    {
        return "ipc".equals(transport) ? Names.ipc("link") : UDP_ANY_PORT;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipc", "udp"})
    void bindAndConnectJoinBothSidesAndCarryDataBothWays(final String transport)
    {
        try (TestTransport aeromq = TestTransport.start("join-" + transport))
        {
            final TestSocket pull = aeromq.open(SocketType.PULL);
            final TestSocket push = aeromq.open(SocketType.PUSH);
            final Endpoint bound = pull.bind(endpoint(transport));
            push.connect(bound.uri());

            final Link toPull = push.handler().awaitJoins(1);
            final Link toPush = pull.handler().awaitJoins(1);
            assertEquals(SocketType.PULL, toPull.peerType());
            assertEquals(SocketType.PUSH, toPush.peerType());
            Await.await("both links to be active", () -> toPull.isActive() && toPush.isActive());

            TestSocket.send(toPull, Bytes.pattern(100, 1));
            Bytes.assertPattern(100, 1, frameOf(pull.handler().awaitReceived(1).get(0)));
            TestSocket.send(toPush, Bytes.pattern(3000, 2)); // over the attachment threshold: gathered
            final RecordingHandler.ReceivedMessage back = push.handler().awaitReceived(1).get(0);
            Bytes.assertPattern(3000, 2, frameOf(back));
            assertSame(toPull, back.link(), "the reply came in on the link the connector joined with");

            assertEquals(List.of(), pull.handler().leaveReasons());
            assertEquals(List.of(), push.handler().leaveReasons());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipc", "udp"})
    void disconnectLeavesWithDisconnectAtTheConnectorAndByeAtTheBinder(final String transport)
    {
        try (TestTransport aeromq = TestTransport.start("disconnect-" + transport))
        {
            final TestSocket pull = aeromq.open(SocketType.PULL);
            final TestSocket push = aeromq.open(SocketType.PUSH);
            final Endpoint bound = pull.bind(endpoint(transport));
            push.connect(bound.uri());
            final Link toPull = push.handler().awaitJoins(1);
            final Link toPush = pull.handler().awaitJoins(1);

            push.disconnect(bound.uri());

            assertEquals(LeaveReason.DISCONNECT, push.handler().awaitLeave(toPull).reason());
            assertFalse(toPull.isActive(), "a link is inactive once its peer left");
            assertEquals(LeaveReason.BYE, pull.handler().awaitLeave(toPush).reason());
            assertFalse(toPush.isActive());
            Await.holds("no peer joining again after a disconnect", Duration.ofMillis(500),
                () -> push.handler().joinCount() == 1 && pull.handler().joinCount() == 1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipc", "udp"})
    void unbindLeavesWithUnbindAtTheBinderAndByeAtTheConnectorWhichRejoinsWhenBoundAgain(final String transport)
    {
        try (TestTransport aeromq = TestTransport.start("unbind-" + transport))
        {
            final TestSocket pull = aeromq.open(SocketType.PULL);
            final TestSocket push = aeromq.open(SocketType.PUSH);
            final Endpoint bound = pull.bind(endpoint(transport));
            push.connect(bound.uri());
            final Link firstToPull = push.handler().awaitJoins(1);
            final Link firstToPush = pull.handler().awaitJoins(1);

            pull.unbind(bound.uri());

            assertEquals(LeaveReason.UNBIND, pull.handler().awaitLeave(firstToPush).reason());
            assertEquals(LeaveReason.BYE, push.handler().awaitLeave(firstToPull).reason());

            bindAgain(pull, bound.uri());
            final Link secondToPull = push.handler().awaitJoins(2);
            final Link secondToPush = pull.handler().awaitJoins(2);
            assertTrue(secondToPull.isActive() && secondToPush.isActive());
            TestSocket.send(secondToPull, Bytes.pattern(10, 3));
            Bytes.assertPattern(10, 3, frameOf(pull.handler().awaitReceived(1).get(0)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipc", "udp"})
    void closingTheConnectorWithLingerSaysByeAndReturnsOnceAcknowledged(final String transport)
    {
        try (TestTransport aeromq = TestTransport.start("close-connector-" + transport))
        {
            final TestSocket pull = aeromq.open(SocketType.PULL);
            final TestSocket push = aeromq.open(SocketType.PUSH);
            push.connect(pull.bind(endpoint(transport)).uri());
            final Link toPull = push.handler().awaitJoins(1);
            final Link toPush = pull.handler().awaitJoins(1);

            assertClosesBeforeTheLinger(push);

            assertEquals(LeaveReason.BYE, pull.handler().awaitLeave(toPush).reason());
            assertEquals(LeaveReason.CLOSE, push.handler().awaitLeave(toPull).reason());
            assertTrue(push.streams().isClosed());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipc", "udp"})
    void closingTheBinderWithLingerSaysByeAndReturnsOnceAcknowledged(final String transport)
    {
        try (TestTransport aeromq = TestTransport.start("close-binder-" + transport))
        {
            final TestSocket pull = aeromq.open(SocketType.PULL);
            final TestSocket push = aeromq.open(SocketType.PUSH);
            push.connect(pull.bind(endpoint(transport)).uri());
            final Link toPull = push.handler().awaitJoins(1);
            final Link toPush = pull.handler().awaitJoins(1);

            assertClosesBeforeTheLinger(pull);

            assertEquals(LeaveReason.BYE, push.handler().awaitLeave(toPull).reason(), push.handler()::toString);
            pull.handler().awaitLeave(toPush); // with CLOSE, or RESET: see the disabled test below
            assertTrue(pull.streams().isClosed());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipc", "udp"})
    void aClosingBindersPeersLeaveWithCloseAndNobodyJoinsWhileItCloses(final String transport)
    {
        try (TestTransport aeromq = TestTransport.start("close-binder-reason-" + transport))
        {
            final TestSocket pull = aeromq.open(SocketType.PULL);
            final TestSocket push = aeromq.open(SocketType.PUSH);
            push.connect(pull.bind(endpoint(transport)).uri());
            push.handler().awaitJoins(1);
            final Link toPush = pull.handler().awaitJoins(1);

            assertClosesBeforeTheLinger(pull);

            assertEquals(LeaveReason.CLOSE, pull.handler().awaitLeave(toPush).reason(), pull.handler()::toString);
            assertEquals(1, pull.handler().joinCount(), "a closing binder admits nobody: " + pull.handler());
        }
    }

    @Test
    void nobodyJoinsAConnectorWhileItCloses()
    {
        try (TestTransport aeromq = TestTransport.start("close-connector-dialling"))
        {
            final TestSocket slow = aeromq.open(SocketType.PULL);
            final TestSocket late = aeromq.open(SocketType.PULL);
            final TestSocket push = aeromq.open(SocketType.PUSH);
            final String lateEndpoint = Names.ipc("late");
            push.connect(slow.bind(Names.ipc("slow")).uri());
            push.connect(lateEndpoint); // nobody bound there yet: it dials
            final Link toSlow = push.handler().awaitJoins(1);
            slow.handler().awaitJoins(1);
            slow.handler().receiveCapacity(0); // it reads nothing now: a message waits unread in its log,
            TestSocket.send(toSlow, Bytes.pattern(10, 1)); // and the Bye behind it stays unanswered

            final Background<Void> closing = Background.platform("closing the PUSH", () ->
            {
                push.close(TimeUnit.MINUTES.toNanos(1));
                return null;
            });
            closing.awaitBlocked();
            late.bind(lateEndpoint);
            try
            {
                Await.holds("the closing PUSH having just its one peer", Duration.ofSeconds(2),
                    () -> push.handler().joinCount() == 1 && late.handler().joinCount() == 0);
            }
            finally
            {
                slow.handler().receiveCapacity(Integer.MAX_VALUE); // the Bye is answered, the close ends
                closing.result();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipc", "udp"})
    void incompatibleRolesAreRejectedWithAReasonNamingBothAndNeverJoin(final String transport)
    {
        try (TestTransport aeromq = TestTransport.start("roles-" + transport))
        {
            final TestSocket pull = aeromq.open(SocketType.PULL);
            final TestSocket req = aeromq.open(SocketType.REQ);
            final Endpoint bound = pull.bind(endpoint(transport));
            req.connect(bound.uri());

            final RecordingHandler.Rejected rejected = req.handler().awaitRejection();
            assertEquals(bound.uri(), rejected.endpoint());
            assertTrue(rejected.reason().contains("REQ") && rejected.reason().contains("PULL"), rejected.reason());
            assertEquals(0, req.handler().joinCount(), req.handler().toString());
            assertEquals(0, pull.handler().joinCount(), pull.handler().toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipc", "udp"})
    void aPushConnectingToAPushIsRejected(final String transport)
    {
        try (TestTransport aeromq = TestTransport.start("push-push-" + transport))
        {
            final TestSocket binder = aeromq.open(SocketType.PUSH);
            final TestSocket connector = aeromq.open(SocketType.PUSH);
            connector.connect(binder.bind(endpoint(transport)).uri());

            final String reason = connector.handler().awaitRejection().reason();
            assertTrue(reason.contains("PUSH cannot connect to PUSH"), reason);
            assertEquals(0, connector.handler().joinCount());
            assertEquals(0, binder.handler().joinCount());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ipc", "udp"})
    void aBinderThatDoesNotAdmitRejectsWithItsOwnReason(final String transport)
    {
        try (TestTransport aeromq = TestTransport.start("admit-" + transport))
        {
            final TestSocket pair = aeromq.open(SocketType.PAIR);
            final TestSocket other = aeromq.open(SocketType.PAIR);
            pair.handler().admission(peerType -> "this PAIR already has its peer");
            other.connect(pair.bind(endpoint(transport)).uri());

            assertEquals("this PAIR already has its peer", other.handler().awaitRejection().reason());
            assertEquals(0, other.handler().joinCount());
            assertEquals(0, pair.handler().joinCount());

            pair.handler().admission(peerType -> null); // a rejected connector keeps dialling, and gets in now
            other.handler().awaitJoins(1);
            pair.handler().awaitJoins(1);
        }
    }

    private static void assertClosesBeforeTheLinger(final TestSocket socket)
    {
        final long lingerNs = TimeUnit.MINUTES.toNanos(1);
        final long startNs = System.nanoTime();
        socket.close(lingerNs);
        final long tookNs = System.nanoTime() - startNs;
        assertTrue(tookNs < lingerNs / 2, "close returned once the peer acknowledged, not at the end of the " +
            "linger: took " + TimeUnit.NANOSECONDS.toMillis(tookNs) + " ms");
    }

    /**
     * Bind where the socket was bound before; a UDP port the driver is still letting go of may be
     * refused for a moment.
     */
    private static void bindAgain(final TestSocket socket, final String uri)
    {
        Await.await("binding " + uri + " again", () ->
        {
            try
            {
                socket.bind(uri);
                return true;
            }
            catch (final Failure ex)
            {
                assertEquals(Failure.Kind.INVALID_ENDPOINT, ex.kind(), ex::toString);
                return false;
            }
        });
    }

    private static byte[] frameOf(final RecordingHandler.ReceivedMessage message)
    {
        assertEquals(1, message.frames().length, "frames");
        return message.frames()[0];
    }
}
