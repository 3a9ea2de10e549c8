package dev.aeromq.patterns;

import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.Background;
import dev.aeromq.transport.Deadlines;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The messages a socket received and its callers have not yet taken: bounded by the high-water mark
 * (its room is the socket's receive capacity), in order, and waited on with a deadline by platform
 * and virtual threads alike.
 */
class InboxTest
{
    private static final BooleanSupplier NEVER = () -> false;
    private static final DirectBuffer[] NO_FRAMES = new DirectBuffer[0];

    private final Inbox inbox = new Inbox(3, Long.MAX_VALUE, () -> 0);

    private static InboundMessage message(final long sequence)
    {
        return new InboundMessage(null, sequence, "", NO_FRAMES, Map.of(), 0, true);
    }

    private static long deadlineIn(final long millis)
    {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void theCapacityIsTheRoomLeftUnderTheHighWaterMark()
    {
        assertEquals(3, inbox.capacity());
        inbox.add(message(1));
        assertEquals(2, inbox.capacity());
        inbox.add(message(2));
        inbox.add(message(3));
        assertEquals(0, inbox.capacity(), "full: the socket stops reading its streams");

        inbox.poll();
        assertEquals(1, inbox.capacity());

        inbox.highWaterMark(10);
        assertEquals(2, inbox.capacity(), "a mark above the queue's array takes effect once it is empty");
        inbox.poll();
        inbox.poll();
        inbox.add(message(4));
        assertEquals(9, inbox.capacity(), "the larger array is in use");
        inbox.highWaterMark(1);
        assertTrue(inbox.capacity() <= 0, "a mark lowered below what is queued leaves no room");
    }

    @Test
    void messagesComeOutInTheOrderTheyWentIn() throws InterruptedException
    {
        final Inbox big = new Inbox(10_000, Long.MAX_VALUE, () -> 0);
        for (int i = 0; i < 1_000; i++)
        {
            big.add(message(i));
        }
        for (int i = 0; i < 500; i++)
        {
            assertEquals(i, big.poll().correlationId());
        }
        for (int i = 500; i < 1_000; i++)
        {
            assertEquals(i, big.take(deadlineIn(0), NEVER).correlationId());
        }
        assertNull(big.poll());
        assertEquals(10_000, big.capacity());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aConcurrentProducerAndConsumerKeepTheOrder(final boolean virtual)
    {
        final int count = 20_000;
        final Inbox bounded = new Inbox(64, Long.MAX_VALUE, () -> 0);
        final Background<Integer> consumer = Background.start(virtual, "taking " + count + " messages", () ->
        {
            for (int i = 0; i < count; i++)
            {
                final InboundMessage next = bounded.take(Deadlines.NONE, NEVER);
                if (next.correlationId() != i)
                {
                    return i;
                }
            }
            return -1;
        });
        for (int i = 0; i < count; i++)
        {
            final int sequence = i;
            Await.await("room for message " + sequence, () -> bounded.capacity() > 0 || consumer.isDone());
            bounded.add(message(sequence));
        }
        assertEquals(-1, consumer.result(), "the first message out of order");
    }

    @Test
    void takeReturnsNullAtTheDeadline() throws InterruptedException
    {
        final long startNs = System.nanoTime();
        final long deadline = startNs + TimeUnit.MILLISECONDS.toNanos(200);
        assertNull(inbox.take(deadline, NEVER));
        assertTrue(System.nanoTime() - deadline >= 0, "returned no earlier than the deadline");
    }

    @Test
    void takeWithADeadlineThatPassedReturnsNullAndAQueuedMessageStillComesOut() throws InterruptedException
    {
        assertNull(inbox.take(System.nanoTime() - 1, NEVER));
        inbox.add(message(7));
        assertEquals(7, inbox.take(System.nanoTime() - 1, NEVER).correlationId());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aWaitingTakeReturnsTheMessageThatArrives(final boolean virtual)
    {
        final Background<InboundMessage> taker = Background.start(virtual, "take",
            () -> inbox.take(Deadlines.NONE, NEVER));
        taker.awaitBlocked();
        final InboundMessage sent = message(42);
        inbox.add(sent);
        assertSame(sent, taker.result());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void closeWakesAWaitingTakeWithNull(final boolean virtual)
    {
        final Background<InboundMessage> taker = Background.start(virtual, "take",
            () -> inbox.take(Deadlines.NONE, NEVER));
        taker.awaitBlocked();
        inbox.close();
        assertNull(taker.result());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void closeWakesATakeWithADeadlineToo(final boolean virtual)
    {
        final Background<InboundMessage> taker = Background.start(virtual, "take",
            () -> inbox.take(deadlineIn(TimeUnit.MINUTES.toMillis(10)), NEVER));
        taker.awaitBlocked();
        inbox.close();
        assertNull(taker.result());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void wakeAllEndsAWaitThatWasToldToStop(final boolean virtual)
    {
        final AtomicBoolean stop = new AtomicBoolean();
        final Background<InboundMessage> taker = Background.start(virtual, "take",
            () -> inbox.take(Deadlines.NONE, stop::get));
        taker.awaitBlocked();
        stop.set(true);
        inbox.wakeAll();
        assertNull(taker.result());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anInterruptedTakeThrows(final boolean virtual)
    {
        final Background<InboundMessage> taker = Background.start(virtual, "take",
            () -> inbox.take(Deadlines.NONE, NEVER));
        taker.awaitBlocked();
        taker.thread().interrupt();
        assertInstanceOf(InterruptedException.class, taker.failure(InterruptedException.class));
    }

    @Test
    void aClosedInboxDropsWhatItHeldAndWhatComesAndNeverPushesBack() throws InterruptedException
    {
        inbox.add(message(1));
        inbox.close();
        assertNull(inbox.poll(), "queued messages are dropped");
        inbox.add(message(2));
        assertNull(inbox.poll(), "new messages are dropped");
        assertEquals(Integer.MAX_VALUE, inbox.capacity(), "a closed socket drains its streams");
        assertNull(inbox.take(Deadlines.NONE, NEVER), "a take on a closed inbox returns at once");
    }

    @Test
    void aWaitingPlatformThreadDoesTheSocketsWorkBeforeItParks() throws InterruptedException
    {
        final int[] helped = new int[1];
        final Inbox helping = new Inbox(3, Long.MAX_VALUE, () ->
        {
            helped[0]++;
            return 0;
        });
        assertNull(helping.take(deadlineIn(50), NEVER));
        assertTrue(helped[0] > 0, "the helper ran while the thread looked for a message");
    }
}
