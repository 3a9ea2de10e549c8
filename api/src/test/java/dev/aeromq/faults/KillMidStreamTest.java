package dev.aeromq.faults;

import dev.aeromq.Communicator;
import dev.aeromq.PushSocket;
import dev.aeromq.Testing;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * kill -9 mid-stream: a PUSH sends at a steady rate to two PULLs in child JVMs, and one is SIGKILLed.
 * What the dead PULL had not taken is lost (ZeroMQ's rule: what was in flight to a dead peer); the
 * PUSH stops sending to it within the peer timeout plus a second; everything sent after that reaches
 * the other PULL; nothing arrives twice.
 */
class KillMidStreamTest
{
    private static final int RATE = 500;
    private static final int BEFORE_KILL = RATE;
    private static final int AFTER_DETECTION = RATE;
    private static final Duration PEER_TIMEOUT = Testing.config().build().peerTimeout();

    @Test
    void aKilledPullLosesOnlyWhatWasInFlightToItAndThePushGoesOnWithTheOther()
    {
        final Tally victim = new Tally();
        final Tally survivor = new Tally();
        try (Communicator comm = Testing.open())
        {
            final PushSocket push = comm.push().bind("udp://127.0.0.1:0");
            try (ChildPeer a = pull("pull-victim", push.endpoint(), victim);
                ChildPeer b = pull("pull-survivor", push.endpoint(), survivor))
            {
                a.awaitLine("READY");
                b.awaitLine("READY");
                push.awaitPeers(2, Testing.WAIT);

                final Paced paced = new Paced(RATE);
                long killedNs = 0;
                long killSeq = -1;
                long detectedNs = 0;
                long detectedSeq = -1;
                long seq;
                do
                {
                    seq = paced.awaitNext();
                    if (seq == BEFORE_KILL)
                    {
                        killedNs = a.kill();
                        killSeq = seq;
                    }
                    if (killSeq >= 0 && detectedSeq < 0 && push.peerCount() < 2)
                    {
                        detectedNs = System.nanoTime();
                        detectedSeq = seq;
                    }
                    if (killSeq >= 0 && detectedSeq < 0 && System.nanoTime() - killedNs > PEER_TIMEOUT.toNanos() * 5)
                    {
                        fail("the PUSH still counts the killed PULL as a peer " + PEER_TIMEOUT.multipliedBy(5) +
                            " after the kill");
                    }
                    b.jvm().checkHealthy("sending");
                    push.send(Payloads.of(seq, 64));
                }
                while (detectedSeq < 0 || seq < detectedSeq + AFTER_DETECTION);

                final long sent = seq + 1;
                final long lastSent = seq;
                Testing.await("the survivor to take everything sent after the detection",
                    () -> survivor.contains(lastSent));
                long lost = 0;
                long both = 0;
                long lostBeforeKill = 0;
                for (long i = 0; i < sent; i++)
                {
                    final boolean atVictim = victim.contains(i);
                    final boolean atSurvivor = survivor.contains(i);
                    both += atVictim && atSurvivor ? 1 : 0;
                    if (!atVictim && !atSurvivor)
                    {
                        lost++;
                        lostBeforeKill += i < killSeq ? 1 : 0;
                        assertTrue(i > victim.highest(), "message " + i + " was lost, but the victim took a later one");
                        assertTrue(i < detectedSeq, "message " + i + " was lost after the PUSH dropped the victim");
                    }
                }
                final Figures figures = Figures.of("kill.mid-stream").put("ratePerSecond", RATE).put("sent", sent)
                    .put("lost", lost).put("lostSentBeforeKill", lostBeforeKill)
                    .put("duplicates", both + victim.duplicates() + survivor.duplicates())
                    .put("acceptedBetweenKillAndDetection", detectedSeq - killSeq)
                    .put("peerTimeoutMs", PEER_TIMEOUT.toMillis()).millis("detectMs", killedNs, detectedNs);
                figures.record();
                assertEquals(0, figures.number("duplicates"), figures::toString);
                assertTrue(figures.number("detectMs") <= PEER_TIMEOUT.plusSeconds(1).toMillis(),
                    () -> "the dead PULL was detected late: " + figures);
            }
        }
    }

    private static ChildPeer pull(final String name, final String endpoint, final Tally tally)
    {
        return ChildPeer.builder(name, PullMain.class).args("connect", endpoint)
            .onLine(line -> record(line, tally)).start();
    }

    static void record(final String line, final Tally tally)
    {
        if (line.startsWith("GOT "))
        {
            tally.add(Long.parseLong(line.split(" ")[1]));
        }
    }
}
