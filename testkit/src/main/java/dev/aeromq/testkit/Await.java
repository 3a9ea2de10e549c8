package dev.aeromq.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waiting in tests: poll a condition until it holds or a deadline passes, then fail the test with a
 * message naming what was awaited and for how long. Tests never sleep for a guessed time; they wait
 * for what they need, so a slow machine makes them slower, not flaky.
 * <p>
 * The poll backs off from spinning to yielding to short parks, so a waiting test thread leaves the
 * cores to the media driver and engine threads it waits for (on a 2-core machine that matters).
 */
public final class Await
{
    /**
     * Generous upper bound for anything that should happen "soon", on a loaded 2-core machine that may
     * also run other builds. Never a measure of speed: only how long to wait before giving up.
     */
    public static final Duration WAIT = Duration.ofSeconds(10);

    private static final int SPINS = 10;
    private static final int YIELDS = 100;
    private static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private Await()
    {
    }

    /**
     * Wait up to {@link #WAIT} until a condition holds, failing the test at the deadline.
     *
     * @param what      what is awaited, for the failure message.
     * @param condition polled until true.
     */
    public static void await(final String what, final BooleanSupplier condition)
    {
        await(what, WAIT, condition);
    }

    /**
     * Wait until a condition holds, failing the test at the deadline.
     *
     * @param what      what is awaited, for the failure message.
     * @param timeout   how long to wait at most.
     * @param condition polled until true.
     */
    public static void await(final String what, final Duration timeout, final BooleanSupplier condition)
    {
        Objects.requireNonNull(what, "what");
        await(() -> what, timeout, condition);
    }

    /**
     * Wait until a condition holds, failing the test at the deadline; the description is made only
     * then, so it can tell the state at the time of failure.
     *
     * @param what      describes what is awaited, for the failure message.
     * @param timeout   how long to wait at most.
     * @param condition polled until true.
     */
    public static void await(final Supplier<String> what, final Duration timeout, final BooleanSupplier condition)
    {
        Objects.requireNonNull(condition, "condition");
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        int attempt = 0;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                fail("timed out after " + timeout + " waiting for " + what.get());
            }
            backoff(attempt++);
        }
    }

    /**
     * Wait up to {@link #WAIT} until a supplier yields a value other than null.
     *
     * @param what     what is awaited, for the failure message.
     * @param supplier polled until it returns non-null.
     * @param <T>      type of the value.
     * @return the first non-null value.
     */
    public static <T> T awaitValue(final String what, final Supplier<T> supplier)
    {
        return awaitValue(what, WAIT, supplier);
    }

    /**
     * Wait until a supplier yields a value other than null, failing the test at the deadline.
     *
     * @param what     what is awaited, for the failure message.
     * @param timeout  how long to wait at most.
     * @param supplier polled until it returns non-null.
     * @param <T>      type of the value.
     * @return the first non-null value.
     */
    public static <T> T awaitValue(final String what, final Duration timeout, final Supplier<T> supplier)
    {
        final Object[] holder = new Object[1];
        await(what, timeout, () -> (holder[0] = supplier.get()) != null);
        @SuppressWarnings("unchecked")
        final T value = (T)holder[0];
        return value;
    }

    /**
     * Check that a condition keeps holding for a while: for "nothing happens" assertions, which can
     * only ever watch for a bounded time. Fails the test as soon as the condition is false.
     *
     * @param what      what must keep holding, for the failure message.
     * @param period    how long to watch.
     * @param condition polled until the period is over.
     */
    public static void holds(final String what, final Duration period, final BooleanSupplier condition)
    {
        final long startNs = System.nanoTime();
        final long endNs = startNs + period.toNanos();
        int attempt = 0;
        do
        {
            if (!condition.getAsBoolean())
            {
                fail("expected " + what + " to hold for " + period + ", but it stopped after " +
                    Duration.ofNanos(System.nanoTime() - startNs));
            }
            backoff(attempt++);
        }
        while (System.nanoTime() - endNs < 0);
    }

    private static void backoff(final int attempt)
    {
        if (attempt < SPINS)
        {
            Thread.onSpinWait();
        }
        else if (attempt < YIELDS)
        {
            Thread.yield();
        }
        else
        {
            LockSupport.parkNanos(Math.min(MAX_PARK_NS, 10_000L << Math.min(attempt - YIELDS, 7)));
        }
    }
}
