package dev.aeromq.transport;

import dev.aeromq.codec.WireReader;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.Bytes;
import dev.aeromq.testkit.Names;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A binder facing a hand-driven connector that says on the wire what no AeroMQ socket would: another
 * protocol version, a second Hello on a linked stream, a reply stream it may not name, malformed
 * wire messages.
 */
class WireHandshakeTest
{
    private static final Duration QUIET = Duration.ofMillis(500);

    @Test
    void aHelloOfAnotherProtocolVersionIsRejectedWithAReasonNamingTheVersion()
    {
        try (TestTransport aeromq = TestTransport.start("version"))
        {
            final TestSocket pull = aeromq.open(SocketType.PULL);
            final Endpoint bound = pull.bind("udp://127.0.0.1:0");
            try (RawPeer peer = new RawPeer(aeromq.aeronDirectory(), bound))
            {
                final int otherVersion = WireReader.VERSION + 1;
                peer.hello(otherVersion, SocketType.PUSH, 7, bound.streamId(), peer.replyPort());

                Await.await("a Reject", () -> !peer.poll().rejectReasons().isEmpty());
                final String reason = peer.rejectReasons().get(0);
                assertTrue(reason.contains("protocol version " + otherVersion), reason);
                assertEquals(0, pull.handler().joinCount(), pull.handler()::toString);
            }
        }
    }

    @Test
    void aSecondHelloWithAnotherNonceOnALinkedStreamResetsThePeer()
    {
        try (TestTransport aeromq = TestTransport.start("reset"))
        {
            final TestSocket pull = aeromq.open(SocketType.PULL);
            final Endpoint bound = pull.bind("udp://127.0.0.1:0");
            try (RawPeer peer = new RawPeer(aeromq.aeronDirectory(), bound))
            {
                peer.hello(SocketType.PUSH, 7);
                final Link first = pull.handler().awaitJoins(1);
                Await.await("the first Welcome", () -> peer.poll().welcomeNonces().contains(7L));

                peer.hello(SocketType.PUSH, 8); // the same stream dials afresh

                assertEquals(LeaveReason.RESET, pull.handler().awaitLeave(first).reason());
                final Link second = pull.handler().awaitJoins(2);
                assertTrue(second != first && second.isActive() && !first.isActive());
                Await.await("the second Welcome, echoing the new nonce",
                    () -> peer.poll().welcomeNonces().contains(8L));
                assertEquals(List.of(LeaveReason.RESET), pull.handler().leaveReasons());
            }
        }
    }

    @Test
    void theSameHelloAgainOnALinkedStreamChangesNothing()
    {
        try (TestTransport aeromq = TestTransport.start("hello-again"))
        {
            final TestSocket pull = aeromq.open(SocketType.PULL);
            final Endpoint bound = pull.bind("udp://127.0.0.1:0");
            try (RawPeer peer = new RawPeer(aeromq.aeronDirectory(), bound))
            {
                peer.hello(SocketType.PUSH, 7);
                pull.handler().awaitJoins(1);
                peer.hello(SocketType.PUSH, 7); // a Hello repeated while the Welcome was on its way

                peer.data(Bytes.pattern(20, 5));
                pull.handler().awaitReceived(1);
                assertEquals(1, pull.handler().joinCount(), pull.handler()::toString);
                assertEquals(List.of(), pull.handler().leaveReasons());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {5, Channels.REPLY_STREAM_MIN - 1, Channels.REPLY_STREAM_MAX + 1, Integer.MAX_VALUE})
    void anIpcHelloNamingAReplyStreamOutsideTheReplyRangeIsDroppedAndReported(final int replyStream)
    {
        try (TestTransport aeromq = TestTransport.start("reply-range"))
        {
            final TestSocket pull = aeromq.open(SocketType.PULL);
            final Endpoint bound = pull.bind(Names.ipc("reply-range"));
            try (RawPeer peer = new RawPeer(aeromq.aeronDirectory(), bound))
            {
                peer.hello(WireReader.VERSION, SocketType.PUSH, 7, replyStream, 0);

                final Throwable error = aeromq.awaitError("the dropped Hello",
                    ex -> String.valueOf(ex.getMessage()).contains("no usable reply stream"));
                assertTrue(error.getMessage().contains("stream " + replyStream), error.getMessage());
                assertTrue(error.getMessage().contains(bound.uri()), error.getMessage());
                Await.holds("no join and no answer", QUIET,
                    () -> pull.handler().joinCount() == 0 && peer.poll().welcomeNonces().isEmpty() &&
                    peer.rejectReasons().isEmpty());
            }
        }
    }

    @Test
    void aUdpHelloNamingNoReplyPortIsDroppedAndReported()
    {
        try (TestTransport aeromq = TestTransport.start("reply-port"))
        {
            final TestSocket pull = aeromq.open(SocketType.PULL);
            final Endpoint bound = pull.bind("udp://127.0.0.1:0");
            try (RawPeer peer = new RawPeer(aeromq.aeronDirectory(), bound))
            {
                peer.hello(WireReader.VERSION, SocketType.PUSH, 7, bound.streamId(), 0);

                final Throwable error = aeromq.awaitError("the dropped Hello",
                    ex -> String.valueOf(ex.getMessage()).contains("no usable reply stream"));
                assertTrue(error.getMessage().contains("port 0"), error.getMessage());
                Await.holds("no join", QUIET, () -> pull.handler().joinCount() == 0);
            }
        }
    }

    @Test
    void aMalformedWireMessageOnALinkedStreamIsReportedAndTheLinkStaysUp()
    {
        try (TestTransport aeromq = TestTransport.start("malformed"))
        {
            final TestSocket pull = aeromq.open(SocketType.PULL);
            final Endpoint bound = pull.bind("udp://127.0.0.1:0");
            try (RawPeer peer = new RawPeer(aeromq.aeronDirectory(), bound))
            {
                peer.hello(SocketType.PUSH, 7);
                final Link toPeer = pull.handler().awaitJoins(1);

                peer.raw(new byte[] {1, 2, 3}); // shorter than the header
                aeromq.awaitError("the short wire message", ex -> isMalformed(ex, peer, "shorter than"));
                peer.welcome(9); // well formed, but it has no place on a link
                aeromq.awaitError("the Welcome on a link", ex -> isMalformed(ex, peer, "no place on"));

                peer.data(Bytes.pattern(64, 6));
                final RecordingHandler.ReceivedMessage message = pull.handler().awaitReceived(1).get(0);
                assertTrue(message.link() == toPeer && toPeer.isActive());
                assertEquals(List.of(), pull.handler().leaveReasons());
            }
        }
    }

    private static boolean isMalformed(final Throwable error, final RawPeer peer, final String detail)
    {
        final String message = String.valueOf(error.getMessage());
        return message.startsWith("malformed wire message") && message.contains("session " + peer.sessionId()) &&
            message.contains(detail);
    }
}
