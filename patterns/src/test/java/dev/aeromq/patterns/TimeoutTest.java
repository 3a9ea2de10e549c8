package dev.aeromq.patterns;

import dev.aeromq.transport.Deadlines;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Timeouts from durations: null or negative is forever, zero is one try, anything too long for
 * nanoseconds is forever too.
 */
class TimeoutTest
{
    @Test
    void nullOrNegativeMeansForever()
    {
        assertSame(Timeout.FOREVER, Timeout.of(null));
        assertSame(Timeout.FOREVER, Timeout.of(Duration.ofMillis(-1)));
        assertSame(Timeout.FOREVER, Timeout.of(Duration.ofNanos(-1)));
        assertTrue(Timeout.FOREVER.isForever());
        assertFalse(Timeout.FOREVER.isZero());
    }

    @Test
    void zeroMeansOneTry()
    {
        assertSame(Timeout.ZERO, Timeout.of(Duration.ZERO));
        assertTrue(Timeout.ZERO.isZero());
        assertFalse(Timeout.ZERO.isForever());
    }

    @Test
    void aDurationTooLongForNanosecondsIsForever()
    {
        assertSame(Timeout.FOREVER, Timeout.of(Duration.ofSeconds(Long.MAX_VALUE)));
        assertSame(Timeout.FOREVER, Timeout.of(ChronoUnit.FOREVER.getDuration()));
        assertSame(Timeout.FOREVER, Timeout.of(Duration.ofDays(365L * 300)));
        assertEquals(Timeout.FOREVER, Timeout.of(Duration.ofNanos(Long.MAX_VALUE)));
    }

    @Test
    void anOrdinaryDurationKeepsItsNanoseconds()
    {
        final Timeout timeout = Timeout.of(Duration.ofMillis(250));
        assertEquals(250_000_000L, timeout.nanos());
        assertFalse(timeout.isForever() || timeout.isZero());
        assertEquals(new Timeout(250_000_000L), timeout);
        assertEquals(1, Timeout.of(Duration.ofNanos(1)).nanos());
    }

    @Test
    void aNegativeTimeoutCannotBeMadeDirectly()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new Timeout(-5));
        assertTrue(ex.getMessage().contains("-5"), ex.getMessage());
    }

    @Test
    void toStringIsForeverOrMilliseconds()
    {
        assertEquals("forever", Timeout.FOREVER.toString());
        assertEquals("0 ms", Timeout.ZERO.toString());
        assertEquals("250 ms", Timeout.of(Duration.ofMillis(250)).toString());
        assertEquals("90000 ms", Timeout.of(Duration.ofSeconds(90)).toString());
    }

    @Test
    void theDeadlineOfForeverIsNoneAndOtherwiseNowPlusTheTimeout()
    {
        assertEquals(Deadlines.NONE, Timeout.FOREVER.deadline());
        final long nanos = Duration.ofSeconds(5).toNanos();
        final long before = System.nanoTime();
        final long deadline = Timeout.of(Duration.ofSeconds(5)).deadline();
        final long after = System.nanoTime();
        assertTrue(deadline - (before + nanos) >= 0 && (after + nanos) - deadline >= 0);
        assertFalse(Deadlines.passed(deadline));
    }
}
