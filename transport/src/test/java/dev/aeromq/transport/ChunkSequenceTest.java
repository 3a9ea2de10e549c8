package dev.aeromq.transport;

import dev.aeromq.codec.WireWriter;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.Bytes;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A receiver facing a hand-driven sender that splits messages into Data and Chunk wire messages the way no AeroMQ
 * socket would: a Chunk out of order or overlapping, more bytes than the frames announce, a Chunk for no message,
 * an Abort part-way, a new Data before the last message ended. Each broken message is dropped (and each protocol
 * error reported to the error handler), nothing of it is delivered, and the link stays up: the good message that
 * follows arrives whole. The raw peer's stream has Aeron's default MTU of 1408 bytes, so a wire message longer than
 * 1376 bytes comes in several fragments.
 */
class ChunkSequenceTest
{
    /** Payload of one fragment of the raw peer's stream: Aeron's default MTU less its frame header. */
    private static final int FRAGMENT_PAYLOAD = 1408 - 32;
    private static final int DATA_HEADER = WireWriter.dataHeaderLength(1, Map.of(), 0);
    private static final String MALFORMED = "malformed wire message";
    private static final String NO_MESSAGE = "dropped: a Chunk arrived for no message";
    private static final String CUT_SHORT = "dropped: a message was cut short: its sender began the next one";
    private static final String TOO_MANY_BYTES = "carries more bytes than its frames and tensors add up to";

    private final WireWriter writer = new WireWriter();
    /** The PULL the raw peer linked with, in the test running. */
    private TestSocket pullSocket;

    @Test
    void aChunkOutOfOrderDropsTheMessageAndIsReported()
    {
        exchange(List.of(MALFORMED, "a Chunk at offset 2000 where 1000 was due", NO_MESSAGE), peer ->
        {
            peer.raw(data(3000, 1000));
            peer.raw(chunk(2000, 1000)); // skips 1000..2000
            peer.raw(chunk(1000, 1000)); // the one skipped, too late: its message is gone
        });
    }

    @Test
    void anOverlappingChunkDropsTheMessageAndIsReported()
    {
        exchange(List.of(MALFORMED, "a Chunk at offset 500 where 1000 was due", NO_MESSAGE), peer ->
        {
            peer.raw(data(3000, 1000));
            peer.raw(chunk(500, 1000)); // behind where the message is
            peer.raw(chunk(1000, 2000)); // the rest, for a message already gone
        });
    }

    @Test
    void aChunkCarryingMoreBytesThanTheFramesAnnounceDropsTheMessageAndIsReported()
    {
        exchange(List.of(MALFORMED, TOO_MANY_BYTES + " (1500)"), peer ->
        {
            peer.raw(data(1500, 1000));
            peer.raw(chunk(1000, 800)); // 300 bytes too many, in one fragment
        });
        exchange(List.of(MALFORMED, TOO_MANY_BYTES + " (3000)"), peer ->
        {
            peer.raw(data(3000, 1000));
            peer.raw(chunk(1000, 2500)); // 500 bytes too many, in a Chunk of several fragments
        });
    }

    @Test
    void aDataWireMessageCarryingMoreBytesThanItsFramesIsDroppedAndReported()
    {
        exchange(List.of(MALFORMED, "declares frames and tensors of 100 bytes in all but carries 200"),
            peer -> peer.raw(dataCarrying(100, 200))); // in one fragment
        exchange(List.of(MALFORMED, TOO_MANY_BYTES + " (2000)"),
            peer -> peer.raw(dataCarrying(2000, 3000))); // over three fragments
    }

    @Test
    void aDataWireMessageWhoseExcessFollowsInLaterFragmentsIsDroppedAndReported()
    {
        final int fits = FRAGMENT_PAYLOAD - DATA_HEADER; // the first fragment holds the whole frame
        exchange(List.of(MALFORMED, "more bytes"), peer -> peer.raw(dataCarrying(fits, fits + 500)));
    }

    @Test
    void aChunkForNoMessageIsDroppedAndReported()
    {
        exchange(List.of(NO_MESSAGE), peer -> peer.raw(chunk(0, 100)));
        exchange(List.of(NO_MESSAGE), peer -> peer.raw(chunk(5000, 3000)));
    }

    @Test
    void anAbortPartWayDropsTheMessage()
    {
        // an Abort is the protocol working (the sender's send timed out), not an error: nothing is reported for it
        exchange(List.of(NO_MESSAGE), peer ->
        {
            peer.raw(data(3000, 1000));
            peer.raw(chunk(1000, 1000));
            peer.raw(abort());
            peer.raw(chunk(2000, 1000)); // the rest, after the Abort: for no message
        });
        exchange(List.of(), peer ->
        {
            peer.raw(data(300_000, FRAGMENT_PAYLOAD * 3)); // a Data of several fragments
            peer.raw(abort());
        });
    }

    @Test
    void aNewDataBeforeTheLastMessageEndedDropsTheLastAndIsReported()
    {
        final List<Throwable> errors = exchange(List.of(CUT_SHORT), peer -> peer.raw(data(3000, 1000)));
        assertEquals(1, errors.size(), errors::toString);
        exchange(List.of(CUT_SHORT), peer ->
        {
            peer.raw(data(300_000, FRAGMENT_PAYLOAD * 2));
            peer.raw(chunk(FRAGMENT_PAYLOAD * 2, 5000)); // a Chunk of several fragments, and no more
        });
    }

