package dev.aeromq.patterns;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One SUB's prefixes at a PUB: a set of byte strings, matched byte-wise against a topic's start.
 */
class PrefixSetTest
{
    private static byte[] utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anEmptySetMatchesNothing()
    {
        final PrefixSet set = new PrefixSet();
        assertFalse(matches(set, utf8("")));
        assertFalse(matches(set, utf8("news")));
    }

    @Test
    void aPrefixMatchesTopicsThatStartWithItsBytes()
    {
        final PrefixSet set = new PrefixSet();
        set.add(utf8("news."));
        assertTrue(matches(set, utf8("news.")));
        assertTrue(matches(set, utf8("news.sport")));
        assertFalse(matches(set, utf8("news")), "a topic shorter than the prefix");
        assertFalse(matches(set, utf8("the news.sport")), "a prefix, not a substring");
        assertFalse(matches(set, utf8("News.sport")), "bytes, not case-insensitive text");
    }

    @Test
    void theEmptyPrefixMatchesEveryTopic()
    {
        final PrefixSet set = new PrefixSet();
        set.add(new byte[0]);
        assertTrue(matches(set, utf8("")));
        assertTrue(matches(set, utf8("anything")));
    }

    @Test
    void matchingIsByteWiseNotCharacterWise()
    {
        final PrefixSet set = new PrefixSet();
        final byte[] accented = utf8("\u00e9"); // two bytes in UTF-8
        set.add(new byte[] {accented[0]});
        assertTrue(matches(set, utf8("\u00e9t\u00e9")), "the first byte of a character is a prefix of it");
        assertFalse(matches(set, utf8("e")));

        final PrefixSet binary = new PrefixSet();
        binary.add(new byte[] {(byte)0xFF, 0});
        assertTrue(matches(binary, new byte[] {(byte)0xFF, 0, 1}));
        assertFalse(matches(binary, new byte[] {(byte)0xFF, 1}));
    }

    @Test
    void addingTwiceIsAddingOnceSoOneRemoveDropsIt()
    {
        final PrefixSet set = new PrefixSet();
        set.add(utf8("a"));
        set.add(utf8("a"));
        set.remove(utf8("a"));
        assertFalse(matches(set, utf8("abc")));
    }

    @Test
    void removeDropsOnlyThatPrefixAndIgnoresUnknownOnes()
    {
        final PrefixSet set = new PrefixSet();
        set.add(utf8("a"));
        set.add(utf8("b"));
        set.add(utf8("c"));
        set.remove(utf8("zzz"));
        set.remove(utf8("b"));
        assertTrue(matches(set, utf8("a1")));
        assertFalse(matches(set, utf8("b1")));
        assertTrue(matches(set, utf8("c1")));
        set.remove(utf8("a"));
        set.remove(utf8("c"));
        assertFalse(matches(set, utf8("a1")) || matches(set, utf8("c1")));
    }

    @Test
    void aPrefixIsComparedByContentNotByArray()
    {
        final PrefixSet set = new PrefixSet();
        set.add(utf8("key"));
        set.remove(utf8("key")); // another array with the same bytes
        assertFalse(matches(set, utf8("key")));
    }

    private static boolean matches(final PrefixSet set, final byte[] topic)
    {
        return set.matches(new UnsafeBuffer(topic), 0, topic.length);
    }
}
