package dev.aeromq.patterns;

import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.Background;
import dev.aeromq.transport.Deadlines;
import dev.aeromq.transport.Failure;
import dev.aeromq.transport.Link;
import dev.aeromq.transport.TestLinks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A socket's live peers, and callers waiting for enough of them: they return when enough joined,
 * time out naming the counts, and fail at once when a binder refused the socket or it closed.
 */
class PeersTest
{
    private static final BooleanSupplier OPEN = () -> true;
    private static final Timeout LONG = Timeout.of(Duration.ofMinutes(1));

    private final Peers peers = new Peers(SocketType.PUSH);
    private final Link first = TestLinks.unconnected(SocketType.PULL, "first PULL");
    private final Link second = TestLinks.unconnected(SocketType.PULL, "second PULL");

    @Test
    void joinsAndLeavesChangeTheSnapshotCopyOnWrite()
    {
        assertEquals(0, peers.count());
        peers.join(first);
        final Link[] one = peers.snapshot();
        peers.join(second);
        assertEquals(2, peers.count());
        assertEquals(1, one.length, "a join makes a new array");

        final Link[] two = peers.snapshot();
        peers.leave(first);
        assertEquals(2, two.length, "a leave makes a new array");
        assertEquals(1, peers.count());
        assertSame(second, peers.snapshot()[0]);

        peers.leave(first); // not there any more
        assertEquals(1, peers.count());
        peers.leave(second);
        assertEquals(0, peers.snapshot().length);
    }

    @Test
    void awaitReturnsAtOnceWhenEnoughPeersAreThere()
    {
        peers.join(first);
        peers.join(second);
        peers.await(2, Timeout.ZERO, OPEN);
        peers.await(1, Timeout.ZERO, OPEN);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void awaitReturnsWhenEnoughPeersJoin(final boolean virtual)
    {
        final Background<Void> waiter = Background.start(virtual, "awaiting 2 peers", () ->
        {
            peers.await(2, LONG, OPEN);
            return null;
        });
        waiter.awaitBlocked();
        peers.join(first);
        Await.holds("the wait for 2 peers to go on with 1", Duration.ofMillis(200), () -> !waiter.isDone());
        peers.join(second);
        waiter.result();
    }

    @Test
    void awaitTimesOutWithAMessageNamingTheCounts()
    {
        peers.join(first);
        final long startNs = System.nanoTime();
        final Failure failure = assertThrows(Failure.class,
            () -> peers.await(3, Timeout.of(Duration.ofMillis(200)), OPEN));
        final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        assertEquals(Failure.Kind.TIMEOUT, failure.kind());
        assertTrue(failure.getMessage().contains("timed out after 200 ms"), failure.getMessage());
        assertTrue(failure.getMessage().contains("1 of 3 peers of the PUSH socket"), failure.getMessage());
        assertTrue(tookMs >= 200, "waited the whole timeout: " + tookMs + " ms");
    }

    @Test
    void aZeroTimeoutIsOneLook()
    {
        final Failure failure = assertThrows(Failure.class, () -> peers.await(1, Timeout.ZERO, OPEN));
        assertEquals(Failure.Kind.TIMEOUT, failure.kind());
        assertTrue(failure.getMessage().contains("0 of 1 peers"), failure.getMessage());
    }

    @Test
    void aRejectionMakesAwaitFailAsAnIncompatiblePeerNamingTheCause()
    {
        peers.rejected("ipc://orders", "REQ cannot connect to PUSH: PUSH pairs only with PULL");

        final Failure failure = assertThrows(Failure.class, () -> peers.await(1, LONG, OPEN));
        assertEquals(Failure.Kind.INCOMPATIBLE_PEER, failure.kind());
        assertTrue(failure.getMessage().contains("ipc://orders"), failure.getMessage());
        assertTrue(failure.getMessage().contains("refused this PUSH socket"), failure.getMessage());
        assertTrue(failure.getMessage().contains("REQ cannot connect to PUSH"), failure.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aRejectionWakesAWaitingCaller(final boolean virtual)
    {
        final Background<Void> waiter = Background.start(virtual, "awaiting a peer", () ->
        {
            peers.await(1, Timeout.FOREVER, OPEN);
            return null;
        });
        waiter.awaitBlocked();
        peers.rejected("udp://127.0.0.1:5555", "this PAIR already has its peer");

        final Failure failure = waiter.failure(Failure.class);
        assertEquals(Failure.Kind.INCOMPATIBLE_PEER, failure.kind());
        assertTrue(failure.getMessage().contains("this PAIR already has its peer"), failure.getMessage());
    }

    @Test
    void aJoinClearsAnEarlierRejection()
    {
        peers.rejected("ipc://pair", "this PAIR already has its peer");
        peers.join(first);
        peers.await(1, Timeout.ZERO, OPEN);
        peers.leave(first);
        final Failure failure = assertThrows(Failure.class, () -> peers.await(1, Timeout.ZERO, OPEN));
        assertEquals(Failure.Kind.TIMEOUT, failure.kind(), "the rejection is not remembered after a join");
    }

    @Test
    void awaitOnAClosedSocketFailsAsClosed()
    {
        final Failure failure = assertThrows(Failure.class, () -> peers.await(1, LONG, () -> false));
        assertEquals(Failure.Kind.CLOSED, failure.kind());
        assertTrue(failure.getMessage().contains("the PUSH socket is closed"), failure.getMessage());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void closingWakesAWaitingCallerWithClosed(final boolean virtual)
    {
        final AtomicBoolean open = new AtomicBoolean(true);
        final Background<Void> waiter = Background.start(virtual, "awaiting a peer", () ->
        {
            peers.await(1, Timeout.FOREVER, open::get);
            return null;
        });
        waiter.awaitBlocked();
        open.set(false);
        peers.signal();

        assertEquals(Failure.Kind.CLOSED, waiter.failure(Failure.class).kind());
    }

    @Test
    void anInterruptedWaitFailsAsClosedAndKeepsTheInterrupt()
    {
        final Background<Boolean> waiter = Background.platform("awaiting a peer", () ->
        {
            final Failure failure = assertThrows(Failure.class, () -> peers.await(1, Timeout.FOREVER, OPEN));
            assertEquals(Failure.Kind.CLOSED, failure.kind());
            assertTrue(failure.getMessage().contains("interrupted"), failure.getMessage());
            return Thread.currentThread().isInterrupted();
        });
        waiter.awaitBlocked();
        waiter.thread().interrupt();
        assertTrue(waiter.result(), "the interrupt flag is set again");
    }

    @Test
    void awaitAnyReturnsByTheDeadlineAndFailsAsClosedOnAClosedSocket()
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        peers.awaitAny(deadline, OPEN);

        peers.join(first);
        peers.awaitAny(Deadlines.NONE, OPEN); // with a peer there it does not wait

        final Failure failure = assertThrows(Failure.class, () -> new Peers(SocketType.PUB).awaitAny(
            Deadlines.NONE, () -> false));
        assertEquals(Failure.Kind.CLOSED, failure.kind());
    }
}
