package dev.aeromq.transport;

import dev.aeromq.testkit.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link ErrorReporter}: errors reach the application's handler on a thread of their own, in order,
 * at most {@link ErrorReporter#MAX_PER_SECOND} a second, the rest summed up; {@code report} never
 * blocks; a handler may block, throw, or close the reporter.
 */
class ErrorReporterTest
{
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) more errors");

    @Test
    void reportNeverBlocksWhileTheHandlerBlocksAndWhatDoesNotFitIsCounted()
    {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();
        try (ErrorReporter reporter = new ErrorReporter((error) -> blockUntil(calls, release)))
        {
            reporter.report(new IllegalStateException("first"));
            Await.await("the handler to block in its first call", () -> calls.get() == 1);

            final int more = 5_000;
            for (int i = 0; i < more; i++)
            {
                reporter.report(new IllegalStateException("error " + i)); // returns at once, never waits
            }

            assertEquals(more - ErrorReporter.QUEUE_CAPACITY, reporter.dropped(), "the queue holds " +
                ErrorReporter.QUEUE_CAPACITY + "; the rest are counted and dropped");
            assertEquals(1, calls.get());
            release.countDown();
        }
    }

    @Test
    void aHandlerThatThrowsStillGetsTheNextErrors()
    {
        final AtomicInteger calls = new AtomicInteger();
        try (ErrorReporter reporter = new ErrorReporter((error) ->
        {
            calls.incrementAndGet();
            throw new IllegalStateException("the handler fails");
        }))
        {
            for (int i = 1; i <= 3; i++)
            {
                reporter.report(new IllegalStateException("error " + i));
                final int expected = i;
                Await.await("call " + i + " of the throwing handler", () -> calls.get() == expected);
            }
        }
    }

    @Test
    void aHandlerMayCloseTheReporter()
    {
        final AtomicBoolean returned = new AtomicBoolean();
        final ErrorReporter[] reporter = new ErrorReporter[1];
        reporter[0] = new ErrorReporter((error) ->
        {
            reporter[0].close();
            returned.set(true);
        });
        try
        {
            reporter[0].report(new IllegalStateException("close, please"));
            Await.await("close() called by the handler to return", returned::get);
        }
        finally
        {
            reporter[0].close();
        }
    }

    @Test
    void atMostAHundredASecondReachTheHandlerAndASummaryCountsEveryErrorNotHandedOver()
    {
        final Queue<Handed> handed = new ConcurrentLinkedQueue<>();
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();
        final Consumer<Throwable> handler = (error) ->
        {
            handed.add(new Handed(System.nanoTime(), error));
            if (calls.incrementAndGet() == 1)
            {
                awaitQuietly(release); // the first call is slow: the queue overflows meanwhile
            }
        };
        try (ErrorReporter reporter = new ErrorReporter(handler))
        {
            int reported = 0;
            reporter.report(new IllegalStateException("error " + reported++));
            Await.await("the first call", () -> calls.get() == 1);
            for (int i = 0; i < 2_000; i++)
            {
                reporter.report(new IllegalStateException("error " + reported++));
            }
            release.countDown();

            // No further error comes: the summary comes anyway, once the second is over.
            final int total = reported;
            Await.await(() -> "every error handed over or summed up: " + originals(handed) + " handed, " +
                summarised(handed) + " summed up, " + total + " reported", Duration.ofSeconds(10),
                () -> originals(handed) + summarised(handed) == total);

            final List<Handed> all = List.copyOf(handed);
            final long firstSecondEndNs = all.get(0).atNs() + TimeUnit.SECONDS.toNanos(1);
            final long inFirstSecond = all.stream().filter((h) -> h.atNs() - firstSecondEndNs < 0).count();
            assertTrue(inFirstSecond <= ErrorReporter.MAX_PER_SECOND + 1,
                "at most " + ErrorReporter.MAX_PER_SECOND + " (and a summary) in the first second: " + inFirstSecond);
            assertEquals(total - ErrorReporter.MAX_PER_SECOND, summarised(handed), "the rest, summed up");
            assertEquals(total - ErrorReporter.MAX_PER_SECOND, reporter.dropped());
        }
    }

    /**
     * An error as the handler got it.
     */
    private record Handed(long atNs, Throwable error)
    {
    }

    private static long summarised(final Queue<Handed> handed)
    {
        long sum = 0;
        for (final Handed one : handed)
        {
            final Matcher matcher = SUMMARY.matcher(String.valueOf(one.error().getMessage()));
            if (matcher.find())
            {
                sum += Long.parseLong(matcher.group(1));
            }
        }
        return sum;
    }

    private static long originals(final Queue<Handed> handed)
    {
        return handed.stream().filter((one) -> !SUMMARY.matcher(String.valueOf(one.error().getMessage())).find())
            .count();
    }

    private static void blockUntil(final AtomicInteger calls, final CountDownLatch release)
    {
        calls.incrementAndGet();
        awaitQuietly(release);
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
