package dev.aeromq.transport;

import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One listener of a socket's monitor: a bounded queue the socket's threads offer events to, and one
 * virtual thread that hands them to the listener in order. Offering never blocks and never waits for
 * the listener: an event that finds the queue full is counted as lost, and the listener is told how
 * many it missed (an {@link MonitorEvent.EventsLost}) where the gap was, once there is room again, or
 * when it has caught up.
 * <p>
 * Threads: {@link #offer} from any thread (the duty thread, senders); the listener runs on its own
 * virtual thread; {@link #stop} and {@link #finish} from any thread.
 */
final class MonitorListener implements AutoCloseable
{
    /** Events one listener's queue holds before further ones are lost. */
    static final int QUEUE_CAPACITY = 4096;

    private final ManyToOneConcurrentArrayQueue<MonitorEvent> queue =
        new ManyToOneConcurrentArrayQueue<>(QUEUE_CAPACITY);
    private final AtomicLong lost = new AtomicLong();
    private final Consumer<MonitorEvent> listener;
    private final Consumer<Throwable> errors;
    private final SocketCounters counters;
    private final Thread thread;
    private volatile boolean waiting;
    private volatile boolean finishing;
    private volatile boolean stopped;

    /**
     * @param listener gets the events.
     * @param errors   gets what the listener throws.
     * @param counters counts the events lost.
     * @param name     of the virtual thread.
     */
    MonitorListener(
        final Consumer<MonitorEvent> listener,
        final Consumer<Throwable> errors,
        final SocketCounters counters,
        final String name)
    {
        this.listener = listener;
        this.errors = errors;
        this.counters = counters;
        this.thread = Thread.ofVirtual().name(name).unstarted(this::run);
    }

    void start()
    {
        thread.start();
    }

    /**
     * Queue an event; never blocks.
     *
     * @param event what happened.
     */
    void offer(final MonitorEvent event)
    {
        if (stopped || finishing)
        {
            return;
        }
        if (lost.get() > 0)
        {
            final long missed = lost.getAndSet(0);
            if (missed > 0 && !queue.offer(new MonitorEvent.EventsLost(missed)))
            {
                lost.addAndGet(missed); // still to report
                lose();
                return;
            }
        }
        if (!queue.offer(event))
        {
            lose();
            return;
        }
        wake();
    }

    private void lose()
    {
        lost.incrementAndGet();
        counters.increment(SocketCounter.EVENTS_LOST);
    }

    private void wake()
    {
        if (waiting)
        {
            LockSupport.unpark(thread);
        }
    }

    private void run()
    {
        while (!stopped)
        {
            final MonitorEvent event = queue.poll();
            if (event != null)
            {
                deliver(event);
                continue;
            }
            final long missed = lost.getAndSet(0);
            if (missed > 0)
            {
                deliver(new MonitorEvent.EventsLost(missed));
                continue;
            }
            if (finishing)
            {
                break;
            }
            waiting = true;
            if (queue.isEmpty() && lost.get() == 0 && !finishing && !stopped)
            {
                LockSupport.park(this);
            }
            waiting = false;
        }
    }

    private void deliver(final MonitorEvent event)
    {
        try
        {
            listener.accept(event);
        }
        catch (final RuntimeException | Error ex)
        {
            errors.accept(ex); // a failing listener gets the next event all the same
        }
    }

    /**
     * The socket closed: deliver what is queued, then end.
     */
    void finish()
    {
        finishing = true;
        LockSupport.unpark(thread);
    }

    /**
     * Stop at once: a call to the listener in progress finishes, no further one starts. Waits for
     * that call unless made from the listener itself.
     */
    @Override
    public void close()
    {
        stopped = true;
        LockSupport.unpark(thread);
        if (Thread.currentThread() != thread)
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
