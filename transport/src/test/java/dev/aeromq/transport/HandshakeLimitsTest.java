package dev.aeromq.transport;

import dev.aeromq.codec.Liveness;
import dev.aeromq.codec.WireWriter;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.Names;
import dev.aeromq.testkit.Ports;
import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What connectors that never complete their handshake can make a binding hold: at most
 * {@link Limits#MAX_PENDING_HANDSHAKES_PER_SOURCE} handshakes from one UDP source and
 * {@link Limits#MAX_PENDING_HANDSHAKES_PER_BINDING} in all, while an honest connector from elsewhere
 * still joins; and nothing beyond one fragment is read from a session that has not been admitted.
 */
class HandshakeLimitsTest
{
    private static final int CONNECTORS = 100;
    private static final Duration HELLO_EVERY = Duration.ofMillis(250);
    private static final Duration FLOOD = TestTransport.PEER_TIMEOUT.multipliedBy(2);

    @Test
    void hellosFromOneSourceHoldAtMostItsShareOfPendingHandshakes()
    {
        try (TestTransport aeromq = TestTransport.start("pending-per-source"))
        {
            final TestSocket pull = aeromq.open(SocketType.PULL);
            final Endpoint bound = pull.bind("udp://127.0.0.1:0");
            final int deadPort = Ports.freeUdpPort(); // nobody answers there: the handshakes never complete
            try (HelloFlood flood = new HelloFlood(aeromq.aeronDirectory(), bound.channel(), bound.streamId(),
                Endpoint.UDP_STREAM_ID, deadPort))
            {
                final PendingWatch watch = new PendingWatch(pull, "127.0.0.1");
                Await.await("the pending handshakes from 127.0.0.1 to reach their limit", Await.WAIT,
                    () -> flood.helloIfDue() && watch.sample() &&
                    watch.maxFromSource() >= Limits.MAX_PENDING_HANDSHAKES_PER_SOURCE);
                Await.holds("the flood to go on", FLOOD, () -> flood.helloIfDue() && watch.sample());

                assertEquals(Limits.MAX_PENDING_HANDSHAKES_PER_SOURCE, watch.maxFromSource(),
                    "pending handshakes from 127.0.0.1, at most: " + watch);
                assertEquals(Limits.MAX_PENDING_HANDSHAKES_PER_SOURCE, watch.maxInAll(), watch::toString);
                assertEquals(0, pull.handler().joinCount(), "none of the flood joined");
                assertTrue(flood.hellos() > 2 * CONNECTORS, "the flood kept saying Hello: " + flood.hellos());
            }
        }
    }

    @Test
    void aConnectorFromAnotherSourceJoinsWhileOneSourceFloods()
    {
        final String otherAddress = nonLoopbackAddress();
        assumeTrue(otherAddress != null, "this host has an IPv4 address besides the loopback");
        try (TestTransport aeromq = TestTransport.start("pending-other-source"))
        {
            final TestSocket pull = aeromq.open(SocketType.PULL);
            final Endpoint bound = pull.bind("udp://0.0.0.0:0");
            final int port = ((Endpoint.Udp)bound).port();
            final int deadPort = Ports.freeUdpPort();
            try (HelloFlood flood = new HelloFlood(aeromq.aeronDirectory(), "aeron:udp?endpoint=127.0.0.1:" + port,
                bound.streamId(), Endpoint.UDP_STREAM_ID, deadPort))
            {
                final PendingWatch watch = new PendingWatch(pull, "127.0.0.1");
                Await.await("the pending handshakes from 127.0.0.1 to reach their limit", Await.WAIT,
                    () -> flood.helloIfDue() && watch.sample() &&
                    watch.maxFromSource() >= Limits.MAX_PENDING_HANDSHAKES_PER_SOURCE);

                final long joinStartNs = System.nanoTime();
                final TestSocket push = aeromq.open(SocketType.PUSH);
                push.connect("udp://" + otherAddress + ":" + port);
                Await.await("the honest connector from " + otherAddress + " to join",
                    TestTransport.PEER_TIMEOUT.plusSeconds(5),
                    () -> flood.helloIfDue() && watch.sample() && pull.handler().joinCount() == 1);
                final long joinMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - joinStartNs);
                Await.holds("the flood to go on", TestTransport.PEER_TIMEOUT,
                    () -> flood.helloIfDue() && watch.sample());

                assertEquals(Limits.MAX_PENDING_HANDSHAKES_PER_SOURCE, watch.maxFromSource(), watch::toString);
                assertTrue(watch.maxInAll() <= Limits.MAX_PENDING_HANDSHAKES_PER_BINDING, watch::toString);
                assertEquals(1, pull.handler().joinCount(), "the honest connector only");
                assertTrue(pull.handler().events(RecordingHandler.Joined.class).get(0).link().isActive());
                assertTrue(joinMs < TestTransport.PEER_TIMEOUT.toMillis() + 5_000, "joined after " + joinMs + " ms");
            }
        }
    }

    @Test
    void ipcHellosHoldAtMostThePendingHandshakesOfABinding()
    {
        try (TestTransport aeromq = TestTransport.start("pending-per-binding"))
        {
            final TestSocket pull = aeromq.open(SocketType.PULL);
            final Endpoint bound = pull.bind(Names.ipc("pending-per-binding"));
            // a reply stream in the reply range nobody subscribes to: the handshakes never complete
            try (HelloFlood flood = new HelloFlood(aeromq.aeronDirectory(), "aeron:ipc", bound.streamId(),
                Channels.REPLY_STREAM_MAX - 7, 0))
            {
                final PendingWatch watch = new PendingWatch(pull, null);
                Await.await("the pending handshakes to reach the binding's limit", Await.WAIT,
                    () -> flood.helloIfDue() && watch.sample() &&
                    watch.maxInAll() >= Limits.MAX_PENDING_HANDSHAKES_PER_BINDING);
                Await.holds("the flood to go on", FLOOD, () -> flood.helloIfDue() && watch.sample());

                assertEquals(Limits.MAX_PENDING_HANDSHAKES_PER_BINDING, watch.maxInAll(),
                    "pending handshakes, at most: " + watch);
                assertEquals(0, pull.handler().joinCount());
            }
        }
    }

    @Test
    void aFragmentedWireMessageFromASessionNotAdmittedIsIgnored()
    {
        try (TestTransport aeromq = TestTransport.start("unadmitted-fragments"))
        {
            final TestSocket pull = aeromq.open(SocketType.PULL);
            final Endpoint bound = pull.bind("udp://127.0.0.1:0");
            try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeromq.aeronDirectory())))
            {
                final Subscription reply = aeron.addSubscription("aeron:udp?endpoint=127.0.0.1:0",
                    Endpoint.UDP_STREAM_ID);
                final ExclusivePublication stranger =
                    aeron.addExclusivePublication(bound.channel() + "|mtu=1408", Endpoint.UDP_STREAM_ID);
                Await.await("the stranger's streams", () -> stranger.isConnected() && reply.resolvedEndpoint() != null);
                final String resolved = reply.resolvedEndpoint();
                final int replyPort = Integer.parseInt(resolved.substring(resolved.lastIndexOf(':') + 1));

                // Garbage, and a well-formed Hello, each longer than one fragment.
                final UnsafeBuffer garbage = new UnsafeBuffer(new byte[20_000]);
                garbage.setMemory(0, garbage.capacity(), (byte)0x5A);
                offer(stranger, garbage, garbage.capacity());
                final UnsafeBuffer hello = new UnsafeBuffer(new byte[16 * 1024]);
                final List<byte[]> prefixes = Collections.nCopies(8, new byte[1000]);
                final int helloLength = new WireWriter().hello(hello, 0, SocketType.PUSH, 42, 7,
                    Endpoint.UDP_STREAM_ID, replyPort, 1L << 30, new Liveness(100_000_000L, 2_000_000_000L), prefixes);
                assertTrue(helloLength > stranger.maxPayloadLength(), "the Hello spans fragments");
                offer(stranger, hello, helloLength);

                Await.holds("no answer, no join, no report", Duration.ofMillis(500),
                    () -> reply.poll((buffer, offset, length, header) -> fail(), 8) == 0 &&
                    pull.handler().joinCount() == 0 && aeromq.errors().isEmpty());

                // One fragment from the same session is read: garbage is reported, a Hello answered.
                offer(stranger, new UnsafeBuffer(new byte[] {1, 2, 3}), 3);
                aeromq.awaitError("the one-fragment garbage", (ex) -> String.valueOf(ex.getMessage())
                    .contains("from session " + stranger.sessionId()));
                final int shortLength = new WireWriter().hello(hello, 0, SocketType.PUSH, 42, 8,
                    Endpoint.UDP_STREAM_ID, replyPort, 1L << 30, new Liveness(100_000_000L, 2_000_000_000L), List.of());
                offer(stranger, hello, shortLength);
                pull.handler().awaitJoins(1);
                assertEquals(1, aeromq.errors().size(), () -> "only the one-fragment garbage: " + aeromq.errors());
            }
        }
    }

    /**
     * @return an IPv4 address of this host other than the loopback's, or null.
     */
    private static String nonLoopbackAddress()
    {
        try
        {
            for (final NetworkInterface networkInterface : Collections.list(NetworkInterface.getNetworkInterfaces()))
            {
                if (!networkInterface.isUp() || networkInterface.isLoopback())
                {
                    continue;
                }
                for (final InetAddress address : Collections.list(networkInterface.getInetAddresses()))
                {
                    if (address instanceof Inet4Address)
                    {
                        return address.getHostAddress();
                    }
                }
            }
            return null;
        }
        catch (final SocketException ex)
        {
            return null;
        }
    }

    private static void fail()
    {
        throw new AssertionError("the binder answered a Hello that spanned fragments");
    }

    private static void offer(final ExclusivePublication publication, final DirectBuffer buffer, final int length)
    {
        Await.await("the stranger to send " + length + " bytes", () -> publication.offer(buffer, 0, length) > 0);
    }

    /**
     * Samples a socket's pending handshakes on its duty thread (they are engine-confined), one sample at a
     * time, keeping the highest.
     */
    private static final class PendingWatch
    {
        private final TestSocket socket;
        private final String source;
        private final AtomicInteger maxFromSource = new AtomicInteger();
        private final AtomicInteger maxInAll = new AtomicInteger();
        private CompletableFuture<Void> sampling = CompletableFuture.completedFuture(null);
        private int samples;

        PendingWatch(final TestSocket socket, final String source)
        {
            this.socket = socket;
            this.source = source;
        }

        /**
         * @return true, for use in a condition.
         */
        boolean sample()
        {
            if (sampling.isDone())
            {
                final CompletableFuture<Void> next = new CompletableFuture<>();
                sampling = next;
                samples++;
                socket.engine().execute(socket.streams(), () ->
                {
                    if (source != null)
                    {
                        maxFromSource.accumulateAndGet(socket.streams().pendingHandshakes(source), Math::max);
                    }
                    maxInAll.accumulateAndGet(socket.streams().pendingHandshakes(null), Math::max);
                    next.complete(null);
                });
            }
            return true;
        }

        int maxFromSource()
        {
            return maxFromSource.get();
        }

        int maxInAll()
        {
            return maxInAll.get();
        }

        @Override
        public String toString()
        {
            return "at most " + maxFromSource + " from " + source + ", " + maxInAll + " in all, over " + samples +
                " samples";
        }
    }

    /**
     * Connectors that never complete a handshake: one Aeron session each (an exclusive publication), all
     * from one raw client, each saying Hello every {@link #HELLO_EVERY} and naming a reply stream nobody
     * answers on.
     */
    private static final class HelloFlood implements AutoCloseable
    {
        private final Aeron aeron;
        private final List<ExclusivePublication> publications = new ArrayList<>();
        private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        private final int length;
        private long nextNs;
        private long hellos;

        HelloFlood(
            final String aeronDirectory,
            final String channel,
            final int streamId,
            final int replyStreamId,
            final int replyPort)
        {
            length = new WireWriter().hello(buffer, 0, SocketType.PUSH, 666, 13, replyStreamId, replyPort, 1L << 30,
                new Liveness(100_000_000L, 2_000_000_000L), List.of());
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDirectory));
            try
            {
                final String small = channel + (channel.contains("?") ? "|" : "?") + "term-length=65536";
                for (int i = 0; i < CONNECTORS; i++)
                {
                    publications.add(aeron.addExclusivePublication(small, streamId));
                }
                Await.await("the flood's " + CONNECTORS + " streams to connect",
                    () -> publications.stream().allMatch(ExclusivePublication::isConnected));
            }
            catch (final RuntimeException | Error ex)
            {
                aeron.close();
                throw ex;
            }
        }

        /**
         * @return true, for use in a condition.
         */
        boolean helloIfDue()
        {
            final long nowNs = System.nanoTime();
            if (nowNs - nextNs >= 0)
            {
                nextNs = nowNs + HELLO_EVERY.toNanos();
                for (final ExclusivePublication publication : publications)
                {
                    if (publication.offer(buffer, 0, length) > 0)
                    {
                        hellos++;
                    }
                }
            }
            return true;
        }

        long hellos()
        {
            return hellos;
        }

        @Override
        public void close()
        {
            aeron.close();
        }
    }
}
