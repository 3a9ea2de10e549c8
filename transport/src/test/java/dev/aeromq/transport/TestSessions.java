package dev.aeromq.transport;

import dev.aeromq.codec.Liveness;

/**
 * What tests that build a {@link Session} by hand give it: a liveness no test outlives and a heartbeat
 * that never needs sending.
 */
final class TestSessions
{
    static final Liveness LIVENESS = new Liveness(1_000_000_000L, 2_000_000_000L);
    static final Session.Heartbeat NO_HEARTBEAT = () -> true;

    private TestSessions()
    {
    }
}
