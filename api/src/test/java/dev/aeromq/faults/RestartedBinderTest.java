package dev.aeromq.faults;

import dev.aeromq.Communicator;
import dev.aeromq.Config;
import dev.aeromq.PushSocket;
import dev.aeromq.Testing;
import dev.aeromq.testkit.Ports;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A restarted binder on the same UDP endpoint: a PULL in a child JVM bound on a fixed port is SIGKILLed
 * while a PUSH sends to it at a steady rate, and a new PULL (another child, started beforehand so no
 * JVM start-up is measured) binds the same port. The PUSH must recognise the new binder at once (its
 * first frame or the PUSH's next Hello), within the heartbeat interval plus a second, not only when the
 * old peer times out; the peer timeout here is long (10 s, on both sides: a link keeps the stricter of
 * its two ends') so the two cannot be confused.
 */
class RestartedBinderTest
{
    private static final int RATE = 500;
    private static final Duration HEARTBEAT = Duration.ofMillis(100);
    private static final Duration PEER_TIMEOUT = Duration.ofSeconds(10);
    private static final long BOUND_MS = HEARTBEAT.plusSeconds(1).toMillis();
    private static final int AFTER_FLOW = RATE / 2;

    @Test
    void aPullRestartedOnTheSameEndpointGetsMessagesWithinAHeartbeatPlusASecond()
    {
        final String endpoint = "udp://127.0.0.1:" + Ports.freeUdpPort();
        final Tally first = new Tally();
        final Tally second = new Tally();
        final Config config = Testing.config().heartbeatInterval(HEARTBEAT).peerTimeout(PEER_TIMEOUT).build();
        try (Communicator comm = Communicator.open(config);
            ChildPeer old = pull("pull-old", "bind", endpoint, first);
            ChildPeer restarted = pull("pull-new", "bind-on-command", endpoint, second))
        {
            old.awaitLine("READY");
            restarted.awaitLine("WAITING");
            final PushSocket push = comm.push().connect(endpoint).awaitPeers(1, Testing.WAIT);

            final Paced paced = new Paced(RATE);
            long killedNs = 0;
            long boundNs = 0;
            long boundSeq = -1;
            long flowNs = 0;
            long flowSeq = -1;
            long seq;
            do
            {
                seq = paced.awaitNext();
                if (seq == RATE)
                {
                    killedNs = old.kill();
                    restarted.jvm().send("BIND");
                }
                if (killedNs != 0 && boundSeq < 0 && restarted.jvm().line("BOUND").isPresent())
                {
                    boundNs = System.nanoTime();
                    boundSeq = seq;
                }
                if (boundSeq >= 0 && flowSeq < 0 && second.received() > 0)
                {
                    flowNs = System.nanoTime();
                    flowSeq = seq;
                }
                if (boundSeq >= 0 && flowSeq < 0 && System.nanoTime() - boundNs > PEER_TIMEOUT.toNanos() * 2)
                {
                    fail("nothing reached the restarted PULL " + PEER_TIMEOUT.multipliedBy(2) + " after it bound");
                }
                restarted.jvm().checkHealthy("sending");
                push.send(Payloads.of(seq, 64));
            }
            while (flowSeq < 0 || seq < flowSeq + AFTER_FLOW);

            final long lastSent = seq;
            Testing.await("the restarted PULL to take the last message", () -> second.contains(lastSent));
            long lost = 0;
            long lostAfterBound = 0;
            long both = 0;
            for (long i = 0; i <= lastSent; i++)
            {
                final boolean atFirst = first.contains(i);
                final boolean atSecond = second.contains(i);
                both += atFirst && atSecond ? 1 : 0;
                if (!atFirst && !atSecond)
                {
                    lost++;
                    lostAfterBound += i >= boundSeq ? 1 : 0;
                }
            }
            final Figures figures = Figures.of("kill.restarted-binder").put("ratePerSecond", RATE)
                .put("sent", lastSent + 1).put("lost", lost).put("lostAfterNewBinderBound", lostAfterBound)
                .put("duplicates", both + first.duplicates() + second.duplicates())
                .put("heartbeatMs", HEARTBEAT.toMillis()).put("peerTimeoutMs", PEER_TIMEOUT.toMillis())
                .millis("killToBoundMs", killedNs, boundNs).millis("boundToFlowMs", boundNs, flowNs);
            figures.record();
            assertEquals(0, figures.number("duplicates"), figures::toString);
            assertTrue(figures.number("boundToFlowMs") <= BOUND_MS,
                () -> "the restarted binder was recognised late: " + figures);
        }
    }

    private static ChildPeer pull(final String name, final String mode, final String endpoint, final Tally tally)
    {
        return ChildPeer.builder(name, PullMain.class).args(mode, endpoint)
            .setting("aeromq.heartbeat.interval", HEARTBEAT.toMillis() + "ms")
            .setting("aeromq.peer.timeout", PEER_TIMEOUT.toSeconds() + "s")
            .onLine(line -> KillMidStreamTest.record(line, tally)).start();
    }
}
