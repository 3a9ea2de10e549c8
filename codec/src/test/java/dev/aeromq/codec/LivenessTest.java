package dev.aeromq.codec;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How two sides of a link agree on liveness ({@link Liveness#agree}): the stricter of the two values,
 * within floors no peer can talk a link below, whatever its handshake announces.
 */
class LivenessTest
{
    private static final Liveness DEFAULTS = new Liveness(ms(250), ms(2_000));

    @Test
    void theShorterIntervalAndTheShorterTimeoutHoldOnBothSides()
    {
        final Liveness fast = new Liveness(ms(50), ms(600));

        assertEquals(fast, DEFAULTS.agree(fast), "the defaults' side keeps the peer's stricter values");
        assertEquals(fast, fast.agree(DEFAULTS), "and the peer's side keeps its own: both judge the link the same");
    }

    @Test
    void eachValueIsAgreedOnItsOwn()
    {
        final Liveness fastHeartbeat = new Liveness(ms(100), ms(5_000));

        assertEquals(new Liveness(ms(100), ms(2_000)), DEFAULTS.agree(fastHeartbeat));
        assertEquals(new Liveness(ms(100), ms(2_000)), fastHeartbeat.agree(DEFAULTS));
    }

    @Test
    void aHostilePeerCannotMakeTheLinkBeatFasterThanTheFloor()
    {
        final Liveness hostile = new Liveness(1, 1); // 1 ns interval, 1 ns timeout

        final Liveness agreed = DEFAULTS.agree(hostile);

        assertEquals(Liveness.MIN_HEARTBEAT_INTERVAL_NS, agreed.heartbeatIntervalNs(), "the 10 ms floor");
        assertEquals(Liveness.MIN_INTERVALS_PER_TIMEOUT * Liveness.MIN_HEARTBEAT_INTERVAL_NS, agreed.peerTimeoutNs(),
            "the timeout spans at least 3 intervals: one lost heartbeat is no death");
        assertEquals(ms(10), agreed.heartbeatIntervalNs());
        assertEquals(ms(30), agreed.peerTimeoutNs());
    }

    @Test
    void aTimeoutShorterThanThreeAgreedIntervalsIsRaisedToThem()
    {
        final Liveness peer = new Liveness(ms(200), ms(300));

        assertEquals(new Liveness(ms(200), ms(600)), DEFAULTS.agree(peer));
    }

    @Test
    void negativeOrZeroValuesFromAPeerAreIgnored()
    {
        assertEquals(DEFAULTS, DEFAULTS.agree(new Liveness(0, 0)), "a peer of another version announces nothing");
        assertEquals(DEFAULTS, DEFAULTS.agree(new Liveness(-5, Long.MIN_VALUE)), "nor can a negative value win");
    }

    @Test
    void ourOwnValuesAreFlooredToo()
    {
        final Liveness tiny = new Liveness(1_000, 2_000); // 1 us, 2 us: a misconfiguration

        assertEquals(new Liveness(ms(10), ms(30)), tiny.agree(DEFAULTS));
    }

    private static long ms(final long millis)
    {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
