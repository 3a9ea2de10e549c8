package dev.aeromq.transport;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The rate at which a binding starts new handshakes ({@link HandshakeGate}): a burst of
 * {@link Limits#MAX_NEW_HANDSHAKES_PER_SECOND}, then that many a second, whatever the Hellos; and the
 * source a Hello is counted against.
 */
class HandshakeGateTest
{
    private static final long START_NS = TimeUnit.SECONDS.toNanos(1000);
    private static final String SOURCE = "127.0.0.1";

    @Test
    void newHandshakesStartAtMostAtTheRateAfterABurstOfIt()
    {
        final HandshakeGate gate = new HandshakeGate();

        assertEquals(Limits.MAX_NEW_HANDSHAKES_PER_SECOND, admitted(gate, 1_000, START_NS), "the burst");
        assertEquals(1_000 - Limits.MAX_NEW_HANDSHAKES_PER_SECOND, gate.turnedAway());
        assertEquals(0, admitted(gate, 100, START_NS), "nothing more at the same moment");

        final long tokenNs = TimeUnit.SECONDS.toNanos(1) / Limits.MAX_NEW_HANDSHAKES_PER_SECOND;
        assertEquals(2, admitted(gate, 100, START_NS + 2 * tokenNs), "two more after two tokens' time");
        assertEquals(Limits.MAX_NEW_HANDSHAKES_PER_SECOND / 2,
            admitted(gate, 1_000, START_NS + 2 * tokenNs + TimeUnit.MILLISECONDS.toNanos(500)), "half a second's");
        assertEquals(Limits.MAX_NEW_HANDSHAKES_PER_SECOND,
            admitted(gate, 1_000, START_NS + TimeUnit.MINUTES.toNanos(1)), "after a long quiet: one burst, not more");
    }

    @Test
    void overTenSecondsOfHellosAtMostTheRateStartsAfterTheBurst()
    {
        final HandshakeGate gate = new HandshakeGate();
        final long stepNs = TimeUnit.MILLISECONDS.toNanos(1);
        int started = 0;
        for (long nowNs = START_NS; nowNs <= START_NS + TimeUnit.SECONDS.toNanos(10); nowNs += stepNs)
        {
            started += admitted(gate, 10, nowNs); // 10,000 Hellos a second
        }
        final int most = Limits.MAX_NEW_HANDSHAKES_PER_SECOND * 11;
        assertEquals(most, started, "a burst, then " + Limits.MAX_NEW_HANDSHAKES_PER_SECOND + " a second");
    }

    @Test
    void aHelloIsCountedAgainstItsUdpHostAndIpcAgainstNone()
    {
        assertEquals("127.0.0.1", HandshakeGate.host("127.0.0.1:40123"));
        assertEquals("[::1]", HandshakeGate.host("[::1]:40123"));
        assertNull(HandshakeGate.host("aeron:ipc"));
        assertNull(HandshakeGate.host(null));
    }

    private static int admitted(final HandshakeGate gate, final int hellos, final long nowNs)
    {
        int admitted = 0;
        for (int i = 0; i < hellos; i++)
        {
            if (gate.admits(List.of(), SOURCE, nowNs))
            {
                admitted++;
            }
        }
        return admitted;
    }
}
