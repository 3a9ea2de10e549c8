package dev.aeromq;

import dev.aeromq.testkit.Background;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A SUB that says on the wire what no AeroMQ SUB would: more prefixes than a PUB holds for one SUB,
 * prefixes longer than the limit. The PUB refuses what is beyond the limits and reports it (rate-limited),
 * keeps what it accepted, and its engine keeps serving everyone else.
 */
class HostileSubscriberTest
{
    private static final int FLOOD = 70_000;
    private static final int HELD = 65_536;
    private static final int LONG_PREFIXES = 3;
    private static final int LONG_PREFIX_LENGTH = 5_000;

    /** How long a tick may take to reach the honest SUB: a liveness check, not a speed measure. */
    private static final Duration TICK_DEADLINE = Duration.ofSeconds(3);

    @Test
    void aSubFloodingPrefixesBeyondTheLimitsIsRefusedWhileThePubKeepsServing()
    {
        final ErrorLog errors = new ErrorLog();
        try (Communicator comm = Communicator.open(Testing.config().errorHandler(errors).build()))
        {
            final PubSocket pub = comm.pub().bind("udp://127.0.0.1:0");
            final SubSocket honest = comm.sub().connect(pub.endpoint());
            honest.subscribe("tick");
            pub.awaitPeers(1, Testing.WAIT);
            honest.awaitPeers(1, Testing.WAIT);

            try (RawConnector hostile = new RawConnector(comm, pub.endpoint()))
            {
                hostile.hello(SocketType.SUB, 7);
                Testing.await("the hostile SUB's Welcome", () -> hostile.poll().welcomeNonces().contains(7L));
                pub.awaitPeers(2, Testing.WAIT);

                final AtomicBoolean flooding = new AtomicBoolean(true);
                final Background<Integer> ticks = Background.platform("the honest SUB's ticks",
                    () -> ticks(pub, honest, flooding));

                for (int i = 0; i < LONG_PREFIXES; i++)
                {
                    hostile.prefix(true, ("L" + i).repeat(LONG_PREFIX_LENGTH / 2).getBytes(StandardCharsets.UTF_8));
                }
                for (int i = 0; i < FLOOD; i++)
                {
                    hostile.prefix(true, prefix(i).getBytes(StandardCharsets.UTF_8));
                }
                final long last = hostile.prefixSequence();
                final long beat = TimeUnit.MILLISECONDS.toNanos(200);
                final long[] lastBeatNs = {System.nanoTime()};
                Testing.await("the PUB to confirm all " + last + " Prefix wire messages", () ->
                {
                    if (System.nanoTime() - lastBeatNs[0] > beat)
                    {
                        lastBeatNs[0] = System.nanoTime();
                        hostile.heartbeat();
                    }
                    return hostile.poll().prefixesAcknowledged() >= last;
                });
                flooding.set(false);
                assertTrue(ticks.result() > 0, "the honest SUB was served during the flood");

                // What the PUB accepted still matches; what it refused does not. One link keeps order, so
                // once the marker arrives, anything published before it would have too.
                final List<String> published = new ArrayList<>(List.of(
                    prefix(42) + "/accepted",
                    prefix(HELD) + "/refused-the-65537th",
                    prefix(FLOOD - 1) + "/refused-the-70000th",
                    "L0".repeat(LONG_PREFIX_LENGTH / 2) + "/refused-too-long",
                    prefix(HELD - 1) + "/accepted-the-65536th",
                    prefix(0) + "/marker"));
                for (final String topic : published)
                {
                    pub.publish(topic, Message.of("x"));
                }
                Testing.await("the marker at the hostile SUB", () ->
                    hostile.poll().topics().contains(prefix(0) + "/marker"));
                assertEquals(List.of(prefix(42) + "/accepted", prefix(HELD - 1) + "/accepted-the-65536th",
                    prefix(0) + "/marker"), hostile.topics());
                assertEquals(2, pub.peerCount(), "the PUB keeps both SUBs");
                pub.publish("tick", Message.of("after"));
                assertEquals("after", Testing.receive(honest, "a tick after the flood").text());
            }

            final String limits = "a SUB may hold at most 65536 prefixes of at most 1024 bytes";
            assertTrue(errors.countContaining("a prefix of 5000 bytes was refused: " + limits) >= 1,
                "the too-long prefixes are reported, naming the limits: " + errors);
            assertTrue(errors.countContaining("a prefix of 7 bytes was refused: " + limits) >= 1,
                "the prefixes beyond the 65536th are reported, naming the limits: " + errors);
            assertTrue(errors.inFirstSecond() <= 101,
                "at most 100 errors a second reach the handler: " + errors.inFirstSecond() + " in the first");
            final int refused = LONG_PREFIXES + FLOOD - HELD;
            assertTrue(errors.entries().size() < refused,
                "the " + refused + " refusals were not all handed over one by one: " + errors);
        }
    }

    private static String prefix(final int index)
    {
        return String.format("h%06d", index);
    }

    /**
     * Publish a tick each time the last one arrived, until the flood is over.
     *
     * @return ticks received.
     */
    private static int ticks(final PubSocket pub, final SubSocket honest, final AtomicBoolean flooding)
    {
        int ticks = 0;
        while (flooding.get())
        {
            final long startNs = System.nanoTime();
            pub.publish("tick", Message.of("tick-" + ticks));
            final Optional<Message> tick = honest.receive(TICK_DEADLINE);
            final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
            if (tick.isEmpty())
            {
                throw new AssertionError("tick " + ticks + " did not reach the honest SUB within " + TICK_DEADLINE +
                    " while the hostile SUB flooded the PUB: its engine is stalled");
            }
            assertEquals("tick-" + ticks, tick.get().text(), "took " + tookMs + " ms");
            ticks++;
        }
        return ticks;
    }
}
