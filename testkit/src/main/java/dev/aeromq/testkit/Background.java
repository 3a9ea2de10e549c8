package dev.aeromq.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A blocking call made on a thread of its own, platform or virtual, so a test can check that it
 * blocks, wake it, and look at how it ended: its value, or what it threw.
 *
 * @param <T> what the call returns.
 */
public final class Background<T>
{
    private final String name;
    private final CompletableFuture<T> outcome = new CompletableFuture<>();
    private final Thread thread;
    private volatile long endNs;

    private Background(final String name, final Thread.Builder builder, final Callable<T> call)
    {
        this.name = name;
        this.thread = builder.name(name).start(() ->
        {
            try
            {
                final T value = call.call();
                endNs = System.nanoTime();
                outcome.complete(value);
            }
            catch (final Throwable ex)
            {
                endNs = System.nanoTime();
                outcome.completeExceptionally(ex);
            }
        });
    }

    /**
     * @param name names the thread and the call in failure messages.
     * @param call the blocking call.
     * @param <T>  what it returns.
     * @return the call, started on a new platform thread.
     */
    public static <T> Background<T> platform(final String name, final Callable<T> call)
    {
        return new Background<>(name, Thread.ofPlatform().daemon(true), call);
    }

    /**
     * @param name names the thread and the call in failure messages.
     * @param call the blocking call.
     * @param <T>  what it returns.
     * @return the call, started on a new virtual thread.
     */
    public static <T> Background<T> virtual(final String name, final Callable<T> call)
    {
        return new Background<>(name, Thread.ofVirtual(), call);
    }

    /**
     * @param virtual true for a virtual thread, false for a platform thread.
     * @param name    names the thread and the call in failure messages.
     * @param call    the blocking call.
     * @param <T>     what it returns.
     * @return the call, started.
     */
    public static <T> Background<T> start(final boolean virtual, final String name, final Callable<T> call)
    {
        return virtual ? virtual(name, call) : platform(name, call);
    }

    /**
     * @return the thread making the call.
     */
    public Thread thread()
    {
        return thread;
    }

    /**
     * @param startNs a {@link System#nanoTime()} taken before the call ended, e.g. when a fault was injected.
     * @return how long after it the call ended; fails the test if it has not ended.
     */
    public Duration endedAfter(final long startNs)
    {
        if (!outcome.isDone())
        {
            fail(name + " has not ended");
        }
        return Duration.ofNanos(endNs - startNs);
    }

    /**
     * @return true once the call returned or threw.
     */
    public boolean isDone()
    {
        return outcome.isDone();
    }

    /**
     * Wait until the call blocks: its thread waits (with or without a timeout), parked. It may have
     * to pass through short spins and yields first.
     */
    public void awaitBlocked()
    {
        Await.await(() -> name + " to block; its thread is " + thread.getState(), Await.WAIT, () ->
        {
            if (outcome.isDone())
            {
                fail(name + " ended instead of blocking: " + describe());
            }
            final Thread.State state = thread.getState();
            return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
        });
    }

    /**
     * Wait up to {@link Await#WAIT} for the call to end, and return its value; fail the test if it
     * threw.
     *
     * @return what the call returned.
     */
    public T result()
    {
        awaitDone(Await.WAIT);
        try
        {
            return outcome.join();
        }
        catch (final CompletionException ex)
        {
            throw new AssertionError(name + " threw instead of returning", ex.getCause());
        }
    }

    /**
     * Wait up to {@link Await#WAIT} for the call to end by throwing.
     *
     * @param type of the exception expected.
     * @param <E>  its type.
     * @return what the call threw.
     */
    public <E extends Throwable> E failure(final Class<E> type)
    {
        Objects.requireNonNull(type, "type");
        awaitDone(Await.WAIT);
        try
        {
            final T value = outcome.join();
            return fail(name + " returned " + value + " instead of throwing " + type.getSimpleName());
        }
        catch (final CompletionException ex)
        {
            final Throwable cause = ex.getCause();
            return assertInstanceOf(type, cause, () -> name + " threw " + cause);
        }
    }

    private void awaitDone(final Duration timeout)
    {
        Await.await(() -> name + " to end; its thread is " + thread.getState(), timeout, outcome::isDone);
    }

    private String describe()
    {
        try
        {
            return "returned " + outcome.join();
        }
        catch (final CompletionException ex)
        {
            return "threw " + ex.getCause();
        }
    }
}