    @Test
    void aDataWhoseHeaderSpansFragmentsIsGatheredAndAChunkSequenceInOrderArrivesWhole()
    {
        try (TestTransport aeromq = TestTransport.start("chunks-good");
            RawPeer peer = linkedPeer(aeromq))
        {
            final String longValue = "v".repeat(3000); // a header longer than one fragment
            final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
            final DirectBuffer[] frames = {new UnsafeBuffer(new byte[10]), new UnsafeBuffer(new byte[4000])};
            final byte[] body = Bytes.pattern(4010, 9);
            final int header = writer.dataHeader(buffer, 0, 77, frames, Map.of("k", longValue), new byte[0]);
            buffer.putBytes(header, body, 0, 2000);
            peer.raw(bytes(buffer, header + 2000));
            peer.raw(chunk(2000, body, 2000, 2010));

            final RecordingHandler.ReceivedMessage message = pullSocket.handler().awaitReceived(1).get(0);
            assertEquals(77, message.correlationId());
            final byte[] whole = new byte[4010];
            System.arraycopy(message.frames()[0], 0, whole, 0, 10);
            System.arraycopy(message.frames()[1], 0, whole, 10, 4000);
            assertArrayEquals(body, whole);
            assertEquals(List.of(), aeromq.errors());
        }
    }

    // ---------------------------------------------------------------- the exchange every case makes

    /**
     * A raw peer links with a PULL, sends what the case says, then one good message: the PULL must receive that
     * one only, whole, with the link still up, and the transport must have reported these errors and no others.
     *
     * @param reports the error messages expected, in the order reported, each given by words it contains (an
     *                error may match several words).
     * @param broken  what the peer sends first.
     * @return the errors reported.
     */
    private List<Throwable> exchange(final List<String> reports, final Consumer<RawPeer> broken)
    {
        try (TestTransport aeromq = TestTransport.start("chunks");
            RawPeer peer = linkedPeer(aeromq))
        {
            final Link link = pullSocket.handler().liveLinks().get(0);
            broken.accept(peer);
            final byte[] good = Bytes.pattern(5000, 42);
            peer.raw(data(good.length, good, 3000)); // a good message of a Data and a Chunk
            peer.raw(chunk(3000, good, 3000, 2000));

            final List<RecordingHandler.ReceivedMessage> received = pullSocket.handler().awaitReceived(1);
            assertEquals(1, received.size(), "only the good message is delivered");
            assertArrayEquals(good, received.get(0).frames()[0], "the good message arrives whole");
            assertTrue(link.isActive(), "the link stays up");
            assertEquals(List.of(), pullSocket.handler().leaveReasons(), "the peer stays");
            // errors reach the handler on a thread of their own (ErrorReporter): wait for them
            Await.await(() -> "reports with " + reports + " in order; reported: " + aeromq.errors(), Await.WAIT,
                () -> reportedInOrder(aeromq.errors(), reports));
            final List<Throwable> errors = aeromq.errors();
            for (final Throwable error : errors)
            {
                assertTrue(reports.stream().anyMatch(words -> String.valueOf(error.getMessage()).contains(words)),
                    () -> "unexpected report " + error);
            }
            return errors;
        }
    }

    private static boolean reportedInOrder(final List<Throwable> errors, final List<String> reports)
    {
        int next = 0;
        for (final String words : reports)
        {
            while (next < errors.size() && !String.valueOf(errors.get(next).getMessage()).contains(words))
            {
                next++;
            }
            if (next == errors.size())
            {
                return false;
            }
        }
        return true;
    }

    private RawPeer linkedPeer(final TestTransport aeromq)
    {
        pullSocket = aeromq.open(SocketType.PULL);
        final Endpoint bound = pullSocket.bind("udp://127.0.0.1:0");
        final RawPeer peer = new RawPeer(aeromq.aeronDirectory(), bound);
        peer.hello(SocketType.PUSH, 7);
        pullSocket.handler().awaitJoins(1);
        return peer;
    }

    // ---------------------------------------------------------------- wire messages

    /**
     * @return a Data wire message of one frame of {@code frameLength} bytes carrying the first {@code present}.
     */
    private byte[] data(final int frameLength, final int present)
    {
        return data(frameLength, Bytes.pattern(frameLength, 1), present);
    }

    private byte[] data(final int frameLength, final byte[] body, final int present)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final DirectBuffer[] frames = {new UnsafeBuffer(new byte[frameLength])};
        final int header = writer.dataHeader(buffer, 0, 0, frames, Map.of(), new byte[0]);
        buffer.putBytes(header, body, 0, present);
        return bytes(buffer, header + present);
    }

    /**
     * @return a Data wire message of one frame of {@code frameLength} bytes carrying {@code carried} bytes.
     */
    private byte[] dataCarrying(final int frameLength, final int carried)
    {
        return data(frameLength, Bytes.pattern(carried, 2), carried);
    }

    private byte[] chunk(final long offset, final int length)
    {
        return chunk(offset, Bytes.pattern((int)offset + length, 1), (int)offset, length);
    }

    private byte[] chunk(final long bodyOffset, final byte[] body, final int from, final int length)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int header = writer.chunk(buffer, 0, bodyOffset);
        buffer.putBytes(header, body, from, length);
        return bytes(buffer, header + length);
    }

    private byte[] abort()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        return bytes(buffer, writer.abort(buffer, 0));
    }

    private static byte[] bytes(final DirectBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }
}
