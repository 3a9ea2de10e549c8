package dev.aeromq.transport;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deadlines as nanoTime values: none never passes, and a wait is capped and never zero.
 */
class DeadlinesTest
{
    private static final long CAP_NS = 1_000_000_000L;

    @Test
    void noDeadlineNeverPassesAndWaitsTheCap()
    {
        assertFalse(Deadlines.passed(Deadlines.NONE));
        assertEquals(CAP_NS, Deadlines.remaining(Deadlines.NONE, CAP_NS));
    }

    @Test
    void aPastDeadlineHasPassedAndLeavesTheShortestWait()
    {
        final long past = System.nanoTime() - 1;
        assertTrue(Deadlines.passed(past));
        assertEquals(1, Deadlines.remaining(past, CAP_NS));
        assertEquals(1, Deadlines.remaining(past - 1_000_000_000_000L, CAP_NS));
    }

    @Test
    void aFarDeadlineWaitsAtMostTheCap()
    {
        final long far = System.nanoTime() + 1_000 * CAP_NS;
        assertFalse(Deadlines.passed(far));
        assertEquals(CAP_NS, Deadlines.remaining(far, CAP_NS));
        final long remaining = Deadlines.remaining(System.nanoTime() + CAP_NS / 2, CAP_NS);
        assertTrue(remaining > 0 && remaining <= CAP_NS / 2, Long.toString(remaining));
    }
}
