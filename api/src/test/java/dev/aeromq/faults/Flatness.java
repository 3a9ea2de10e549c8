package dev.aeromq.faults;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Whether a memory figure stayed flat over a long run. The first quarter of the samples is warm-up
 * (JIT, pools, Aeron's first logs) and ignored; of the rest, the median of the last third may exceed the
 * median of the first third by at most 10% or a fixed slack, whichever is larger. Medians, so one
 * sample taken in the middle of a burst does not decide; thirds, so a steady leak of a few MiB a minute
 * over ten minutes shows.
 *
 * @param what        {@code heap} or {@code rss}.
 * @param firstMedian bytes: median of the first third after warm-up.
 * @param lastMedian  bytes: median of the last third.
 * @param allowed     bytes the last may exceed the first by.
 */
record Flatness(String what, long firstMedian, long lastMedian, long allowed)
{
    /**
     * One sample of this JVM's memory.
     *
     * @param atNs elapsed since the start.
     * @param heap heap bytes in use after a full collection.
     * @param rss  resident set size in bytes.
     */
    record Sample(long atNs, long heap, long rss)
    {
    }

    /**
     * @param what     names the figure.
     * @param samples  at least 4, in time order.
     * @param figure   which figure of a sample.
     * @param slackMiB the fixed slack.
     * @return the judgement.
     */
    static Flatness of(final String what, final List<Sample> samples, final ToLongFunction<Sample> figure,
        final long slackMiB)
    {
        if (samples.size() < 4)
        {
            throw new IllegalArgumentException("too few samples to judge flatness: " + samples.size());
        }
        final long[] values = samples.subList(samples.size() / 4, samples.size()).stream().mapToLong(figure)
            .toArray();
        final int third = Math.max(1, values.length / 3);
        final long first = median(Arrays.copyOfRange(values, 0, third));
        final long last = median(Arrays.copyOfRange(values, values.length - third, values.length));
        return new Flatness(what, first, last, Math.max(slackMiB << 20, first / 10));
    }

    /**
     * @return true if the last third's median stays within the allowance of the first's.
     */
    boolean isFlat()
    {
        return lastMedian - firstMedian <= allowed;
    }

    private static long median(final long[] values)
    {
        final long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    @Override
    public String toString()
    {
        return what + ":firstMiB=" + Memory.mib(firstMedian) + ",lastMiB=" + Memory.mib(lastMedian) +
            ",allowedMiB=" + Memory.mib(allowed) + "," + (isFlat() ? "flat" : "GROWING");
    }
}
