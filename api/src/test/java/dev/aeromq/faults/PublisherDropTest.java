package dev.aeromq.faults;

import dev.aeromq.Communicator;
import dev.aeromq.Message;
import dev.aeromq.PubSocket;
import dev.aeromq.SubSocket;
import dev.aeromq.Testing;
import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.Background;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A PUB that drops for slow subscribers (ZeroMQ's rule, the default) must drop nothing for a subscriber
 * that keeps up. Found by the loss suite ({@link LossTest}); reproduced here without loss, over IPC, with
 * a subscriber never more than a few dozen messages behind each publishing thread.
 */
class PublisherDropTest
{
    private static final int MESSAGES = 50_000;
    private static final int WINDOW = 32;

    @Test
    void aPubDropsNothingForASubscriberThatKeepsUpWhileTwoThreadsPublish()
    {
        try (Communicator comm = Communicator.open(Testing.config().heartbeatInterval(Duration.ofNanos(50_000))
            .build()))
        {
            final PubSocket pub = comm.pub().bind(Testing.ipc("keeps-up"));
            final SubSocket sub = comm.sub();
            sub.subscribe("t");
            sub.connect(pub.endpoint()).awaitPeers(1, Testing.WAIT);
            pub.awaitPeers(1, Testing.WAIT);
            final AtomicLongArray next = new AtomicLongArray(2); // per publishing thread: after its highest taken
            final Background<Tally> receiver = Background.platform("sub", () -> receive(sub, next));
            final Background<Integer> odd = Background.platform("publish-odd", () -> publish(pub, next, 1));
            publish(pub, next, 0);
            odd.result();
            final Tally tally = receiver.result();
            final Figures figures = Figures.of("pub.keeps-up").put("publishingThreads", 2).put("heartbeatUs", 50)
                .putAll(tally.figures(MESSAGES));
            figures.record();
            assertEquals(0, tally.lost(MESSAGES), figures::toString);
            assertEquals(0, tally.duplicates(), figures::toString);
        }
    }

    /**
     * Publish every second number from {@code parity}, never more than the window ahead of the highest
     * number the subscriber took (of either thread: a thread whose messages are all dropped goes on).
     */
    private static int publish(final PubSocket pub, final AtomicLongArray next, final int parity)
    {
        for (int seq = parity; seq < MESSAGES; seq += 2)
        {
            final long sent = seq;
            Await.await(() -> "the subscriber within " + WINDOW + " messages of " + sent + ": it awaits " + next,
                Testing.WAIT, () -> sent - Math.max(next.get(0), next.get(1)) < WINDOW);
            pub.publish("t", Payloads.of(seq, 16));
        }
        return MESSAGES / 2;
    }

    private static Tally receive(final SubSocket sub, final AtomicLongArray next)
    {
        final Tally tally = new Tally();
        while (true)
        {
            final Optional<Message> message = sub.receive(Duration.ofSeconds(2));
            if (message.isEmpty())
            {
                return tally;
            }
            final long seq = Payloads.check(message.get());
            tally.add(seq);
            next.accumulateAndGet((int)(seq & 1), seq + 2, Math::max);
        }
    }
}
