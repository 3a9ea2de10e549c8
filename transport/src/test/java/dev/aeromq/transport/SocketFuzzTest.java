package dev.aeromq.transport;

import dev.aeromq.codec.WireReader;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.Bytes;
import dev.aeromq.testkit.FuzzTries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.agrona.CloseHelper;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzing a real socket: a PULL bound on UDP, linked to a {@link RawPeer} that sends it the streams of
 * {@link Scenarios} fragment by fragment over Aeron, with the flags each fragment says (Aeron's own
 * fragmentation bypassed), each stream followed by an Abort and a message of its own as a sentinel.
 * <ul>
 * <li>By the protocol, exactly the messages the protocol says arrive, and the socket counts exactly
 * the malformed wire messages and dropped messages it says.</li>
 * <li>Mutated below the protocol, every whole wire message the reader rejects, every wire message cut
 * short and every fragment that continues none is counted.</li>
 * <li>Either way every count is reported and every report counted, the sentinel arrives, no message
 * above the socket's limit is given memory, and none is left half-assembled; after all of it the raw
 * peer is still linked and a well-behaved PUSH still links and its messages arrive.</li>
 * </ul>
 * {@code AEROMQ_FUZZ_TRIES=1000000} runs each property 1,000 times (README, "Tests").
 */
class SocketFuzzTest
{
    private static final int PROTOCOL_TRIES = 80;
    private static final int MUTATED_TRIES = 150;
    private static final int LONG_RUN_DIVISOR = 1000;

    private static TestTransport aeromq;
    private static TestSocket pull;
    private static Endpoint bound;
    private static RawPeer peer;
    private static Link toPeer;
    private static int sentinels;

    @BeforeContainer
    static void start()
    {
        aeromq = TestTransport.start("socket-fuzz");
        pull = aeromq.open(SocketType.PULL);
        pull.handler().maxMessageSize(Scenarios.MAX_MESSAGE_SIZE);
        bound = pull.bind("udp://127.0.0.1:0");
    }

    @AfterContainer
    static void stop()
    {
        aeromq.close();
    }

    /**
     * A raw peer of its own for each property, linked afresh: it sends no heartbeats, so it must not
     * stay silent for a peer timeout, as it might between two properties.
     */
    @BeforeProperty
    void link()
    {
        peer = new RawPeer(aeromq.aeronDirectory(), bound);
        peer.hello(SocketType.PUSH, 7);
        toPeer = pull.handler().awaitJoins(pull.handler().joinCount() + 1);
    }

    @Provide
    Arbitrary<Scenario> byTheProtocol()
    {
        return Scenarios.byTheProtocol(true);
    }

    @Provide
    Arbitrary<Scenario> mutated()
    {
        return Scenarios.mutated(true);
    }

    @Property(tries = PROTOCOL_TRIES)
    @FuzzTries(longRunDivisor = LONG_RUN_DIVISOR)
    void byTheProtocolExactlyTheWholeMessagesArriveAndEveryFaultIsCounted(
        @ForAll("byTheProtocol") final Scenario scenario)
    {
        final Outcome outcome = send(scenario);

        assertEquals(scenario.arrivals().size(), outcome.arrived.size(), () -> "arrived " + outcome.arrived +
            " in " + scenario);
        for (int i = 0; i < outcome.arrived.size(); i++)
        {
            final TrafficMessage expected = scenario.arrivals().get(i);
            final RecordingHandler.ReceivedMessage actual = outcome.arrived.get(i);
            assertTrue(expected.correlationId() == actual.correlationId() &&
                new String(expected.topic(), StandardCharsets.UTF_8).equals(actual.topic()) &&
                Arrays.deepEquals(expected.frames(), actual.frames()),
                () -> "arrived " + actual + " where " + expected + " was due in " + scenario);
        }
        assertEquals(scenario.malformed(), outcome.malformed, () -> "malformed count in " + scenario);
        assertEquals(scenario.dropped(), outcome.dropped, () -> "dropped count in " + scenario);
    }

