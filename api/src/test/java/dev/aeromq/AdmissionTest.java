package dev.aeromq;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admission policy ({@link Config.Builder#admission}): a predicate over what the network says of a
 * connecting peer, run off the engine thread. A refused peer's {@code awaitPeers} fails with the reason;
 * a policy that throws or does not answer in time refuses too; one that blocks holds up nobody else.
 */
class AdmissionTest
{
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void aPolicyRefusesBySocketTypeAndSeesThePeerAsTheNetworkPresentsIt(final Testing.Transport transport)
    {
        final Queue<Peer> asked = new ConcurrentLinkedQueue<>();
        try (Communicator comm = Communicator.open(Testing.config()
            .admission(recording(asked, (peer) -> peer.type() != SocketType.SUB)).build()))
        {
            final PullSocket pull = comm.pull().bind(transport.bindable("by-type-pull"));
            final PubSocket pub = comm.pub().bind(transport.bindable("by-type-pub"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            final SubSocket sub = comm.sub().connect(pub.endpoint());

            push.awaitPeers(1, Testing.WAIT);
            final IncompatiblePeerException refused =
                assertThrows(IncompatiblePeerException.class, () -> sub.awaitPeers(1, Testing.WAIT));
            assertRefusedByPolicy(refused, pub.endpoint(), "SUB");
            assertEquals(1, pull.peerCount());
            assertEquals(0, pub.peerCount());

            final Peer pushAsked = asked.stream().filter((peer) -> peer.type() == SocketType.PUSH).findFirst()
                .orElseThrow();
            assertEquals(pull.endpoint(), pushAsked.endpoint(), "the endpoint it connected to");
            if (transport == Testing.Transport.UDP)
            {
                assertTrue(pushAsked.address().matches("127\\.0\\.0\\.1:\\d+"), pushAsked.address());
            }
            else
            {
                assertEquals("aeron:ipc", pushAsked.address(), "a process on the same media driver");
            }
            final Peer subAsked = asked.stream().filter((peer) -> peer.type() == SocketType.SUB).findFirst()
                .orElseThrow();
            assertEquals(pub.endpoint(), subAsked.endpoint());
        }
    }

    @Test
    void aPolicyRefusesByAddressAndSeesTheSocketIdTheHelloClaims()
    {
        final Queue<Peer> asked = new ConcurrentLinkedQueue<>();
        final AtomicInteger allowedPort = new AtomicInteger(-1);
        try (Communicator comm = Communicator.open(Testing.config()
            .admission(recording(asked, (peer) -> peer.address().equals("127.0.0.1:" + allowedPort.get()))).build()))
        {
            final PullSocket pull = comm.pull().bind("udp://127.0.0.1:0");
            final PushSocket stranger = comm.push().connect(pull.endpoint());
            final IncompatiblePeerException refused =
                assertThrows(IncompatiblePeerException.class, () -> stranger.awaitPeers(1, Testing.WAIT));
            assertRefusedByPolicy(refused, pull.endpoint(), "PUSH");

            try (RawConnector known = new RawConnector(comm, pull.endpoint()))
            {
                allowedPort.set(known.sourcePort());
                known.hello(SocketType.PUSH, 4242, 7, RawConnector.DEFAULT_LIVENESS, List.of());

                Testing.await("the known peer's Welcome", () -> known.poll().welcomeNonces().contains(7L));
                final Peer knownAsked = asked.stream().filter((peer) -> peer.socketId() == 4242).findFirst()
                    .orElseThrow();
                assertEquals(new Peer(pull.endpoint(), "127.0.0.1:" + known.sourcePort(), SocketType.PUSH, 4242),
                    knownAsked);
                assertEquals(1, pull.peerCount(), "the known peer only");
            }
        }
    }

    @Test
    void aPolicyRefusesByEndpoint()
    {
        final AtomicReference<String> closed = new AtomicReference<>();
        try (Communicator comm = Communicator.open(Testing.config()
            .admission((peer) -> !peer.endpoint().equals(closed.get())).build()))
        {
            final PullSocket open = comm.pull().bind("udp://127.0.0.1:0");
            final PullSocket internal = comm.pull().bind("udp://127.0.0.1:0");
            closed.set(internal.endpoint());

            final PushSocket toOpen = comm.push().connect(open.endpoint());
            final PushSocket toInternal = comm.push().connect(internal.endpoint());

            toOpen.awaitPeers(1, Testing.WAIT);
            final IncompatiblePeerException refused =
                assertThrows(IncompatiblePeerException.class, () -> toInternal.awaitPeers(1, Testing.WAIT));
            assertRefusedByPolicy(refused, internal.endpoint(), "PUSH");
            assertEquals(0, internal.peerCount());
        }
    }

    @Test
    void aPolicyThatThrowsRefusesNamingTheFailureAndReportsIt()
    {
        final ErrorLog errors = new ErrorLog();
        final IllegalStateException boom = new IllegalStateException("the policy's directory is unreachable");
        try (Communicator comm = Communicator.open(Testing.config().errorHandler(errors)
            .admission((peer) ->
            {
                throw boom;
            }).build()))
        {
            final PullSocket pull = comm.pull().bind("udp://127.0.0.1:0");
            final PushSocket push = comm.push().connect(pull.endpoint());

            final IncompatiblePeerException refused =
                assertThrows(IncompatiblePeerException.class, () -> push.awaitPeers(1, Testing.WAIT));
            final String message = refused.getMessage();
            assertTrue(message.contains("the admission policy of " + pull.endpoint() + " failed"), message);
            assertTrue(message.contains("the policy's directory is unreachable"), "names the failure: " + message);

            Testing.await("the policy's exception at the error handler", () -> errors.count((e) -> e == boom) > 0);
            assertEquals(0, pull.peerCount());
        }
    }

    @Test
    void aPolicySlowerThanThePeerTimeoutRefusesAtTheHandshakeDeadline()
    {
        final CountDownLatch answer = new CountDownLatch(1);
        final Duration peerTimeout = Duration.ofSeconds(1);
        try (Communicator comm = Communicator.open(Testing.config()
            .heartbeatInterval(Duration.ofMillis(100)).peerTimeout(peerTimeout)
            .admission((peer) -> awaitQuietly(answer)).build()))
        {
            final PullSocket pull = comm.pull().bind("udp://127.0.0.1:0");
            final long startNs = System.nanoTime();
            final PushSocket push = comm.push().connect(pull.endpoint());

            final IncompatiblePeerException refused =
                assertThrows(IncompatiblePeerException.class, () -> push.awaitPeers(1, Testing.WAIT));
            final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
            final String message = refused.getMessage();
            assertTrue(message.contains("the admission policy of " + pull.endpoint() +
                " did not answer within the handshake deadline"), message);
            assertTrue(tookMs >= peerTimeout.toMillis(), "refused at the deadline, not before: " + tookMs + " ms");
            assertEquals(0, pull.peerCount());
        }
        finally
        {
            answer.countDown();
        }
    }

    @Test
    void aPolicyThatBlocksHoldsUpNoOtherSocketOfTheCommunicator()
    {
        final CountDownLatch answer = new CountDownLatch(1);
        final CountDownLatch asked = new CountDownLatch(1);
        final AtomicReference<String> slow = new AtomicReference<>();
        try (Communicator comm = Communicator.open(Testing.config()
            .admission((peer) -> !peer.endpoint().equals(slow.get()) || blockUntil(asked, answer)).build()))
        {
            final PullSocket linked = comm.pull().bind("udp://127.0.0.1:0");
            final PushSocket linkedPush = comm.push().connect(linked.endpoint());
            linkedPush.awaitPeers(1, Testing.WAIT);

            final PullSocket held = comm.pull().bind("udp://127.0.0.1:0");
            slow.set(held.endpoint());
            final PushSocket waiting = comm.push().connect(held.endpoint());
            Testing.await("the policy to be asked about the held endpoint", () -> asked.getCount() == 0);

            // While the policy blocks: traffic on a linked pair, and a whole new handshake, go on.
            for (int i = 0; i < 100; i++)
            {
                linkedPush.send(Message.of("m" + i));
                assertEquals("m" + i, Testing.receive(linked, "message " + i + " while the policy blocks").text());
            }
            final PullSocket fresh = comm.pull().bind(Testing.ipc("admission-fresh"));
            final PushSocket freshPush = comm.push().connect(fresh.endpoint());
            freshPush.awaitPeers(1, Testing.WAIT);
            freshPush.send(Message.of("fresh"));
            assertEquals("fresh", Testing.receive(fresh, "a message over a link made while the policy blocks").text());
            assertEquals(0, waiting.peerCount(), "the held peer waits for the policy");

            answer.countDown();
            waiting.awaitPeers(1, Testing.WAIT);
        }
        finally
        {
            answer.countDown();
        }
    }

    private static Predicate<Peer> recording(final Queue<Peer> asked, final Predicate<Peer> policy)
    {
        return (peer) ->
        {
            asked.add(peer);
            return policy.test(peer);
        };
    }

    private static void assertRefusedByPolicy(
        final IncompatiblePeerException refused, final String endpoint, final String type)
    {
        final String message = refused.getMessage();
        assertTrue(message.contains("the peer at " + endpoint + " refused this " + type + " socket"),
            "names the endpoint and the socket: " + message);
        assertTrue(message.contains("refused by the admission policy of " + endpoint), "names the cause: " + message);
    }

    private static boolean blockUntil(final CountDownLatch asked, final CountDownLatch answer)
    {
        asked.countDown();
        return awaitQuietly(answer);
    }

    private static boolean awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            return latch.await(1, TimeUnit.MINUTES);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
