package dev.aeromq.patterns;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The radix tree behind prefix matching: the same answers as checking every prefix, through any mix of
 * adds and removes (edges split and merged), and safe to read while one thread writes.
 */
class PrefixTrieTest
{
    @Test
    void answersLikeCheckingEveryPrefixThroughRandomAddsAndRemoves()
    {
        final Random random = new Random(42);
        final PrefixTrie trie = new PrefixTrie();
        final List<byte[]> held = new ArrayList<>();
        for (int step = 0; step < 20_000; step++)
        {
            final byte[] prefix = randomBytes(random, 6);
            if (random.nextInt(3) == 0)
            {
                final boolean was = contains(held, prefix);
                assertEquals(was, trie.remove(prefix), "remove reports whether it was there");
                held.removeIf(p -> Arrays.equals(p, prefix));
            }
            else
            {
                assertEquals(!contains(held, prefix), trie.add(prefix), "add reports whether it was new");
                if (!contains(held, prefix))
                {
                    held.add(prefix);
                }
            }
            final byte[] topic = randomBytes(random, 9);
            assertEquals(naiveMatch(held, topic), matches(trie, topic), "topic " + Arrays.toString(topic));
        }
    }

    @Test
    void emptyPrefixMatchesEverythingAndLongerPrefixesNeedTheWholeLabel()
    {
        final PrefixTrie trie = new PrefixTrie();
        assertFalse(matches(trie, utf8("")));
        trie.add(utf8("news.sport"));
        trie.add(utf8("news.weather"));
        assertTrue(matches(trie, utf8("news.sport.today")));
        assertFalse(matches(trie, utf8("news.")), "a topic shorter than every prefix");
        assertFalse(matches(trie, utf8("news.spor")));
        trie.add(utf8("news"));
        assertTrue(matches(trie, utf8("news.")));
        trie.remove(utf8("news"));
        assertFalse(matches(trie, utf8("news.")));
        assertTrue(matches(trie, utf8("news.weather")));
        trie.add(new byte[0]);
        assertTrue(matches(trie, utf8("")));
        assertTrue(matches(trie, utf8("anything")));
    }

    @Test
    void sixtyFiveThousandPrefixesCostTheTopicsLengthToMatch()
    {
        final PrefixTrie trie = new PrefixTrie();
        final Set<String> added = new HashSet<>();
        for (int i = 0; i < 65_536; i++)
        {
            final String prefix = "instrument." + Integer.toHexString(i * 31) + "." + i;
            added.add(prefix);
            assertTrue(trie.add(utf8(prefix)));
        }
        assertTrue(matches(trie, utf8("instrument." + Integer.toHexString(7 * 31) + ".7.quote")));
        assertFalse(matches(trie, utf8("instrument.zz")));
        for (final String prefix : added)
        {
            assertTrue(trie.remove(utf8(prefix)));
        }
        assertFalse(matches(trie, utf8("instrument.0.0")), "all gone");
    }

    @Test
    void readersSeeEveryStablePrefixWhileAWriterChangesOthers() throws Exception
    {
        final PrefixTrie trie = new PrefixTrie();
        trie.add(utf8("stable.a"));
        trie.add(utf8("stable.b"));
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicReference<String> failure = new AtomicReference<>();
        final Thread reader = Thread.ofPlatform().start(() ->
        {
            final UnsafeBuffer a = new UnsafeBuffer(utf8("stable.a.x"));
            final UnsafeBuffer b = new UnsafeBuffer(utf8("stable.b"));
            while (!stop.get())
            {
                if (!trie.matches(a, 0, a.capacity()) || !trie.matches(b, 0, b.capacity()))
                {
                    failure.set("a stable prefix was missed while another changed");
                }
            }
        });
        final Random random = new Random(7);
        for (int i = 0; i < 200_000; i++)
        {
            final byte[] churn = utf8("stable." + (char)('a' + random.nextInt(3)) + random.nextInt(50));
            if (random.nextBoolean())
            {
                trie.add(churn);
            }
            else
            {
                trie.remove(churn);
            }
            trie.add(utf8("stab"));
            trie.remove(utf8("stab")); // splits and merges the edge the stable prefixes hang on
        }
        stop.set(true);
        reader.join();
        assertNull(failure.get());
    }

    private static boolean matches(final PrefixTrie trie, final byte[] topic)
    {
        return trie.matches(new UnsafeBuffer(topic), 0, topic.length);
    }

    private static boolean naiveMatch(final List<byte[]> prefixes, final byte[] topic)
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

    private static boolean contains(final List<byte[]> prefixes, final byte[] prefix)
    {
        return prefixes.stream().anyMatch(p -> Arrays.equals(p, prefix));
    }

    private static byte[] randomBytes(final Random random, final int maxLength)
    {
        final byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)random.nextInt(3); // a small alphabet, so prefixes share edges
        }
        return bytes;
    }

    private static byte[] utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
