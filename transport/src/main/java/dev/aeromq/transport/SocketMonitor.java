package dev.aeromq.transport;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The listeners of one socket's events ({@link MonitorEvent}), each with its own bounded queue and
 * virtual thread ({@link MonitorListener}). With no listener, {@link #isWatched()} is false and the
 * socket builds no event at all.
 * <p>
 * Threads: events are emitted from any thread and never wait; listeners come and go from any thread
 * (a copy-on-write array).
 */
final class SocketMonitor
{
    private static final MonitorListener[] NONE = new MonitorListener[0];

    private final SocketCounters counters;
    private final Consumer<Throwable> errors;
    private final String threadName;
    private final AtomicReference<MonitorListener[]> listeners = new AtomicReference<>(NONE);
    private volatile boolean closed;

    /**
     * @param counters   counts the events lost.
     * @param errors     gets what a listener throws.
     * @param threadName names the listeners' virtual threads.
     */
    SocketMonitor(final SocketCounters counters, final Consumer<Throwable> errors, final String threadName)
    {
        this.counters = counters;
        this.errors = errors;
        this.threadName = threadName;
    }

    /**
     * @return true while someone listens: only then are events built.
     */
    boolean isWatched()
    {
        return listeners.get().length > 0;
    }

    /**
     * @param event to every listener's queue; never blocks.
     */
    void emit(final MonitorEvent event)
    {
        for (final MonitorListener listener : listeners.get())
        {
            listener.offer(event);
        }
    }

    /**
     * @param listener gets the socket's events, in order, on a virtual thread of its own.
     * @return closing it stops the delivery.
     */
    AutoCloseable add(final Consumer<MonitorEvent> listener)
    {
        final MonitorListener added = new MonitorListener(listener, errors, counters, threadName);
        listeners.updateAndGet((current) -> with(current, added));
        added.start();
        if (closed)
        {
            added.finish();
        }
        return () ->
        {
            listeners.updateAndGet((current) -> without(current, added));
            added.close();
        };
    }

    private static MonitorListener[] with(final MonitorListener[] current, final MonitorListener added)
    {
        final MonitorListener[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = added;
        return next;
    }

    private static MonitorListener[] without(final MonitorListener[] current, final MonitorListener removed)
    {
        return Arrays.stream(current).filter((listener) -> listener != removed).toArray(MonitorListener[]::new);
    }

    /**
     * The socket closed: every listener gets what is queued, then its thread ends.
     */
    void close()
    {
        closed = true;
        for (final MonitorListener listener : listeners.get())
        {
            listener.finish();
        }
    }
}
