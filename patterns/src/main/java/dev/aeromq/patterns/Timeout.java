package dev.aeromq.patterns;

import dev.aeromq.transport.Deadlines;

import java.time.Duration;

/**
 * How long a blocking call may wait: a duration, or forever. Zero means "do not wait" (one try).
 *
 * @param nanos the duration in nanoseconds; {@link Long#MAX_VALUE} for forever.
 */
public record Timeout(long nanos)
{
    /** Wait as long as it takes. */
    public static final Timeout FOREVER = new Timeout(Long.MAX_VALUE);

    /** Do not wait: one try. */
    public static final Timeout ZERO = new Timeout(0);

    /**
     * @param nanos the duration in nanoseconds, zero or more.
     */
    public Timeout
    {
        if (nanos < 0)
        {
            throw new IllegalArgumentException("a timeout cannot be negative: " + nanos + " ns");
        }
    }

    /**
     * @param duration a duration; null or negative means forever.
     * @return the timeout.
     */
    public static Timeout of(final Duration duration)
    {
        if (duration == null || duration.isNegative())
        {
            return FOREVER;
        }
        try
        {
            return duration.isZero() ? ZERO : new Timeout(duration.toNanos());
        }
        catch (final ArithmeticException ex)
        {
            return FOREVER; // longer than 292 years
        }
    }

    /**
     * @return true if it never ends.
     */
    public boolean isForever()
    {
        return nanos == Long.MAX_VALUE;
    }

    /**
     * @return true if the call must not wait at all.
     */
    public boolean isZero()
    {
        return nanos == 0;
    }

    /**
     * @return the {@link System#nanoTime()} at which it ends, or {@link Deadlines#NONE} for forever.
     */
    public long deadline()
    {
        return isForever() ? Deadlines.NONE : System.nanoTime() + nanos;
    }

    /**
     * @return "forever" or the duration in milliseconds, for error messages.
     */
    @Override
    public String toString()
    {
        return isForever() ? "forever" : Duration.ofNanos(nanos).toMillis() + " ms";
    }
}
