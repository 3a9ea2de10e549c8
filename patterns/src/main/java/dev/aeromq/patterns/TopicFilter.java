package dev.aeromq.patterns;

import dev.aeromq.codec.DataView;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A SUB's prefixes, counted: subscribing twice to a prefix needs two unsubscribes. User threads
 * change it; the socket's duty thread matches arriving topics against the active prefixes, a
 * copy-on-write array behind a volatile reference.
 */
final class TopicFilter
{
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private volatile byte[][] active = new byte[0][];

    /**
     * @param prefix to add once more.
     * @return true if it was not active before (the PUBs must be told).
     */
    boolean add(final String prefix)
    {
        lock.lock();
        try
        {
            final boolean first = counts.merge(prefix, 1, Integer::sum) == 1;
            if (first)
            {
                publish();
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
            publish();
            return true;
        }
        finally
        {
            lock.unlock();
        }
    }

    private void publish()
    {
        final byte[][] next = new byte[counts.size()][];
        int i = 0;
        for (final String prefix : counts.keySet())
        {
            next[i++] = prefix.getBytes(StandardCharsets.UTF_8);
        }
        active = next;
    }

    /**
     * @param data an arriving message.
     * @return true if its topic starts with an active prefix.
     */
    boolean matches(final DataView data)
    {
        for (final byte[] prefix : active)
        {
            if (data.topicStartsWith(prefix))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the active prefixes, for a handshake.
     */
    List<byte[]> active()
    {
        return List.of(active);
    }
}
