package dev.aeromq.transport;

import dev.aeromq.codec.WireWriter;
import dev.aeromq.codec.sbe.SocketType;
import io.aeron.logbuffer.ControlledFragmentHandler.Action;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inputs the reassembly fuzzing found ({@link ReassemblyFuzzTest}), replayed: a {@link Reassembly}
 * driven on the test's thread with a {@link GuardedHandler} as its socket.
 */
class ReassemblyTest
{
    private static TestTransport aeromq;

    private final WireWriter writer = new WireWriter();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);

    @BeforeAll
    static void start()
    {
        aeromq = TestTransport.start("reassembly");
    }

    @AfterAll
    static void stop()
    {
        aeromq.close();
    }

    /**
     * Found: the middle and last fragments of a wire message cut short by a whole one (or whose first
     * fragment never came) were ignored without a word, so a peer could send any number of stray
     * fragments uncounted. Each run of them is now one malformed wire message, reported and counted.
     */
    @Test
    void fragmentsThatContinueNoWireMessageAreCountedAsMalformed()
    {
        aeromq.forgetErrors();
        final GuardedHandler handler = new GuardedHandler(1, 1 << 20);
        final SocketStreams streams = aeromq.detachedStreams(handler);
        final Link link = new Link(null, SocketType.PUSH, "stray peer", 1024);
        final Reassembly reassembly = new Reassembly(
            new Session(link, 7, 0, TestSessions.LIVENESS, TestSessions.NO_HEARTBEAT));
        final byte[] prefix = Arrays.copyOf(buffer.byteArray(), writer.prefix(buffer, 0, true, 1, new byte[100]));
        final byte[] heartbeat = Arrays.copyOf(buffer.byteArray(), writer.heartbeat(buffer, 0));

        feed(reassembly, streams, new Fragment(Fragment.MIDDLE, Arrays.copyOfRange(prefix, 40, 80)));
        assertEquals(1, streams.malformedCount(), "a middle fragment with no first one");
        feed(reassembly, streams, new Fragment(Fragment.END, Arrays.copyOfRange(prefix, 80, prefix.length)));
        assertEquals(1, streams.malformedCount(), "the rest of the same stray run");

        feed(reassembly, streams, new Fragment(Fragment.BEGIN, Arrays.copyOfRange(prefix, 0, 40)));
        feed(reassembly, streams, new Fragment(Fragment.WHOLE, heartbeat)); // cuts the Prefix short
        assertEquals(2, streams.malformedCount(), "the Prefix cut short by the Heartbeat");
        feed(reassembly, streams, new Fragment(Fragment.MIDDLE, Arrays.copyOfRange(prefix, 40, 80)));
        feed(reassembly, streams, new Fragment(Fragment.END, Arrays.copyOfRange(prefix, 80, prefix.length)));
        assertEquals(3, streams.malformedCount(), "the rest of the Prefix, which continues no wire message");
        aeromq.awaitReported(3, () -> "the three malformed wire messages"); // on the reporter's thread
        assertEquals(3, aeromq.errorCount(), () -> "each is reported: " + aeromq.errors());
        assertTrue(aeromq.errors().get(2).getMessage().contains("continues no wire message"),
            aeromq.errors().get(2).getMessage());

        final Traffic traffic = new Traffic(1 << 20);
        final TrafficMessage message = new TrafficMessage(5, new byte[] {1}, Map.of(), new byte[][] {{1, 2, 3}});
        traffic.begin(message, 100, 100);
        traffic.fragments().forEach(fragment -> feed(reassembly, streams, fragment));
        assertEquals(1, handler.arrivals().size(), "the next message still arrives");
        assertTrue(message.sameAs(handler.arrivals().get(0)), () -> handler.arrivals().toString());
        assertEquals(List.of(0L, 3L), List.of(streams.droppedCount(), streams.malformedCount()));
    }

    private static void feed(final Reassembly reassembly, final SocketStreams streams, final Fragment fragment)
    {
        final UnsafeBuffer bytes = new UnsafeBuffer(fragment.bytes());
        while (reassembly.onFragment(bytes, 0, fragment.bytes().length, fragment.flags(), streams) == Action.ABORT)
        {
            // the handler pushed back at random: offer it again, as Aeron would
        }
    }
}
