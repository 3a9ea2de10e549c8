package dev.aeromq.testkit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AwaitTest
{
    @Test
    void returnsOnceTheConditionHolds()
    {
        final AtomicInteger polls = new AtomicInteger();
        Await.await("the third poll", () -> polls.incrementAndGet() >= 3);
        assertEquals(3, polls.get());
    }

    @Test
    void failsAtTheDeadlineNamingWhatWasAwaitedAndTheTimeout()
    {
        final AssertionError error = assertThrows(AssertionError.class,
            () -> Await.await("the impossible", Duration.ofMillis(50), () -> false));
        assertTrue(error.getMessage().contains("the impossible"), error.getMessage());
        assertTrue(error.getMessage().contains("PT0.05S"), error.getMessage());
    }

    @Test
    void aDescriptionSupplierIsAskedOnlyOnFailure()
    {
        final AtomicInteger asked = new AtomicInteger();
        Await.await(() -> "never " + asked.incrementAndGet(), Duration.ofSeconds(1), () -> true);
        assertEquals(0, asked.get());
        final AssertionError error = assertThrows(AssertionError.class,
            () -> Await.await(() -> "state " + asked.incrementAndGet(), Duration.ofMillis(10), () -> false));
        assertTrue(error.getMessage().contains("state 1"), error.getMessage());
    }

    @Test
    void awaitValueReturnsTheFirstValueThatIsNotNull()
    {
        final AtomicInteger polls = new AtomicInteger();
        assertEquals("2", Await.awaitValue("a value", () -> polls.incrementAndGet() >= 2 ? "2" : null));
    }

    @Test
    void holdsWatchesForThePeriodAndFailsWhenTheConditionBreaks()
    {
        Await.holds("true", Duration.ofMillis(20), () -> true);
        final AtomicInteger polls = new AtomicInteger();
        final AssertionError error = assertThrows(AssertionError.class,
            () -> Await.holds("fewer than 3 polls", Duration.ofSeconds(10), () -> polls.incrementAndGet() < 3));
        assertTrue(error.getMessage().contains("fewer than 3 polls"), error.getMessage());
    }

    @Test
    void theDefaultWaitIsGenerous()
    {
        assertTrue(Await.WAIT.compareTo(Duration.ofSeconds(5)) >= 0, Await.WAIT::toString);
    }
}
