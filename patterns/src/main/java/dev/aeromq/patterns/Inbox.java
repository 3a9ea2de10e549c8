package dev.aeromq.patterns;

import dev.aeromq.transport.Deadlines;
import org.agrona.BitUtil;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Messages received but not yet taken, bounded by the receive high-water marks: a number of
 * messages, and bytes (soft: when it holds nothing it takes one message larger than that).
 * <p>
 * The socket's duty thread adds (never blocking: it asks {@link #hasRoom} first and leaves a message
 * in the log buffer when there is none), any number of user threads take. The queue is a
 * pre-allocated array (Agrona's), so adding allocates nothing. The fast path is lock free: a consumer
 * that finds the queue empty spins briefly, and only then registers as a waiter and parks on a
 * {@link ReentrantLock} condition (never a monitor, so a virtual thread unmounts; a virtual thread
 * does not spin first). The engine takes
 * the lock only to wake a registered waiter. No wake-up is lost: the consumer registers (a volatile
 * write) before its last look at the queue, the engine enqueues before it reads the waiter count,
 * so one of the two sees the other.
 */
final class Inbox
{
    /**
     * How long a waiting platform thread busy-spins (doing socket work) before it yields instead: about
     * a round trip over IPC.
     */
    private static final long SPIN_NS = TimeUnit.MICROSECONDS.toNanos(5);

    /**
     * How long it keeps looking, yielding between looks, before it parks: a park and its wake-up cost
     * ~50 us with timer slack, while yielding lets the media driver and engine threads run on a small
     * machine (measured on 2 cores: UDP round trip p50 ~150 us spinning, ~15 us yielding).
     */
    private static final long YIELD_NS = TimeUnit.MICROSECONDS.toNanos(50);

    /** The most messages an inbox holds, whatever the high-water mark says. */
    static final int MAX_QUEUE = 1 << 20;

    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger waiters = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Helper helper;
    private volatile ManyToManyConcurrentArrayQueue<InboundMessage> messages;
    private volatile ManyToManyConcurrentArrayQueue<InboundMessage> larger;
    private volatile int highWaterMark;
    private volatile long highWaterMarkBytes;
    private volatile boolean closed;

    /**
     * @param highWaterMark      messages it holds before the socket pushes back.
     * @param highWaterMarkBytes bytes it holds before the socket pushes back.
     * @param helper             work a waiting platform thread does instead of idling: socket work no
     *                           other thread is doing (returns the work done).
     */
    Inbox(final int highWaterMark, final long highWaterMarkBytes, final Helper helper)
    {
        this.messages = queueFor(highWaterMark);
        this.highWaterMark = highWaterMark;
        this.highWaterMarkBytes = highWaterMarkBytes;
        this.helper = helper;
    }

    /**
     * @param count messages it holds before the socket pushes back; a larger array is swapped in once
     *              the current one is empty, so order is kept.
     */
    void highWaterMark(final int count)
    {
        if (count > messages.capacity())
        {
            larger = queueFor(count);
        }
        highWaterMark = count;
    }

    int highWaterMark()
    {
        return highWaterMark;
    }

    /**
     * @param count bytes it holds before the socket pushes back.
     */
    void highWaterMarkBytes(final long count)
    {
        highWaterMarkBytes = count;
    }

    /**
     * @return how many more messages fit under the message high-water mark now; 0 also when the byte
     * high-water mark is reached.
     */
    int capacity()
    {
        if (closed)
        {
            return Integer.MAX_VALUE;
        }
        if (bytes.get() >= highWaterMarkBytes)
        {
            return 0;
        }
        return Math.min(highWaterMark, messages.capacity()) - size.get();
    }

    /**
     * @param messageBytes bytes of a message that wants in.
     * @return true if it fits under both high-water marks, or the inbox holds nothing (soft byte mark).
     */
    boolean hasRoom(final long messageBytes)
    {
        if (closed)
        {
            return true;
        }
        final long held = bytes.get();
        return capacity() > 0 && (held == 0 || held + messageBytes <= highWaterMarkBytes);
    }

    /**
     * @param message to add (after {@link #hasRoom}); dropped if the inbox is closed.
     */
    void add(final InboundMessage message)
    {
        if (closed)
        {
            return;
        }
        size.incrementAndGet();
        bytes.addAndGet(message.size());
        offerHeld(message);
    }

    /**
     * Hold room for a message whose bytes are still arriving (after {@link #hasRoom}): it counts against
     * both high-water marks from now, so the memory of messages being assembled is bounded too. The
     * room is then filled ({@link #addReserved}) or given back ({@link #release}).
     *
     * @param messageBytes bytes of the message.
     */
    void reserve(final long messageBytes)
    {
        size.incrementAndGet();
        bytes.addAndGet(messageBytes);
    }

    /**
     * @param message a message whose room was {@link #reserve reserved}; dropped if the inbox is closed.
     */
    void addReserved(final InboundMessage message)
    {
        if (!closed)
        {
            offerHeld(message);
        }
    }

    /**
     * Give back room reserved for a message that went elsewhere (handed to a poll) or never completed.
     *
     * @param messageBytes bytes of the message, as reserved.
     */
    void release(final long messageBytes)
    {
        if (!closed)
        {
            size.decrementAndGet();
            bytes.addAndGet(-messageBytes);
        }
    }

    private void offerHeld(final InboundMessage message)
    {
        ManyToManyConcurrentArrayQueue<InboundMessage> queue = messages;
        final ManyToManyConcurrentArrayQueue<InboundMessage> next = larger;
        if (next != null && queue.isEmpty())
        {
            messages = next; // only the duty thread adds, so nothing goes into the old one after this
            larger = null;
            queue = next;
        }
        if (!queue.offer(message))
        {
            size.decrementAndGet();
            bytes.addAndGet(-message.size());
            throw new IllegalStateException("inbox full: a message was added without room");
        }
        if (waiters.get() > 0)
        {
            signal(false);
        }
    }

    /**
     * @return the next message, or null when none is waiting.
     */
    InboundMessage poll()
    {
        final InboundMessage message = messages.poll();
        if (message != null)
        {
            size.decrementAndGet();
            bytes.addAndGet(-message.size());
        }
        return message;
    }

    /**
     * Wait for the next message.
     *
     * @param deadlineNs  {@link System#nanoTime()} deadline, or {@link Deadlines#NONE}.
     * @param stopWaiting checked on every wake-up; true ends the wait with null.
     * @return the message, or null at the deadline, when closed, or when told to stop.
     * @throws InterruptedException if the caller is interrupted.
     */
    InboundMessage take(final long deadlineNs, final BooleanSupplier stopWaiting) throws InterruptedException
    {
        // A platform thread looks a little longer before it parks (a park and its wake-up cost tens of
        // microseconds), doing socket work meanwhile if no other thread is: then the message it waits
        // for needs no hand-off at all. It spins briefly, then yields so the driver can run. A virtual
        // thread parks at once: its park is cheap and its spinning would starve the carriers.
        final InboundMessage ready = poll();
        if (ready != null)
        {
            return ready;
        }
        if (!Thread.currentThread().isVirtual())
        {
            final InboundMessage message = lookWhileHelping(stopWaiting);
            if (message != null || closed || stopWaiting.getAsBoolean())
            {
                return message;
            }
        }

        lock.lockInterruptibly();
        waiters.incrementAndGet();
        try
        {
            while (true)
            {
                final InboundMessage message = poll();
                if (message != null)
                {
                    return message;
                }
                if (closed || stopWaiting.getAsBoolean())
                {
                    return null;
                }
                if (deadlineNs == Deadlines.NONE)
                {
                    notEmpty.await();
                }
                else
                {
                    final long remaining = deadlineNs - System.nanoTime();
                    if (remaining <= 0)
                    {
                        return null;
                    }
                    notEmpty.awaitNanos(Math.min(remaining, TimeUnit.SECONDS.toNanos(1)));
                }
            }
        }
        finally
        {
            waiters.decrementAndGet();
            lock.unlock();
        }
    }

    /**
     * Look for a message a little longer before parking, doing socket work meanwhile: the socket's own
     * first, so its message needs no hand-off at all. While it looks, the engine leaves the socket to
     * it, so the two do not race for the same messages.
     */
    private InboundMessage lookWhileHelping(final BooleanSupplier stopWaiting)
    {
        helper.helping(true);
        try
        {
            final long start = System.nanoTime();
            final long yieldUntil = start + YIELD_NS;
            final long spinUntil = start + SPIN_NS;
            long now;
            while ((now = System.nanoTime()) - yieldUntil < 0)
            {
                final InboundMessage message = poll();
                if (message != null)
                {
                    return message;
                }
                if (closed || stopWaiting.getAsBoolean())
                {
                    return null;
                }
                if (helper.help() == 0)
                {
                    if (now - spinUntil < 0)
                    {
                        Thread.onSpinWait();
                    }
                    else
                    {
                        Thread.yield();
                    }
                }
            }
            return null;
        }
        finally
        {
            helper.helping(false);
        }
    }

    /**
     * What a waiting platform thread does instead of idling.
     */
    @FunctionalInterface
    interface Helper
    {
        /**
         * @return work done: socket work no other thread is doing right now.
         */
        int help();

        /**
         * @param helping true while a thread looks and helps, false once it stops.
         */
        default void helping(final boolean helping)
        {
        }
    }

    /**
     * Wake every waiting thread so it re-checks why it waits (closed, or told to stop).
     */
    void wakeAll()
    {
        signal(true);
    }

    /**
     * Close: drop what is queued and wake every waiter.
     */
    void close()
    {
        closed = true;
        messages.clear();
        size.set(0);
        bytes.set(0);
        signal(true);
    }

    /**
     * An array for the high-water mark, up to {@link #MAX_QUEUE} entries (a higher mark then acts as that).
     */
    private static ManyToManyConcurrentArrayQueue<InboundMessage> queueFor(final int highWaterMark)
    {
        return new ManyToManyConcurrentArrayQueue<>(
            BitUtil.findNextPositivePowerOfTwo(Math.max(2, Math.min(MAX_QUEUE, highWaterMark))));
    }

    private void signal(final boolean all)
    {
        lock.lock();
        try
        {
            if (all)
            {
                notEmpty.signalAll();
            }
            else
            {
                notEmpty.signal();
            }
        }
        finally
        {
            lock.unlock();
        }
    }
}
