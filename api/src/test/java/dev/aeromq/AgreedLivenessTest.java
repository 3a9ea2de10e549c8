package dev.aeromq;

import dev.aeromq.codec.Liveness;
import dev.aeromq.codec.WireReader;
import dev.aeromq.codec.sbe.HeartbeatDecoder;
import dev.aeromq.codec.sbe.HelloDecoder;
import dev.aeromq.testkit.Await;
import io.aeron.Aeron;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Heartbeat interval and peer timeout travel in the handshake and each link keeps the stricter of the
 * two sides' values, so differently configured peers judge their link the same way; a peer cannot talk
 * a link below the floors (10 ms, 3 intervals). Watched on the wire: a raw peer counts what an AeroMQ
 * socket sends it, and a spy subscription on a media driver counts what an AeroMQ socket sends another.
 */
class AgreedLivenessTest
{
    private static final Liveness FAST = new Liveness(TimeUnit.MILLISECONDS.toNanos(50),
        TimeUnit.MILLISECONDS.toNanos(600));
    private static final Duration WINDOW = Duration.ofMillis(1500);
    private static final Duration BEAT_EVERY = Duration.ofMillis(20);

    /** At most this many heartbeats of the 250 ms default fit in {@link #WINDOW}. */
    private static final int DEFAULT_RATE_MAX = (int)(WINDOW.toMillis() / 250) + 1;

    /**
     * @return test settings with the library's default liveness (250 ms heartbeat, 2 s peer timeout).
     */
    static Config.Builder defaultLiveness()
    {
        return Testing.config()
            .heartbeatInterval(Config.defaults().heartbeatInterval())
            .peerTimeout(Config.defaults().peerTimeout());
    }

    /**
     * @return test settings with a 100 ms heartbeat and a 1 s peer timeout.
     */
    static Config.Builder fastLiveness()
    {
        return Testing.config().heartbeatInterval(Duration.ofMillis(100)).peerTimeout(Duration.ofSeconds(1));
    }

