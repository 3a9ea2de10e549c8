package dev.aeromq;

import dev.aeromq.testkit.Await;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two-phase receive (API.md Part 2, {@link FrameAllocator}): the allocator sees each arriving message's
 * {@link MessageHeader} before any byte is placed, is called once per frame, in order, also for empty frames, and
 * the received frames are exactly its memory (same address, capacity the frame's length). Null restores the
 * default. An allocator that returns too little memory, none, or throws costs that message only: it is dropped
 * and reported, and the socket goes on.
 */
class FrameAllocatorTest
{
    private static final int MIB = 1024 * 1024;
    private static final String TOPIC = "alloc/frames";
    private static final Map<String, String> METADATA = Map.of("owner", "test", "shape", "5");
    private static final Duration QUIET = Duration.ofMillis(300);

    /**
     * One call of the allocator, as it saw the header then (a flyweight, valid only during the call).
     *
     * @param index        the frame asked for.
     * @param length       its length.
     * @param topic        the header's topic.
     * @param metadata     the header's metadata.
     * @param frameLengths every frame's length, as the header tells.
     * @param size         the header's size.
     * @param memory       what the allocator returned.
     */
    private record Call(
        int index, int length, String topic, Map<String, String> metadata, int[] frameLengths, long size,
        MutableDirectBuffer memory)
    {
    }

    /** Records every call; off-heap memory larger than asked for odd frames, a heap array exactly as large for even. */
    private static final class RecordingAllocator implements FrameAllocator
    {
        private final List<Call> calls = new CopyOnWriteArrayList<>();

        @Override
        public MutableDirectBuffer allocate(final MessageHeader header, final int index, final int length)
        {
            final int[] lengths = new int[header.frameCount()];
            for (int i = 0; i < lengths.length; i++)
            {
                lengths[i] = header.frameLength(i);
            }
            final MutableDirectBuffer memory = index % 2 == 1 ? offHeap(length + 64) : onHeap(length);
            calls.add(new Call(index, length, header.topic(), header.metadata(), lengths, header.size(), memory));
            return memory;
        }
    }

    private static MutableDirectBuffer offHeap(final int capacity)
    {
        return new UnsafeBuffer(ByteBuffer.allocateDirect(capacity));
    }

    private static MutableDirectBuffer onHeap(final int capacity)
    {
        return new UnsafeBuffer(new byte[capacity]);
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void theAllocatorSeesTheHeaderFirstIsCalledPerFrameInOrderAndTheFramesAreItsMemory(
        final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            final PubSocket pub = comm.pub().bind(transport.bindable("alloc-identity"));
            final SubSocket sub = comm.sub();
            final RecordingAllocator allocator = new RecordingAllocator();
            sub.frameAllocator(allocator);
            sub.subscribe("alloc/");
            sub.connect(pub.endpoint());
            sub.awaitPeers(1, Testing.WAIT);
            pub.awaitPeers(1, Testing.WAIT);

            // whole in one fragment; several fragments; a Data wire message and Chunks
            final int[][] messages = {{0, 10, 0}, {0, 100 * 1024, 1, 0}, {3 * MIB, 0, 17, 700 * 1024}};
            int seed = 0;
            for (final int[] lengths : messages)
            {
                final int firstSeed = seed;
                pub.send(message(lengths, firstSeed));
                seed += lengths.length;
                final Message received = Testing.receive(sub, "the message of frames " + List.of(lengths));
                final List<Call> calls = new ArrayList<>(allocator.calls);
                allocator.calls.clear();

                assertEquals(lengths.length, calls.size(), "one call per frame, also for empty frames");
                assertEquals(lengths.length, received.frameCount());
                long size = 0;
                for (final int length : lengths)
                {
                    size += length;
                }
                for (int i = 0; i < lengths.length; i++)
                {
                    final Call call = calls.get(i);
                    final String what = "frame " + i + " of the message of frames " + List.of(lengths);
                    assertEquals(i, call.index(), () -> "calls in frame order: " + what);
                    assertEquals(lengths[i], call.length(), () -> "length asked for " + what);
                    assertEquals(TOPIC, call.topic(), () -> "topic in the header for " + what);
                    assertEquals(METADATA, call.metadata(), () -> "metadata in the header for " + what);
                    assertArrayEquals(lengths, call.frameLengths(), () -> "frame lengths in the header for " + what);
                    assertEquals(size, call.size(), () -> "size in the header for " + what);
                    assertTheAllocatorsMemory(what, call.memory(), received, i);
                    Testing.assertPattern(what, received.frame(i), lengths[i], firstSeed + i);
                }
                assertEquals(TOPIC, received.topic());
                assertEquals(METADATA, received.metadata());
            }
        }
    }

    @Test
    void aMessageOfNoFramesAsksForNothingAndAnOutOfRangeFrameLengthThrows()
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull().bind(Testing.ipc("alloc-none"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            final List<String> seen = new CopyOnWriteArrayList<>();
            pull.frameAllocator((header, index, length) ->
            {
                try
                {
                    header.frameLength(header.frameCount());
                    seen.add("no exception for frame " + header.frameCount());
                }
                catch (final IndexOutOfBoundsException expected)
                {
                    seen.add("frame " + index);
                }
                return new UnsafeBuffer(new byte[length]);
            });

            push.send(Message.of());
            push.send(Message.of(new byte[3]));
            assertEquals(0, Testing.receive(pull, "the message of no frames").frameCount());
            assertEquals(3, Testing.receive(pull, "the message of one frame").size());
            assertEquals(List.of("frame 0"), seen, "the allocator is not called for a message of no frames");
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void nullRestoresTheDefaultMemoryOwnedByTheMessage(final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull().bind(transport.bindable("alloc-null"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            final RecordingAllocator allocator = new RecordingAllocator();

            for (final int size : new int[] {100, 2 * MIB})
            {
                pull.frameAllocator(allocator);
                push.send(Message.of(new byte[0], Testing.filled(size, 1)));
                final Message placed = Testing.receive(pull, "a message into the allocator's memory");
                assertEquals(2, allocator.calls.size());
                assertTheAllocatorsMemory("frame 1", allocator.calls.get(1).memory(), placed, 1);
                final Message copy = placed.copy();
                assertNotSame(placed, copy, "copy() of a message in an allocator's memory copies it");
                assertNotEquals(placed.frame(1).addressOffset(), copy.frame(1).addressOffset());
                assertEquals(placed, copy, "the copy has the same content");

                pull.frameAllocator(null);
                push.send(Message.of(new byte[0], Testing.filled(size, 2)));
                final Message own = Testing.receive(pull, "a message into the default memory");
                assertEquals(2, allocator.calls.size(), "after null the allocator is not called any more");
                assertNotNull(own.frame(1).byteArray(), "the default places frames on the heap");
                Testing.assertPattern("the frame in the default memory", own.frame(1), size, 2);
                assertSame(own, own.copy(), "copy() of a message that owns its bytes returns it");
                allocator.calls.clear();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void anAllocatorThatFailsCostsThatMessageOnlyAndIsReported(final Testing.Transport transport)
    {
        final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        try (Communicator comm = Communicator.open(Testing.config().errorHandler(errors::add).build()))
        {
            final PullSocket pull = comm.pull().bind(transport.bindable("alloc-fails"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            final AtomicReference<String> failure = new AtomicReference<>("none");
            pull.frameAllocator((header, index, length) -> switch (index == 1 ? failure.getAndSet("none") : "none")
            {
                case "small" -> new UnsafeBuffer(new byte[length - 1]);
                case "null" -> null;
                case "throw" -> throw new IllegalStateException("the pool is empty");
                default -> new UnsafeBuffer(new byte[length]);
            });

            int seed = 0;
            for (final String kind : List.of("small", "null", "throw"))
            {
                // whole in one fragment, and a Data wire message with Chunks
                for (final int size : new int[] {1000, 3 * MIB})
                {
                    failure.set(kind);
                    push.send(Message.of(new byte[] {1}, Testing.filled(size, seed++)));
                    push.send(Message.of(new byte[] {2}, Testing.filled(size, seed)));
                    // the allocator fails once, for the first message: the second must follow through
                    final Message next = Testing.receive(pull, "the message after one the allocator failed");
                    assertEquals(2, next.frame(0).getByte(0), () -> "the failed message must be dropped (" + kind +
                        ", " + size + " bytes)");
                    Testing.assertPattern("the message after the failed one", next.frame(1), size, seed++);
                }
            }
            final var extra = pull.receive(QUIET);
            assertTrue(extra.isEmpty(), () -> "nothing more may arrive, got " + extra);
            assertReported(errors, "returned a buffer of 999 bytes for a frame of 1000 bytes");
            assertReported(errors, "returned a buffer of " + (3 * MIB - 1) + " bytes for a frame of " + 3 * MIB);
            assertReported(errors, "returned null for a frame of 1000 bytes");
            assertReported(errors, "could not take a message of " + (3 * MIB + 1) + " bytes: the pool is empty");
        }
    }

    private static void assertReported(final Queue<Throwable> errors, final String text)
    {
        Await.await(() -> "a report of \"" + text + "\"; reported: " + errors, Testing.WAIT,
            () -> errors.stream().anyMatch(ex -> String.valueOf(ex.getMessage()).contains(text)));
    }

    private static Message message(final int[] lengths, final int seed)
    {
        final Message.Builder builder = Message.builder().topic(TOPIC);
        METADATA.forEach(builder::metadata);
        for (int i = 0; i < lengths.length; i++)
        {
            builder.frame(Testing.filled(lengths[i], seed + i));
        }
        return builder.build();
    }

    private static void assertTheAllocatorsMemory(
        final String what, final MutableDirectBuffer memory, final MessageView received, final int index)
    {
        final var frame = received.frame(index);
        assertEquals(memory.addressOffset(), frame.addressOffset(), () -> what + " is at the allocator's address");
        assertSame(memory.byteArray(), frame.byteArray(), () -> what + " is in the allocator's array");
        assertSame(memory.byteBuffer(), frame.byteBuffer(), () -> what + " is in the allocator's buffer");
        assertTrue(frame.capacity() <= memory.capacity(), () -> what + " lies within the allocator's memory");
    }
}
