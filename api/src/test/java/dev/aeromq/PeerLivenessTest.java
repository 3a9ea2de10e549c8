package dev.aeromq;

import dev.aeromq.codec.Liveness;
import dev.aeromq.codec.WireReader;
import dev.aeromq.codec.WireWriter;
import dev.aeromq.codec.sbe.MessageHeaderEncoder;
import dev.aeromq.codec.sbe.RejectDecoder;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.codec.sbe.WelcomeDecoder;
import dev.aeromq.testkit.Await;
import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Liveness and handshake checks against a hand-driven peer that speaks the wire protocol over a raw
 * Aeron client: it can fall silent while its stream stays open, which no AeroMQ socket would do.
 */
class PeerLivenessTest
{
    private static final int UDP_STREAM_ID = 1001;

    @Test
    void aPeerThatFallsSilentIsDroppedAfterThePeerTimeout()
    {
        try (Communicator comm = Testing.open();
            RawPeer peer = new RawPeer(comm, WireReader.VERSION, SocketType.PUSH))
        {
            final PullSocket pull = comm.pull().bind("udp://127.0.0.1:0");
            peer.hello(pull.endpoint());
            pull.awaitPeers(1, Testing.WAIT);
            Testing.await("the raw peer to receive WELCOME", () -> peer.poll(WelcomeDecoder.TEMPLATE_ID));

            // The raw peer now sends nothing, no heartbeat either, but its publication stays open.
            final long silentSince = System.nanoTime();
            Testing.await("the silent peer to be dropped", () -> pull.peerCount() == 0);
            final long silentMs = (System.nanoTime() - silentSince) / 1_000_000;
            assertTrue(silentMs >= 1_500, "dropped after the 2 s peer timeout, not before: " + silentMs + " ms");
        }
    }

    /**
     * A socket that leaves a peer's messages unread excuses its silence (its heartbeats wait behind them), but not
     * once the peer is gone: the peer leaves within the peer timeout though nobody polls or receives, here a PULL
     * read with poll that stopped polling, holding messages of a PUSH that then closed.
     */
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void aPeerThatGoesWhileItsMessagesWaitUnreadIsNoticedWithoutAPoll(final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull().bind(transport.bindable("liveness-unread"));
            final PushSocket push = comm.push();
            push.linger(Duration.ZERO);
            push.connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            pull.awaitPeers(1, Testing.WAIT);
            assertEquals(0, pull.poll(view -> fail("nothing was sent"), 1)); // poll mode: messages wait in the log
            for (int i = 0; i < 3; i++)
            {
                push.send(Message.of("unread " + i));
            }
            Await.holds("the PULL to keep its peer while the messages wait unread and the PUSH lives",
                Duration.ofMillis(2_500), () -> pull.peerCount() == 1); // longer than the 2 s peer timeout

            push.close();
            Testing.await("the PULL to notice its peer went, with no poll", () -> pull.peerCount() == 0);
        }
    }

    @Test
    void aHelloOfAnotherProtocolVersionIsRejectedWithTheReason()
    {
        try (Communicator comm = Testing.open();
            RawPeer peer = new RawPeer(comm, WireReader.VERSION + 1, SocketType.PUSH))
        {
            final PullSocket pull = comm.pull().bind("udp://127.0.0.1:0");
            peer.hello(pull.endpoint());
            Testing.await("the raw peer to receive REJECT", () -> peer.poll(RejectDecoder.TEMPLATE_ID));
            assertTrue(peer.rejectReason.get().contains("protocol version " + (WireReader.VERSION + 1)),
                peer.rejectReason.get());
            assertEquals(0, pull.peerCount());
        }
    }

    /**
     * A connector built from a raw Aeron client and the SBE codecs.
     */
    private static final class RawPeer implements AutoCloseable
    {
        private final Aeron aeron;
        private final Subscription reply;
        private final int protocolVersion;
        private final SocketType type;
        private final WireReader reader = new WireReader();
        private final Set<Integer> seen = ConcurrentHashMap.newKeySet();
        private final AtomicReference<String> rejectReason = new AtomicReference<>();
        private ExclusivePublication publication;

        RawPeer(final Communicator comm, final int protocolVersion, final SocketType type)
        {
            this.aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(comm.aeronDirectory()));
            this.reply = aeron.addSubscription("aeron:udp?endpoint=127.0.0.1:0", UDP_STREAM_ID);
            this.protocolVersion = protocolVersion;
            this.type = type;
        }

        void hello(final String endpoint)
        {
            final String hostPort = endpoint.substring("udp://".length());
            publication = aeron.addExclusivePublication("aeron:udp?endpoint=" + hostPort, UDP_STREAM_ID);
            Testing.await("the raw peer's streams to connect", () -> publication.isConnected() &&
                reply.resolvedEndpoint() != null);
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
            final String replyEndpoint = reply.resolvedEndpoint();
            final int replyPort = Integer.parseInt(replyEndpoint.substring(replyEndpoint.lastIndexOf(':') + 1));
            final int length =
                new WireWriter().hello(buffer, 0, type, 42, 7, UDP_STREAM_ID, replyPort, 1L << 30,
                    new Liveness(100_000_000L, 2_000_000_000L), List.of());
            new MessageHeaderEncoder().wrap(buffer, 0).version(protocolVersion);
            Testing.await("the HELLO to be sent", () -> publication.offer(buffer, 0, length) > 0);
        }

        /**
         * @return true once a wire message of this type has arrived.
         */
        boolean poll(final int templateId)
        {
            reply.poll((buffer, offset, length, header) ->
            {
                final int template = reader.read(buffer, offset, length);
                if (template == RejectDecoder.TEMPLATE_ID)
                {
                    rejectReason.set(reader.reject().reason());
                }
                seen.add(template);
            }, 10);
            return seen.contains(templateId);
        }

        @Override
        public void close()
        {
            aeron.close();
        }
    }
}
