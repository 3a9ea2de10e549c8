package dev.aeromq.patterns;

import dev.aeromq.transport.InboundMessage;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Messages received but not yet taken, bounded by the receive high-water mark.
 * <p>
 * The engine thread adds (never blocking: it asks {@link #capacity()} first and stops reading the
 * stream when it is 0), any number of user threads take. A {@link ReentrantLock} rather than a
 * monitor, so a virtual thread waiting here unmounts from its carrier.
 */
final class Inbox
{
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<InboundMessage> messages = new ArrayDeque<>();
    private volatile int size;
    private volatile int highWaterMark;
    private volatile boolean closed;

    Inbox(final int highWaterMark)
    {
        this.highWaterMark = highWaterMark;
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
        return closed ? Integer.MAX_VALUE : highWaterMark - size;
    }

    /**
     * @param message to add; dropped if the inbox is closed.
     */
    void add(final InboundMessage message)
    {
        lock.lock();
        try
        {
            if (!closed)
            {
                messages.addLast(message);
                size = messages.size();
                notEmpty.signal();
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @return the next message, or null when none is waiting.
     */
    InboundMessage poll()
    {
        lock.lock();
        try
        {
            final InboundMessage message = messages.pollFirst();
            size = messages.size();
            return message;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Wait for the next message.
     *
     * @param deadlineNs   {@link System#nanoTime()} deadline, or {@link Deadlines#NONE}.
     * @param stopWaiting  checked on every wake-up; true ends the wait with null.
     * @return the message, or null at the deadline or when told to stop.
     * @throws InterruptedException if the caller is interrupted.
     */
    InboundMessage take(final long deadlineNs, final BooleanSupplier stopWaiting) throws InterruptedException
    {
        lock.lockInterruptibly();
        try
        {
            while (true)
            {
                final InboundMessage message = messages.pollFirst();
                if (message != null)
                {
                    size = messages.size();
                    if (!messages.isEmpty())
                    {
                        notEmpty.signal(); // pass the baton to the next waiter
                    }
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
            lock.unlock();
        }
    }

    /**
     * Wake every waiting thread so it re-checks why it waits (closed, or told to stop).
     */
    void wakeAll()
    {
        lock.lock();
        try
        {
            notEmpty.signalAll();
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Close: drop what is queued and wake every waiter.
     */
    void close()
    {
        lock.lock();
        try
        {
            closed = true;
            messages.clear();
            size = 0;
            notEmpty.signalAll();
        }
        finally
        {
            lock.unlock();
        }
    }
}
