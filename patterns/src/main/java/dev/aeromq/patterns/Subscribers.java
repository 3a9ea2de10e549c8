package dev.aeromq.patterns;

import dev.aeromq.transport.Link;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A PUB's subscribers and the prefixes each holds: the PUB's distribution table (JeroMQ's
 * {@code Dist}).
 * <p>
 * Threads: the socket's duty thread changes it ({@link #onPrefix}, {@link #join}, {@link #leave});
 * publishing threads read {@link #snapshot()}, a copy-on-write array behind a volatile reference,
 * whose {@link PrefixSet}s are themselves safe to read while the duty thread changes them. A
 * handshake's prefixes arrive before the peer joins, so they wait in a map only the duty thread uses.
 */
final class Subscribers
{
    private static final Subscriber[] NONE = new Subscriber[0];

    private final Map<Link, PrefixSet> prefixesByLink = new IdentityHashMap<>();
    private volatile Subscriber[] subscribers = NONE;

    /**
     * One SUB and its prefixes.
     *
     * @param link     to send to.
     * @param prefixes it holds.
     */
    record Subscriber(Link link, PrefixSet prefixes)
    {
    }

    /**
     * @return the joined subscribers now; never modified.
     */
    Subscriber[] snapshot()
    {
        return subscribers;
    }

    /**
     * @return false if the prefix was refused (beyond the limits).
     */
    boolean onPrefix(final Link link, final boolean add, final byte[] prefix)
    {
        final PrefixSet prefixes = prefixesByLink.computeIfAbsent(link, ignore -> new PrefixSet());
        if (add)
        {
            return prefixes.add(prefix);
        }
        prefixes.remove(prefix);
        return true;
    }

    void join(final Link link)
    {
        final PrefixSet prefixes = prefixesByLink.computeIfAbsent(link, ignore -> new PrefixSet());
        final Subscriber[] current = subscribers;
        final Subscriber[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = new Subscriber(link, prefixes);
        subscribers = next;
    }

    void leave(final Link link)
    {
        prefixesByLink.remove(link); // a returning SUB starts from its handshake again
        final Subscriber[] current = subscribers;
        for (int i = 0; i < current.length; i++)
        {
            if (current[i].link() == link)
            {
                final Subscriber[] next = current.length == 1 ? NONE : new Subscriber[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                subscribers = next;
                return;
            }
        }
    }
}
