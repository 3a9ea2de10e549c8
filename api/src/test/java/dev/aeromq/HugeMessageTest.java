package dev.aeromq;

import com.sun.management.ThreadMXBean;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The largest message a socket takes by default, 1 GiB (the default maxMessageSize), over IPC: sent from
 * memory-mapped memory and received through a {@link FrameAllocator} into memory-mapped memory, so it never
 * touches the heap (the test JVM's heap is 1 GiB: a heap copy of it could not even be allocated). Checks
 * every byte, and that the heap neither grew nor was allocated from by more than 64 MiB meanwhile.
 */
class HugeMessageTest
{
    private static final int SIZE = 1 << 30;
    private static final long HEAP_BUDGET = 64L << 20;
    private static final int SEED = 77;

    @Test
    void aOneGibMessageGoesFromMappedMemoryIntoAFrameAllocatorsMappedMemoryWithoutTheHeap()
    {
        try (MappedMemory source = MappedMemory.create("huge-source", SIZE);
            MappedMemory destination = MappedMemory.create("huge-destination", SIZE);
            Communicator comm = Testing.open())
        {
            source.fill(SEED);
            final PullSocket pull = comm.pull().bind(Testing.ipc("huge"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            pull.awaitPeers(1, Testing.WAIT);
            push.sendTimeout(Duration.ofSeconds(40)); // a send timeout bounds the whole message
            assertEquals(SIZE, comm.config().maxMessageSize(), "the default maxMessageSize is 1 GiB");

            final List<String> calls = new ArrayList<>();
            pull.frameAllocator((header, index, length) ->
            {
                calls.add(header.frameCount() + " frames, " + header.size() + " bytes: frame " + index + " of " +
                    length + " bytes");
                return destination.buffer();
            });

            final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            System.gc();
            final long heapBefore = memory.getHeapMemoryUsage().getUsed();
            final long allocatedBefore = allocatedByAllThreads();
            final long start = System.nanoTime();

            push.send(source.buffer(), 0, SIZE);
            final Message received = pull.receive(Duration.ofSeconds(40)).orElse(null);

            final Duration took = Duration.ofNanos(System.nanoTime() - start);
            final long allocated = allocatedByAllThreads() - allocatedBefore;
            System.gc();
            final long heapRise = memory.getHeapMemoryUsage().getUsed() - heapBefore;
            assertTrue(received != null, () -> "the 1 GiB message did not arrive within 40 s");
            assertEquals(List.of("1 frames, " + SIZE + " bytes: frame 0 of " + SIZE + " bytes"), calls,
                "the allocator is asked once, for the one frame, with the message's header");
            final DirectBuffer frame = assertFrameIsTheAllocatorsMemory(received, destination.buffer());
            Testing.assertPattern("the 1 GiB frame", frame, SIZE, SEED);
            assertTrue(heapRise < HEAP_BUDGET, () -> "the heap grew by " + (heapRise >> 20) + " MiB");
            assertTrue(allocated < HEAP_BUDGET, () -> (allocated >> 20) + " MiB of heap were allocated");
            System.out.println("1 GiB over IPC, mapped memory to mapped memory: " + took.toMillis() + " ms, heap " +
                (heapRise >> 10) + " KiB retained, " + (allocated >> 10) + " KiB allocated");
        }
    }

    private static DirectBuffer assertFrameIsTheAllocatorsMemory(final Message received, final UnsafeBuffer memory)
    {
        assertEquals(1, received.frameCount());
        final DirectBuffer frame = received.frame(0);
        assertEquals(memory.addressOffset(), frame.addressOffset(), "the frame is the allocator's memory");
        assertNull(frame.byteArray(), "the frame is off-heap");
        assertSame(memory.byteBuffer(), frame.byteBuffer(), "the frame is a view of the allocator's buffer");
        return frame;
    }

    /**
     * @return bytes the live threads have allocated on the heap so far (HotSpot's per-thread counters).
     */
    private static long allocatedByAllThreads()
    {
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        long total = 0;
        for (final long allocated : threads.getThreadAllocatedBytes(threads.getAllThreadIds()))
        {
            total += Math.max(0, allocated);
        }
        return total;
    }
}
