package dev.aeromq.faults;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loss: every pattern over UDP while Aeron's own loss generator drops 5% of the data frames each media
 * driver receives (its {@code DebugReceiveChannelEndpoint} with a {@code RandomLossGenerator}, set up
 * through Aeron's system properties in a child JVM: see {@link ChildPeer.Builder#lossy}). Both
 * communicators of a scenario live in that child, so every direction is lossy: data, handshakes,
 * heartbeats. Nothing may be lost, duplicated or reordered, and the drivers' NAK counts show that
 * frames really were lost and repaired. The scenarios are in {@link LossScenarios}.
 */
class LossTest
{
    private static final double LOSS_RATE = 0.05;
    private static final Duration BUDGET = Duration.ofMinutes(2);

    @Test
    void pushPullLosesNothingUnder5PercentLoss()
    {
        final Figures figures = runLossy("push-pull");
        assertEquals(LossScenarios.PUSH_PULL_MESSAGES, figures.number("sent"));
    }

    /**
     * A lost request or reply that is the last frame on its stream is only noticed when the next frame
     * shows the gap: an AeroMQ heartbeat or Aeron's own (after 100 ms idle). With the tests' 100 ms
     * heartbeat that is up to ~100 ms per such loss, ~20 s for 2,000 round trips; this child runs a
     * 20 ms heartbeat to fit the CI budget (the p99 figure shows the cost).
     */
    @Test
    void reqRepRoundTripsAllCompleteUnder5PercentLoss()
    {
        final Figures figures = runLossy("req-rep", "aeromq.heartbeat.interval", "20ms");
        assertEquals(LossScenarios.ROUND_TRIPS, figures.number("sent"));
    }

    @Test
    void pairLosesNothingEitherWayUnder5PercentLoss()
    {
        final Figures figures = runLossy("pair");
        assertEquals(LossScenarios.PAIR_MESSAGES, figures.number("bindToConnect"));
        assertEquals(LossScenarios.PAIR_MESSAGES, figures.number("connectToBind"));
    }

    @Test
    void pacedPubSubLosesNothingUnder5PercentLoss()
    {
        final Figures figures = runLossy("pub-sub");
        assertEquals(LossScenarios.PUB_SUB_MESSAGES, figures.number("sent"));
    }

    @Test
    void pacedPubSubWithAWaitingPublisherLosesNothingUnder5PercentLoss()
    {
        final Figures figures = runLossy("pub-sub", "aeromq.publisher.back.pressure", "wait");
        assertEquals(LossScenarios.PUB_SUB_MESSAGES, figures.number("sent"));
    }

    @Test
    void messagesLargerThanTheMtuArriveWholeUnder5PercentLoss()
    {
        final Figures figures = runLossy("large");
        assertEquals(LossScenarios.LARGE_MESSAGES, figures.number("sent"));
    }

    private static Figures runLossy(final String scenario, final String... settings)
    {
        final long seed = ThreadLocalRandom.current().nextLong(Long.MAX_VALUE); // -1 would be Aeron's "random"
        final ChildPeer.Builder builder = ChildPeer.builder("loss-" + scenario, LossMain.class)
            .lossy(LOSS_RATE, seed)
            .heap("512m")
            .args(scenario);
        for (int i = 0; i < settings.length; i += 2)
        {
            builder.setting(settings[i], settings[i + 1]);
        }
        try (ChildPeer child = builder.start())
        {
            child.awaitLine("DONE", BUDGET);
            final Figures figures = Figures.of("loss." + scenario).put("lossRate", LOSS_RATE).put("seed", seed)
                .put("settings", settings.length == 0 ? "-" : String.join("=", settings))
                .putAll(child.awaitLine("FIGURE "));
            figures.record();
            assertEquals(0, figures.number("lost"), () -> "lost under loss: " + figures);
            assertEquals(0, figures.number("duplicates"), () -> "duplicated under loss: " + figures);
            assertEquals(0, figures.number("outOfOrder"), () -> "reordered under loss: " + figures);
            assertTrue(figures.number("naks") > 0, () -> "the drivers repaired no loss: was any frame dropped? " +
                figures);
            return figures;
        }
    }
}
