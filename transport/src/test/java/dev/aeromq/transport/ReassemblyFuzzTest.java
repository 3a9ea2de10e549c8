package dev.aeromq.transport;

import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.testkit.Allocations;
import dev.aeromq.testkit.FuzzTries;
import io.aeron.ExclusivePublication;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fuzzing chunk reassembly: a {@link Reassembly} fed a peer's stream fragment by fragment (Data, Chunk,
 * Abort and control wire messages, malformed ones among them, each split at random; then the same
 * streams mutated below the protocol) on the test's thread, with a {@link GuardedHandler} as its socket
 * and a link whose stream nobody reads (a PrefixAck it owes meets back pressure, as on a busy link).
 * <ul>
 * <li>By the protocol, exactly the messages the protocol says arrive, byte for byte and in order, and
 * the socket counts exactly the malformed wire messages and dropped messages it says.</li>
 * <li>Mutated, no exception escapes, every whole wire message the reader rejects is counted, every
 * report is counted and every count reported, nothing is written outside a frame's memory, at most
 * one message of at most the socket's limit is held, and after the peer goes nothing is.</li>
 * <li>Either way, no fragment makes it allocate more than a bound, whatever length it declares.</li>
 * </ul>
 * The reports reach the error handler on the {@link ErrorReporter}'s thread, at most 100 a second (it
 * holds back the rest and sums them up): every count is handed over or held back, and nothing else.
 * The build also runs it with Agrona's bounds checks off (the frames' guard bytes catch an overrun).
 * {@code AEROMQ_FUZZ_TRIES=1000000} runs each property 100,000 times (README, "Tests").
 */
class ReassemblyFuzzTest
{
    /**
     * What one fragment may make a socket allocate besides the message's own memory: a Data header
     * gathered up to 64 KiB and its frame table, and an exception reported.
     */
    private static final long ALLOCATION_PER_FRAGMENT = 256 * 1024;

    private static final int CI_TRIES = 1_500;
    private static final int LONG_RUN_DIVISOR = 10;
    private static final int MAX_PUSHBACKS = 1000;
    private static final int AROUND = 32;
    private static final int PUBLICATION_STREAM_ID = 1001;

    private static TestTransport aeromq;
    private static ExclusivePublication toPeer;

    private final UnsafeBuffer term = new UnsafeBuffer(new byte[256 * 1024]);

    @BeforeContainer
    static void start()
    {
        aeromq = TestTransport.start("reassembly-fuzz");
        toPeer = aeromq.unreadPublication(PUBLICATION_STREAM_ID);
    }

    @AfterContainer
    static void stop()
    {
        aeromq.close();
    }

    @Provide
    Arbitrary<Scenario> byTheProtocol()
    {
        return Scenarios.byTheProtocol(false);
    }

    @Provide
    Arbitrary<Scenario> mutated()
    {
        return Scenarios.mutated(false);
    }

    @Property(tries = CI_TRIES)
    @FuzzTries(longRunDivisor = LONG_RUN_DIVISOR)
    void byTheProtocolExactlyTheWholeMessagesArriveAndEveryFaultIsCounted(
        @ForAll("byTheProtocol") final Scenario scenario)
    {
        final Run run = run(scenario);

        final List<TrafficMessage> arrived = run.handler.arrivals();
        assertEquals(scenario.arrivals().size(), arrived.size(), () -> "messages arrived " + arrived + " in " +
            scenario);
        for (int i = 0; i < arrived.size(); i++)
        {
            final TrafficMessage expected = scenario.arrivals().get(i);
            final TrafficMessage actual = arrived.get(i);
            assertTrue(expected.sameAs(actual), () -> "arrived " + actual + " where " + expected + " was due in " +
                scenario);
        }
        assertEquals(scenario.malformed(), run.malformed, () -> "malformed count in " + scenario);
        assertEquals(scenario.dropped(), run.dropped, () -> "dropped count in " + scenario);
    }

    @Property(tries = CI_TRIES)
    @FuzzTries(longRunDivisor = LONG_RUN_DIVISOR)
    void anyStreamIsSurvivedCountedAndLetGo(@ForAll("mutated") final Scenario scenario)
    {
        final Run run = run(scenario);

        assertTrue(run.malformed >= scenario.malformed(), () -> run.malformed + " counted malformed, but " +
            scenario.malformed() + " whole wire messages are rejected by the reader in " + scenario);
    }

    /**
     * Feed the stream to a fresh reassembly, each fragment again while the socket pushes back; check
     * what holds for any stream.
     */
    private Run run(final Scenario scenario)
    {
        aeromq.forgetErrors();
        final GuardedHandler handler = new GuardedHandler(scenario.seed(), Scenarios.MAX_MESSAGE_SIZE);
        final SocketStreams streams = aeromq.detachedStreams(handler);
        final Link link = new Link(toPeer, SocketType.PUSH, "fuzzing peer", 1024);
        final Session session = new Session(link, 7, 0, TestSessions.LIVENESS, TestSessions.NO_HEARTBEAT);
        final Reassembly reassembly = new Reassembly(session);
        feed(reassembly, streams, handler, scenario);

        final long malformed = streams.malformedCount();
        final long dropped = streams.droppedCount();
        aeromq.awaitReported(malformed + dropped, scenario::toString);
        final List<Throwable> reports = aeromq.reports();
        final long heldBack = aeromq.heldBack();
        assertEquals(malformed + dropped, reports.size() + heldBack, () -> "counted " + malformed + " malformed and " +
            dropped + " dropped, reported " + reports + " and held back " + heldBack + " more in " + scenario);
        reassembly.abandon(); // the peer goes, as Session#close says
        assertNull(handler.openMessage(), () -> "a message is still held after its peer left, in " + scenario);
        return new Run(handler, malformed, dropped);
    }

    private void feed(
        final Reassembly reassembly, final SocketStreams streams, final GuardedHandler handler, final Scenario scenario)
    {
        term.setMemory(0, term.capacity(), (byte)0xEE);
        for (final Fragment fragment : scenario.fragments())
        {
            term.putBytes(AROUND, fragment.bytes());
            for (int pushbacks = 0; ; pushbacks++)
            {
                final long before = Allocations.ofCurrentThread();
                final Action action = onFragment(reassembly, fragment, streams, scenario);
                final long allocated = Allocations.ofCurrentThread() - before;
                assertTrue(allocated <= ALLOCATION_PER_FRAGMENT + 2 * Scenarios.MAX_MESSAGE_SIZE, () -> "allocated " +
                    allocated + " bytes for " + fragment + " in " + scenario);
                if (action != Action.ABORT)
                {
                    assertEquals(Action.CONTINUE, action);
                    break;
                }
                assertTrue(pushbacks < MAX_PUSHBACKS, () -> "pushes back for good on " + fragment + " in " + scenario);
            }
            term.setMemory(AROUND, fragment.bytes().length, (byte)0xEE);
        }
        assertTrue(handler.maxOpenBytes() <= Scenarios.MAX_MESSAGE_SIZE, () -> "held a message of " +
            handler.maxOpenBytes() + " bytes, above the socket's limit, in " + scenario);
    }

    private Action onFragment(
        final Reassembly reassembly, final Fragment fragment, final SocketStreams streams, final Scenario scenario)
    {
        try
        {
            return reassembly.onFragment(term, AROUND, fragment.bytes().length, fragment.flags(), streams);
        }
        catch (final RuntimeException ex)
        {
            return fail(ex + " escaped the reassembly on " + fragment + " in " + scenario, ex);
        }
    }

    private record Run(GuardedHandler handler, long malformed, long dropped)
    {
    }
}
