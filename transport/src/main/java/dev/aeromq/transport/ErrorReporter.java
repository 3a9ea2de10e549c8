package dev.aeromq.transport;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Hands the errors no caller can receive (malformed wire messages, failing handlers, driver errors)
 * to the application's error handler on a virtual thread of its own, so user code never runs on the
 * engine or driver threads: the handler may block, throw, or close the communicator.
 * <p>
 * Bounded: at most {@link #QUEUE_CAPACITY} errors wait, and at most {@link #MAX_PER_SECOND} a second
 * reach the handler; the rest are counted and summed up in one report at the end of the second (or
 * with the next error reported), so a flood of bad input cannot turn into a flood of work, and the
 * handler still learns how many errors it did not see.
 * <p>
 * Threads: {@link #report} from any thread, never blocks; the handler runs on one virtual thread, in
 * order.
 */
final class ErrorReporter implements AutoCloseable
{
    static final int QUEUE_CAPACITY = 1024;
    static final int MAX_PER_SECOND = 100;

    private static final long SECOND_NS = TimeUnit.SECONDS.toNanos(1);
    private static final Throwable STOP = new Throwable("stop");

    private final Consumer<Throwable> handler;
    private final ArrayBlockingQueue<Throwable> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong overflowed = new AtomicLong(); // turned away by the full queue, not yet summed up
    private long windowStartNs;
    private int reportedInWindow;
    private long suppressed;

    ErrorReporter(final Consumer<Throwable> handler)
    {
        this.handler = handler;
        this.thread = Thread.ofVirtual().name("aeromq-error-reporter").start(this::run);
    }

    /**
     * Queue an error for the handler; if the queue is full it is counted and dropped.
     *
     * @param error what went wrong.
     */
    void report(final Throwable error)
    {
        if (!queue.offer(error))
        {
            dropped.incrementAndGet();
            overflowed.incrementAndGet();
        }
    }

    /**
     * @return errors that never reached the handler: the queue was full, or the rate limit reached.
     */
    long dropped()
    {
        return dropped.get();
    }

    private void run()
    {
        try
        {
            while (true)
            {
                final Throwable error = hasUnreported() ?
                    queue.poll(SECOND_NS - (System.nanoTime() - windowStartNs), TimeUnit.NANOSECONDS) : queue.take();
                if (error == STOP)
                {
                    return;
                }
                if (error == null)
                {
                    startWindow(System.nanoTime());
                    summarise(); // the second is over and nothing else came: sum up the rest now
                }
                else
                {
                    deliver(error);
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private boolean hasUnreported()
    {
        return suppressed > 0 || overflowed.get() > 0;
    }

    private void deliver(final Throwable error)
    {
        final long nowNs = System.nanoTime();
        if (nowNs - windowStartNs >= SECOND_NS)
        {
            startWindow(nowNs);
        }
        if (reportedInWindow >= MAX_PER_SECOND)
        {
            suppressed++;
            dropped.incrementAndGet();
            return;
        }
        reportedInWindow++;
        summarise();
        handOver(error);
    }

    private void startWindow(final long nowNs)
    {
        windowStartNs = nowNs;
        reportedInWindow = 0;
    }

    /**
     * Tell the handler how many errors it did not get since the last report, if any.
     */
    private void summarise()
    {
        final long skipped = suppressed + overflowed.getAndSet(0); // over the rate, or beyond the queue
        suppressed = 0;
        if (skipped > 0)
        {
            handOver(new IllegalStateException(skipped + " more errors were not reported since the last report " +
                "(at most " + MAX_PER_SECOND + " a second reach the error handler, and " + QUEUE_CAPACITY +
                " wait for it)"));
        }
    }

    private void handOver(final Throwable error)
    {
        try
        {
            handler.accept(error);
        }
        catch (final RuntimeException | Error ignore)
        {
            // a failing error handler must not stop the reporting of the next error
        }
    }

    /**
     * Deliver what is queued (for up to a second), then stop. Safe to call from the handler itself.
     */
    @Override
    public void close()
    {
        if (Thread.currentThread() == thread)
        {
            queue.clear();
            queue.offer(STOP);
            return;
        }
        while (!queue.offer(STOP))
        {
            queue.poll(); // full: make room for the stop, dropping the oldest error
        }
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(1));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
