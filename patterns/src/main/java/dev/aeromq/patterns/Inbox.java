package dev.aeromq.patterns;

import dev.aeromq.transport.InboundMessage;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Messages received but not yet taken, bounded by the receive high-water mark.
 * <p>
 * The engine thread adds (never blocking: it asks {@link #capacity()} first and stops reading the
 * stream when it is 0), any number of user threads take. The fast path is lock free: a consumer
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

    private final ConcurrentLinkedQueue<InboundMessage> messages = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicInteger waiters = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Helper helper;
    private volatile int highWaterMark;
    private volatile boolean closed;

    /**
     * @param highWaterMark messages it holds before the socket pushes back.
     * @param helper        work a waiting platform thread does instead of idling: runs the engine's
     *                      duty cycle if no other thread is (returns the work done).
     */
    Inbox(final int highWaterMark, final Helper helper)
    {
        this.highWaterMark = highWaterMark;
        this.helper = helper;
    }

    void highWaterMark(final int messages)
    {
        highWaterMark = messages;
    }

    /**
     * @return how many more messages fit under the high-water mark.
     */
    int capacity()
    {
        return closed ? Integer.MAX_VALUE : highWaterMark - size.get();
    }

    /**
     * @param message to add; dropped if the inbox is closed.
     */
    void add(final InboundMessage message)
    {
        if (closed)
        {
            return;
        }
        size.incrementAndGet();
        messages.offer(message);
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
        signal(true);
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