    @Test
    void aBinderSendsHeartbeatsAtTheConnectorsShorterIntervalAndDropsItAtItsShorterTimeout()
    {
        try (Communicator comm = Communicator.open(defaultLiveness().build()))
        {
            final PullSocket pull = comm.pull().bind("udp://127.0.0.1:0");
            try (RawConnector peer = new RawConnector(comm, pull.endpoint()))
            {
                peer.hello(SocketType.PUSH, 42, 7, FAST, List.of());
                final KeepAlive keepAlive = new KeepAlive(peer, BEAT_EVERY);
                Testing.await("the Welcome", () -> keepAlive.beat() && peer.welcomeNonces().contains(7L));
                pull.awaitPeers(1, Testing.WAIT);

                final int before = peer.heartbeats();
                Await.holds("the link to stay up while the raw peer beats every " + BEAT_EVERY, WINDOW,
                    () -> keepAlive.beat() && pull.peerCount() == 1);
                final int heartbeats = peer.poll().heartbeats() - before;

                final int expected = (int)(WINDOW.toMillis() / 50);
                assertTrue(heartbeats > 2 * DEFAULT_RATE_MAX && heartbeats <= expected + 3,
                    "about " + expected + " Heartbeats at the agreed 50 ms in " + WINDOW + " (the PULL's own 250 ms " +
                    "would give at most " + DEFAULT_RATE_MAX + "): " + heartbeats);

                // Now the raw peer falls silent: the agreed 600 ms hold, not the PULL's 2 s.
                Testing.await("the silent peer to be dropped", () -> pull.peerCount() == 0);
                final long silentMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - keepAlive.lastBeatNs());
                assertTrue(silentMs >= 600 && silentMs < 2_000,
                    "dropped after the agreed 600 ms of silence, well before the PULL's own 2 s: " + silentMs + " ms");
            }
        }
    }

    @Test
    void aConnectorSendsItsHelloAtTheBindersShorterIntervalAndDropsItAtItsShorterTimeout()
    {
        try (Communicator comm = Communicator.open(defaultLiveness().build());
            RawBinder binder = new RawBinder(comm))
        {
            final PushSocket push = comm.push().connect(binder.endpoint());
            final RawBinder.Hello dialled = binder.awaitHello();
            binder.welcome(dialled, SocketType.PULL, FAST);
            push.awaitPeers(1, Testing.WAIT);

            final int before = binder.poll().hellos().size();
            final long[] lastBeatNs = {System.nanoTime()};
            Await.holds("the link to stay up while the raw binder beats every " + BEAT_EVERY, WINDOW, () ->
            {
                if (System.nanoTime() - lastBeatNs[0] >= BEAT_EVERY.toNanos())
                {
                    lastBeatNs[0] = System.nanoTime();
                    binder.heartbeat();
                }
                binder.poll();
                return push.peerCount() == 1;
            });
            final List<RawBinder.Hello> heartbeats = binder.hellos().subList(before, binder.hellos().size());

            final int expected = (int)(WINDOW.toMillis() / 50);
            assertTrue(heartbeats.size() > 2 * DEFAULT_RATE_MAX && heartbeats.size() <= expected + 3,
                "about " + expected + " Hellos at the agreed 50 ms in " + WINDOW + " (the PUSH's own 250 ms would " +
                "give at most " + DEFAULT_RATE_MAX + "): " + heartbeats.size());
            for (final RawBinder.Hello hello : heartbeats)
            {
                assertEquals(dialled.nonce(), hello.nonce(), "the heartbeat is the Hello of the same dial");
            }

            Testing.await("the silent binder to be dropped", () -> push.peerCount() == 0);
            final long silentMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastBeatNs[0]);
            assertTrue(silentMs >= 600 && silentMs < 2_000,
                "dropped after the agreed 600 ms of silence, well before the PUSH's own 2 s: " + silentMs + " ms");
        }
    }

    @Test
    void aHostileHelloAnnouncingOneNanosecondGetsTheFloorsNotAHeartbeatStorm()
    {
        try (Communicator comm = Communicator.open(defaultLiveness().build()))
        {
            final PullSocket pull = comm.pull().bind("udp://127.0.0.1:0");
            try (RawConnector peer = new RawConnector(comm, pull.endpoint()))
            {
                // The raw peer beats every 3 ms from its Hello on, within the 30 ms floor; a stall of a loaded
                // machine may still drop it, so the heartbeats are counted over the time the link was up.
                final long startNs = System.nanoTime();
                peer.hello(SocketType.PUSH, 42, 7, new Liveness(1, 1), List.of());
                final KeepAlive keepAlive = new KeepAlive(peer, Duration.ofMillis(3));
                Testing.await("the Welcome", () -> keepAlive.beat() && peer.welcomeNonces().contains(7L));
                final long[] upUntilNs = {0};
                Await.holds("the watch", Duration.ofMillis(500), () ->
                {
                    keepAlive.beat();
                    if (upUntilNs[0] == 0 && pull.peerCount() == 0)
                    {
                        upUntilNs[0] = System.nanoTime();
                    }
                    return true;
                });
                final long upMs = TimeUnit.NANOSECONDS.toMillis(
                    (upUntilNs[0] == 0 ? System.nanoTime() : upUntilNs[0]) - startNs);
                final int heartbeats = peer.poll().heartbeats();

                assertTrue(heartbeats >= 1, "the link lived past its first heartbeat (10 ms): a 1 ns timeout " +
                    "would have dropped it on the first timer pass");
                assertTrue(heartbeats <= upMs / 10 + 3,
                    "at most one Heartbeat per 10 ms floor over the " + upMs + " ms the link was up: " + heartbeats);

                Testing.await("the silent peer to be dropped", () -> pull.peerCount() == 0);
                final long silentMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - keepAlive.lastBeatNs());
                assertTrue(silentMs < 2_000, "dropped at the agreed floor, not the PULL's 2 s: " + silentMs + " ms");
            }
        }
    }

    @Test
    void aConnectorAtTheDefaultsBeatsAtTheBindersShorterInterval()
    {
        try (Communicator fast = Communicator.open(fastLiveness().build());
            Communicator defaults = Communicator.open(defaultLiveness().build()))
        {
            final PullSocket pull = fast.pull().bind("udp://127.0.0.1:0");
            final PushSocket push = defaults.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            pull.awaitPeers(1, Testing.WAIT);

            try (Spy hellos = new Spy(defaults, pull.endpoint()))
            {
                final Beats beats = hellos.beatsFor(WINDOW, HelloDecoder.TEMPLATE_ID,
                    () -> push.peerCount() == 1 && pull.peerCount() == 1);

                assertAgreedInterval(beats, "the default-configured PUSH's Hello");
            }
        }
    }

    @Test
    void aBinderAtTheDefaultsBeatsAtTheConnectorsShorterInterval()
    {
        try (Communicator fast = Communicator.open(fastLiveness().build());
            Communicator defaults = Communicator.open(defaultLiveness().build()))
        {
            final PullSocket pull = defaults.pull().bind("udp://127.0.0.1:0");
            final PushSocket push = fast.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            pull.awaitPeers(1, Testing.WAIT);

            final int replyPort;
            try (Spy hellos = new Spy(fast, pull.endpoint()))
            {
                replyPort = hellos.awaitReplyPort();
            }
            try (Spy heartbeats = new Spy(defaults, "udp://127.0.0.1:" + replyPort))
            {
                final Beats beats = heartbeats.beatsFor(WINDOW, HeartbeatDecoder.TEMPLATE_ID,
                    () -> push.peerCount() == 1 && pull.peerCount() == 1);

                assertAgreedInterval(beats, "the default-configured PULL's Heartbeat");
            }
        }
    }

    /**
     * The 100 ms the fast side announced holds on the default side: the typical gap between its beats is
     * well under its own 250 ms (a stall of a loaded machine lengthens a gap or two, never the median), and
     * it beats no more often than every 100 ms.
     */
    private static void assertAgreedInterval(final Beats beats, final String what)
    {
        final long expected = WINDOW.toMillis() / 100;
        assertTrue(beats.medianGapMs() < 175 && beats.count() <= expected + 3,
            what + " goes out every agreed 100 ms (about " + expected + " in " + WINDOW + "), not every 250 ms: " +
            beats);
    }

    /**
     * Beats seen in a window.
     *
     * @param count       how many.
     * @param medianGapMs the median time between two of them.
     */
    private record Beats(int count, long medianGapMs)
    {
    }

    /**
     * Keeps a raw connector's link alive with a Heartbeat every so often, reading the binder's answers.
     */
    private static final class KeepAlive
    {
        private final RawConnector peer;
        private final long everyNs;
        private long lastBeatNs;

        KeepAlive(final RawConnector peer, final Duration every)
        {
            this.peer = peer;
            this.everyNs = every.toNanos();
            this.lastBeatNs = System.nanoTime();
        }

        /**
         * @return true, for use in a condition.
         */
        boolean beat()
        {
            if (System.nanoTime() - lastBeatNs >= everyNs)
            {
                lastBeatNs = System.nanoTime();
                peer.heartbeat();
            }
            peer.poll();
            return true;
        }

        long lastBeatNs()
        {
            return lastBeatNs;
        }
    }

    /**
     * A spy subscription on a communicator's media driver: sees what a publication of that driver sends
     * to a UDP endpoint, without being a receiver of it.
     */
    private static final class Spy implements AutoCloseable, FragmentHandler
    {
        private final Aeron aeron;
        private final Subscription subscription;
        private final WireReader reader = new WireReader();
        private final List<Long> times = new ArrayList<>();
        private int timed = -1;
        private int replyPort;

        Spy(final Communicator comm, final String udpEndpoint)
        {
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(comm.aeronDirectory()));
            subscription = aeron.addSubscription(
                "aeron-spy:aeron:udp?endpoint=" + udpEndpoint.substring("udp://".length()),
                RawConnector.UDP_STREAM_ID);
            Testing.await("the spy to see the publication to " + udpEndpoint, () -> subscription.imageCount() > 0);
        }

        int awaitReplyPort()
        {
            Testing.await("a Hello naming its reply port", () ->
            {
                subscription.poll(this, 64);
                return replyPort != 0;
            });
            return replyPort;
        }

        /**
         * @param window     how long to watch.
         * @param templateId the wire message type to time.
         * @param linked     must hold throughout.
         * @return the wire messages of that type that went out in the window.
         */
        Beats beatsFor(final Duration window, final int templateId, final BooleanSupplier linked)
        {
            while (subscription.poll(this, 64) > 0)
            {
                // what went before the window does not count
            }
            timed = templateId;
            Await.holds("the link to stay up", window, () ->
            {
                subscription.poll(this, 64);
                return linked.getAsBoolean();
            });
            timed = -1;
            final List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < times.size(); i++)
            {
                gaps.add(TimeUnit.NANOSECONDS.toMillis(times.get(i) - times.get(i - 1)));
            }
            Collections.sort(gaps);
            return new Beats(times.size(), gaps.isEmpty() ? Long.MAX_VALUE : gaps.get(gaps.size() / 2));
        }

        @Override
        public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
        {
            final int templateId = reader.read(buffer, offset, length);
            if (templateId == timed)
            {
                times.add(System.nanoTime());
            }
            if (templateId == HelloDecoder.TEMPLATE_ID)
            {
                replyPort = reader.hello().replyPort();
            }
        }

        @Override
        public void close()
        {
            aeron.close();
        }
    }
}
