package dev.aeromq.patterns;

import dev.aeromq.codec.DataView;
import dev.aeromq.transport.Failure;
import dev.aeromq.transport.Failures;
import dev.aeromq.transport.Limits;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A SUB's prefixes, counted: subscribing twice to a prefix needs two unsubscribes. User threads
 * change it, one at a time under a lock; the socket's duty thread matches arriving topics against
 * the active prefixes without one ({@link PrefixTrie}: the cost is the topic's length, not the number
 * of prefixes). The {@link Limits} a PUB enforces are checked here first, so an honest SUB is told at
 * {@code subscribe} rather than dropped at the PUB.
 */
final class TopicFilter
{
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final PrefixTrie active = new PrefixTrie();
    private long activeBytes;

    /**
     * @param prefix to add once more.
     * @return true if it was not active before (the PUBs must be told).
     * @throws IllegalArgumentException if the prefix is longer than a PUB accepts.
     * @throws RuntimeException         of kind SOCKET_STATE if the SUB holds as many prefixes as a PUB accepts.
     */
    boolean add(final String prefix)
    {
        final byte[] bytes = prefix.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Limits.MAX_PREFIX_LENGTH)
        {
            throw new IllegalArgumentException("a prefix of " + bytes.length + " UTF-8 bytes is longer than the " +
                Limits.MAX_PREFIX_LENGTH + " a PUB accepts; subscribe to a shorter prefix of it");
        }
        lock.lock();
        try
        {
            if (!counts.containsKey(prefix) &&
                (counts.size() >= Limits.MAX_PREFIXES || activeBytes + bytes.length > Limits.MAX_PREFIX_BYTES))
            {
                throw Failures.of(Failure.Kind.SOCKET_STATE, "the SUB socket holds " + counts.size() +
                    " prefixes of " + activeBytes + " bytes; a PUB accepts at most " + Limits.MAX_PREFIXES +
                    " prefixes of " + Limits.MAX_PREFIX_BYTES + " bytes: unsubscribe some, or use broader ones");
            }
            final boolean first = counts.merge(prefix, 1, Integer::sum) == 1;
            if (first)
            {
                active.add(bytes);
                activeBytes += bytes.length;
            }
            return first;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @param prefix to drop once; unknown prefixes are ignored.
     * @return true if it is no longer active (the PUBs must be told).
     */
    boolean remove(final String prefix)
    {
        lock.lock();
        try
        {
            final Integer count = counts.get(prefix);
            if (count == null)
            {
                return false;
            }
            if (count > 1)
            {
                counts.put(prefix, count - 1);
                return false;
            }
            counts.remove(prefix);
            final byte[] bytes = prefix.getBytes(StandardCharsets.UTF_8);
            active.remove(bytes);
            activeBytes -= bytes.length;
            return true;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @param data an arriving message.
     * @return true if its topic starts with an active prefix.
     */
    boolean matches(final DataView data)
    {
        return active.matches(data.buffer(), data.topicOffset(), data.topicLength());
    }

    /**
     * @return the active prefixes, for a handshake.
     */
    List<byte[]> active()
    {
        lock.lock();
        try
        {
            final List<byte[]> prefixes = new ArrayList<>(counts.size());
            for (final String prefix : counts.keySet())
            {
                prefixes.add(prefix.getBytes(StandardCharsets.UTF_8));
            }
            return prefixes;
        }
        finally
        {
            lock.unlock();
        }
    }
}
