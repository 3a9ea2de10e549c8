package dev.aeromq.patterns;

import dev.aeromq.transport.FanOutPublication;
import dev.aeromq.transport.Link;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A PUB's shared streams ({@link FanOutPublication}, one per bound endpoint) and the SUBs that read each.
 * A message goes into a stream once, if any SUB reading it holds a matching prefix: the union of their
 * prefixes, counted, is the publisher's filter (so a topic nobody wants is never written); each SUB then
 * filters again for itself. A SUB counts from the moment it says it reads the stream ({@link #attach});
 * before that it is pending, and its prefixes wait.
 * <p>
 * Threads: the socket's duty thread changes it; publishing threads read {@link #snapshot()}, a
 * copy-on-write array behind a volatile reference, whose tries are safe to read while the duty thread
 * changes them ({@link PrefixTrie}).
 */
final class FanOutGroups
{
    private static final Group[] NONE = new Group[0];

    private final Map<FanOutPublication, Group> groups = new IdentityHashMap<>();
    private final Map<Link, Member> members = new IdentityHashMap<>();
    private volatile Group[] snapshot = NONE;

    /**
     * One shared stream and the union of the prefixes of the SUBs reading it.
     */
    static final class Group
    {
        private final FanOutPublication publication;
        private final PrefixTrie union = new PrefixTrie();
        private final Map<String, Integer> counts = new HashMap<>();
        private int members;

        Group(final FanOutPublication publication)
        {
            this.publication = publication;
        }

        FanOutPublication publication()
        {
            return publication;
        }

        /**
         * @param topic  holding the UTF-8 topic bytes.
         * @param offset where they start.
         * @param length how many.
         * @return true if a SUB reading the stream holds a prefix of the topic.
         */
        boolean wants(final DirectBuffer topic, final int offset, final int length)
        {
            return union.matches(topic, offset, length);
        }

        private void add(final String key)
        {
            if (counts.merge(key, 1, Integer::sum) == 1)
            {
                union.add(key.getBytes(StandardCharsets.ISO_8859_1));
            }
        }

        private void remove(final String key)
        {
            final Integer count = counts.get(key);
            if (count == null)
            {
                return;
            }
            if (count > 1)
            {
                counts.put(key, count - 1);
                return;
            }
            counts.remove(key);
            union.remove(key.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    /** A SUB that joined through a shared stream, and the prefixes it holds (bytes as ISO-8859-1 text). */
    private static final class Member
    {
        private final Group group;
        private final Set<String> prefixes = new HashSet<>();
        private boolean attached;

        Member(final Group group)
        {
            this.group = group;
        }
    }

    /**
     * @return the shared streams now; never modified.
     */
    Group[] snapshot()
    {
        return snapshot;
    }

    /**
     * @param link a SUB that joins through a shared stream ({@link Link#fanOut()} set); it is pending until it
     *             attaches.
     */
    void pending(final Link link)
    {
        member(link);
    }

    /**
     * @param link a pending SUB that now reads the stream.
     * @return true if it was pending (it counts from now on).
     */
    boolean attach(final Link link)
    {
        final Member member = members.get(link);
        if (member == null || member.attached)
        {
            return false;
        }
        member.attached = true;
        for (final String key : member.prefixes)
        {
            member.group.add(key);
        }
        return true;
    }

    /**
     * @param link   a SUB that joins or joined through a shared stream (others are ignored).
     * @param add    true to add, false to drop.
     * @param prefix the prefix's bytes.
     */
    void onPrefix(final Link link, final boolean add, final byte[] prefix)
    {
        if (link.fanOut() == null)
        {
            return;
        }
        final Member member = member(link);
        final String key = new String(prefix, StandardCharsets.ISO_8859_1);
        if (add ? member.prefixes.add(key) : member.prefixes.remove(key))
        {
            if (member.attached)
            {
                if (add)
                {
                    member.group.add(key);
                }
                else
                {
                    member.group.remove(key);
                }
            }
        }
    }

    /**
     * @param link a SUB that left.
     * @return true if it had attached (it was counted).
     */
    boolean leave(final Link link)
    {
        final Member member = members.remove(link);
        if (member == null)
        {
            return false;
        }
        final Group group = member.group;
        if (member.attached)
        {
            for (final String key : member.prefixes)
            {
                group.remove(key);
            }
        }
        if (--group.members == 0)
        {
            groups.remove(group.publication);
            final Group[] current = snapshot;
            final Group[] next = new Group[current.length - 1];
            int j = 0;
            for (final Group each : current)
            {
                if (each != group)
                {
                    next[j++] = each;
                }
            }
            snapshot = next.length == 0 ? NONE : next;
        }
        return member.attached;
    }

    private Member member(final Link link)
    {
        Member member = members.get(link);
        if (member == null)
        {
            Group group = groups.get(link.fanOut());
            if (group == null)
            {
                group = new Group(link.fanOut());
                groups.put(link.fanOut(), group);
                final Group[] current = snapshot;
                final Group[] next = Arrays.copyOf(current, current.length + 1);
                next[current.length] = group;
                snapshot = next;
            }
            group.members++;
            member = new Member(group);
            members.put(link, member);
        }
        return member;
    }
}
