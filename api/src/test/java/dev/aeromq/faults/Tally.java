package dev.aeromq.faults;

import java.util.BitSet;

/**
 * What arrived of a numbered stream of messages (numbers 0 to n - 1, sent in order): how many,
 * how many distinct, duplicated and out of order. Thread-safe.
 */
final class Tally
{
    private final BitSet seen = new BitSet();
    private long received;
    private long duplicates;
    private long outOfOrder;
    private long last = -1;

    /**
     * @param seq the number of a message that arrived.
     */
    synchronized void add(final long seq)
    {
        received++;
        if (seen.get((int)seq))
        {
            duplicates++;
        }
        else
        {
            seen.set((int)seq);
        }
        if (seq < last)
        {
            outOfOrder++;
        }
        last = seq;
    }

    /**
     * @return messages that arrived, duplicates included.
     */
    synchronized long received()
    {
        return received;
    }

    /**
     * @return distinct messages that arrived.
     */
    synchronized long distinct()
    {
        return seen.cardinality();
    }

    /**
     * @return arrivals of a message that had arrived before.
     */
    synchronized long duplicates()
    {
        return duplicates;
    }

    /**
     * @return arrivals of a lower number than the one before.
     */
    synchronized long outOfOrder()
    {
        return outOfOrder;
    }

    /**
     * @param seq a message's number.
     * @return true if it arrived.
     */
    synchronized boolean contains(final long seq)
    {
        return seen.get((int)seq);
    }

    /**
     * @return the highest number that arrived, or -1.
     */
    synchronized long highest()
    {
        return seen.length() - 1;
    }

    /**
     * @param sent how many were sent (numbers 0 to sent - 1).
     * @return how many of them never arrived.
     */
    synchronized long lost(final long sent)
    {
        return sent - seen.get(0, (int)sent).cardinality();
    }

    /**
     * @param sent  how many were sent (numbers 0 to sent - 1).
     * @param limit at most this many.
     * @return the first numbers that never arrived, comma-separated, or {@code -}.
     */
    synchronized String missing(final long sent, final int limit)
    {
        final StringBuilder text = new StringBuilder();
        int listed = 0;
        for (int seq = seen.nextClearBit(0); seq < sent && listed < limit; seq = seen.nextClearBit(seq + 1))
        {
            text.append(listed++ == 0 ? "" : ",").append(seq);
        }
        return listed == 0 ? "-" : text.toString();
    }

    /**
     * @param sent how many were sent.
     * @return {@code sent=.. received=.. lost=.. duplicates=.. outOfOrder=..}, for a figures line.
     */
    synchronized String figures(final long sent)
    {
        return "sent=" + sent + " received=" + received + " lost=" + lost(sent) + " duplicates=" + duplicates +
            " outOfOrder=" + outOfOrder + " missing=" + missing(sent, 10);
    }
}
