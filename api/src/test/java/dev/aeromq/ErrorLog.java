package dev.aeromq;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An error handler for a test's communicator: keeps every error it is handed, with when it came.
 */
final class ErrorLog implements Consumer<Throwable>
{
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) more errors were not reported");

    /**
     * An error as the handler got it.
     *
     * @param atNs  {@link System#nanoTime()} of the call.
     * @param error what it was handed.
     */
    record Entry(long atNs, Throwable error)
    {
        String message()
        {
            return String.valueOf(error.getMessage());
        }
    }

    private final Queue<Entry> entries = new ConcurrentLinkedQueue<>();

    @Override
    public void accept(final Throwable error)
    {
        entries.add(new Entry(System.nanoTime(), error));
    }

    /**
     * @return every error so far, in order.
     */
    List<Entry> entries()
    {
        return List.copyOf(entries);
    }

    /**
     * @param matches picks errors.
     * @return how many so far match.
     */
    int count(final Predicate<Throwable> matches)
    {
        return (int)entries.stream().filter((entry) -> matches.test(entry.error())).count();
    }

    /**
     * @param text a part of the message.
     * @return how many errors so far have it in their message.
     */
    int countContaining(final String text)
    {
        return count((error) -> String.valueOf(error.getMessage()).contains(text));
    }

    /**
     * @return how many errors the handler got in the second that began with the first.
     */
    int inFirstSecond()
    {
        final List<Entry> all = entries();
        if (all.isEmpty())
        {
            return 0;
        }
        final long endNs = all.get(0).atNs() + TimeUnit.SECONDS.toNanos(1);
        return (int)all.stream().filter((entry) -> entry.atNs() - endNs < 0).count();
    }

    /**
     * @return the errors the reporter's summaries say it did not report, summed.
     */
    long summarised()
    {
        long sum = 0;
        for (final Entry entry : entries())
        {
            final Matcher matcher = SUMMARY.matcher(entry.message());
            if (matcher.find())
            {
                sum += Long.parseLong(matcher.group(1));
            }
        }
        return sum;
    }

    /**
     * @return how many summaries so far.
     */
    int summaries()
    {
        return count((error) -> SUMMARY.matcher(String.valueOf(error.getMessage())).find());
    }

    @Override
    public String toString()
    {
        final List<Entry> all = entries();
        return all.size() + " errors" + (all.isEmpty() ? "" : ", the last: " + all.get(all.size() - 1).error());
    }
}