    @Property(tries = MUTATED_TRIES)
    @FuzzTries(longRunDivisor = LONG_RUN_DIVISOR)
    void anyStreamIsSurvivedAndCounted(@ForAll("mutated") final Scenario scenario)
    {
        final Outcome outcome = send(scenario);

        assertTrue(outcome.malformed >= scenario.malformed(), () -> outcome.malformed + " counted malformed, " +
            "at least " + scenario.malformed() + " due in " + scenario);
    }

    @AfterProperty
    void aWellBehavedPeerStillLinksAndItsMessagesArrive()
    {
        assertTrue(toPeer.isActive() && pull.handler().leaveOf(toPeer) == null, () -> "the raw peer is no longer " +
            "linked: " + pull.handler());
        CloseHelper.close(peer);
        final TestSocket push = aeromq.open(SocketType.PUSH);
        push.connect(bound.uri());
        final Link toPull = push.handler().awaitJoins(1);
        final int before = pull.handler().events(RecordingHandler.Received.class).size();
        TestSocket.send(toPull, Bytes.pattern(3000, 9));
        final RecordingHandler.ReceivedMessage message = pull.handler().awaitReceived(before + 1).get(before);
        assertNotSame(toPeer, message.link(), "the message came from the PUSH");
        Bytes.assertPattern(3000, 9, message.frames()[0]);
        push.close(0);
    }

    /**
     * Send the stream, then an Abort (ending whatever it left open) and a sentinel message, and wait for
     * the sentinel: everything before it has been read by then. Then wait for the reports, which reach
     * the error handler on a thread of their own, at most 100 a second ({@link ErrorReporter}: it holds
     * back the rest and sums them up): every count is handed over or held back, and nothing else.
     */
    private Outcome send(final Scenario scenario)
    {
        aeromq.forgetErrors();
        final SocketStreams streams = pull.streams();
        final long malformedBefore = streams.malformedCount();
        final long droppedBefore = streams.droppedCount();
        final int receivedBefore = pull.handler().events(RecordingHandler.Received.class).size();

        for (final Fragment fragment : scenario.fragments())
        {
            peer.fragment(fragment.bytes(), fragment.flags());
        }
        if (scenario.arrivals() == null)
        {
            final byte[] abort = {0, 0, 9, 0, (byte)174, 0, (byte)WireReader.VERSION, 0};
            peer.fragment(abort, Fragment.WHOLE);
        }
        final byte[] sentinel = ("sentinel " + ++sentinels).getBytes(StandardCharsets.UTF_8);
        peer.data(sentinel);
        Await.await(() -> "the sentinel after " + scenario + "; the socket has " + pull.handler(), Await.WAIT,
            () -> lastArrived(sentinel));

        final List<RecordingHandler.ReceivedMessage> received = pull.handler().events(RecordingHandler.Received.class)
            .stream().map(RecordingHandler.Received::message).toList();
        final long malformed = streams.malformedCount() - malformedBefore;
        final long dropped = streams.droppedCount() - droppedBefore;
        aeromq.awaitReported(malformed + dropped, scenario::toString);
        final List<Throwable> reports = aeromq.reports();
        final long heldBack = aeromq.heldBack();
        assertEquals(malformed + dropped, reports.size() + heldBack, () -> "counted " + malformed +
            " malformed and " + dropped + " dropped, reported " + reports + " and held back " + heldBack +
            " more in " + scenario);
        assertEquals(0, pull.handler().openAssemblies(), () -> "a message is left half-assembled after " + scenario);
        assertTrue(pull.handler().mostBytesOpen() <= Scenarios.MAX_MESSAGE_SIZE, () -> "gave " +
            pull.handler().mostBytesOpen() + " bytes to one message, above the socket's limit, in " + scenario);
        return new Outcome(received.subList(receivedBefore, received.size() - 1), malformed, dropped);
    }

    private static boolean lastArrived(final byte[] sentinel)
    {
        final List<RecordingHandler.Received> received = pull.handler().events(RecordingHandler.Received.class);
        return !received.isEmpty() && received.get(received.size() - 1).message().frames().length == 1 &&
            Arrays.equals(sentinel, received.get(received.size() - 1).message().frames()[0]);
    }

    private record Outcome(List<RecordingHandler.ReceivedMessage> arrived, long malformed, long dropped)
    {
    }
}
