package dev.aeromq.patterns;

import java.util.Arrays;

/**
 * The topic prefixes one SUB holds, as a PUB sees them. Written by the engine thread, read by
 * publishing threads: copy-on-write, so matching takes no lock and allocates nothing.
 */
final class PrefixSet
{
    private volatile byte[][] prefixes = new byte[0][];

    void add(final byte[] prefix)
    {
        final byte[][] current = prefixes;
        for (final byte[] p : current)
        {
            if (Arrays.equals(p, prefix))
            {
                return;
            }
        }
        final byte[][] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = prefix;
        prefixes = next;
    }

    void remove(final byte[] prefix)
    {
        final byte[][] current = prefixes;
        for (int i = 0; i < current.length; i++)
        {
            if (Arrays.equals(current[i], prefix))
            {
                final byte[][] next = new byte[current.length - 1][];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                prefixes = next;
                return;
            }
        }
    }

    /**
     * @param topic UTF-8 topic bytes.
     * @return true if any prefix is a byte-wise prefix of the topic.
     */
    boolean matches(final byte[] topic)
    {
        for (final byte[] prefix : prefixes)
        {
            if (prefix.length <= topic.length && Arrays.equals(prefix, 0, prefix.length, topic, 0, prefix.length))
            {
                return true;
            }
        }
        return false;
    }
}
