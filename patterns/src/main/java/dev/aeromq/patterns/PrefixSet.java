package dev.aeromq.patterns;

import dev.aeromq.transport.Limits;
import org.agrona.DirectBuffer;

/**
 * The topic prefixes one SUB holds, as a PUB sees them: a set (adding twice is adding once), within
 * {@link Limits}. Written by the engine thread, read by publishing threads: matching takes no lock,
 * allocates nothing, and costs the topic's length, not the number of prefixes ({@link PrefixTrie}).
 */
final class PrefixSet
{
    private final PrefixTrie trie = new PrefixTrie();
    private int count;
    private long bytes;

    /**
     * @param prefix to add.
     * @return false if it was refused: it would take the SUB beyond the limits.
     */
    boolean add(final byte[] prefix)
    {
        if (prefix.length > Limits.MAX_PREFIX_LENGTH || count >= Limits.MAX_PREFIXES ||
            bytes + prefix.length > Limits.MAX_PREFIX_BYTES)
        {
            return false;
        }
        if (trie.add(prefix))
        {
            count++;
            bytes += prefix.length;
        }
        return true;
    }

    void remove(final byte[] prefix)
    {
        if (trie.remove(prefix))
        {
            count--;
            bytes -= prefix.length;
        }
    }

    /**
     * @param topic  holding the UTF-8 topic bytes.
     * @param offset where they start.
     * @param length how many.
     * @return true if any prefix is a byte-wise prefix of the topic.
     */
    boolean matches(final DirectBuffer topic, final int offset, final int length)
    {
        return trie.matches(topic, offset, length);
    }
}
