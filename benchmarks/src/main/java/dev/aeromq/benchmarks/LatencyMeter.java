package dev.aeromq.benchmarks;

import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Drives a {@link LatencyLink} and records round-trip times in nanoseconds: back to back, or at a
 * fixed offered rate measured from each request's intended send time (coordinated omission counted).
 * The same code drives all three contenders.
 */
final class LatencyMeter
{
    /** Highest value the histograms track: 10 s, in ns. */
    private static final long HIGHEST_NS = TimeUnit.SECONDS.toNanos(10);
    /**
     * A park oversleeps by the kernel's timer slack (~50 µs on Linux), so the pacer parks only until
     * this long before the intended time and yields from there: requests leave on time without
     * spinning a whole core on a 2-core machine.
     */
    private static final long PARK_MARGIN_NS = TimeUnit.MICROSECONDS.toNanos(200);

    private LatencyMeter()
    {
    }

    /**
     * @return an empty histogram: 10 s range, 3 significant digits.
     */
    static Histogram histogram()
    {
        return new Histogram(HIGHEST_NS, 3);
    }

    /**
     * Round trips back to back.
     *
     * @param link       the contender.
     * @param durationNs how long.
     * @return the round-trip times.
     * @throws Exception if a round trip fails.
     */
    static Histogram fullSpeed(final LatencyLink link, final long durationNs) throws Exception
    {
        final Histogram histogram = histogram();
        final long end = System.nanoTime() + durationNs;
        long now = System.nanoTime();
        while (now - end < 0)
        {
            link.roundTrip();
            final long replied = System.nanoTime();
            record(histogram, replied - now);
            now = replied;
        }
        return histogram;
    }

    /**
     * Requests scheduled at a fixed rate for the duration; each latency is (reply time − intended send
     * time). A contender that falls behind sends its next request at once, without moving the schedule,
     * so its lateness shows in the latencies. It gets half the duration plus 250 ms beyond the
     * schedule to catch up; requests it never got to send are then recorded with the wait they
     * already had (a lower bound) and counted in {@link Paced#unsent()}.
     *
     * @param link        the contender.
     * @param ratePerSec  requests per second.
     * @param durationNs  length of the schedule.
     * @return the latencies and how far behind the contender ended.
     * @throws Exception if a round trip fails.
     */
    static Paced paced(final LatencyLink link, final int ratePerSec, final long durationNs) throws Exception
    {
        final Histogram histogram = histogram();
        final long interval = TimeUnit.SECONDS.toNanos(1) / ratePerSec;
        final long count = Math.max(1, durationNs / interval);
        final long start = System.nanoTime() + interval;
        // bounded so a stalled contender cannot blow the scenario's time budget
        final long giveUp = start + durationNs + durationNs / 2 + TimeUnit.MILLISECONDS.toNanos(250);
        long late = 0;
        for (long i = 0; i < count; i++)
        {
            final long intended = start + i * interval;
            final long now = waitUntil(intended);
            if (now - giveUp > 0)
            {
                for (long j = i; j < count; j++)
                {
                    record(histogram, now - (start + j * interval));
                }
                return new Paced(histogram, count - i, late);
            }
            if (now - intended > interval)
            {
                late++; // sent more than one interval behind its schedule
            }
            link.roundTrip();
            record(histogram, System.nanoTime() - intended);
        }
        return new Paced(histogram, 0, late);
    }

    private static long waitUntil(final long deadline)
    {
        long now = System.nanoTime();
        while (deadline - now > 0)
        {
            final long remaining = deadline - now;
            if (remaining > PARK_MARGIN_NS)
            {
                LockSupport.parkNanos(remaining - PARK_MARGIN_NS);
            }
            else
            {
                Thread.yield();
            }
            now = System.nanoTime();
        }
        return now;
    }

    private static void record(final Histogram histogram, final long nanos)
    {
        histogram.recordValue(Math.min(Math.max(nanos, 0), HIGHEST_NS));
    }

    /**
     * A paced run's result.
     *
     * @param histogram latencies from the intended send times, ns.
     * @param unsent    scheduled requests never sent because the contender fell too far behind.
     * @param late      requests sent more than one interval after their intended time.
     */
    record Paced(Histogram histogram, long unsent, long late)
    {
    }
}
