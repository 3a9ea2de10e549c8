package dev.aeromq.patterns;

import dev.aeromq.codec.DataView;
import dev.aeromq.codec.WireReader;
import dev.aeromq.codec.WireWriter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A SUB's counted subscriptions: the PUBs hear of a prefix when it first becomes active and when it
 * last stops being active, and arriving topics match the active prefixes.
 */
class TopicFilterTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final WireWriter writer = new WireWriter();
    private final WireReader reader = new WireReader();
    private final DataView data = new DataView();

    @Test
    void addIsTrueOnlyTheFirstTime()
    {
        final TopicFilter filter = new TopicFilter();
        assertTrue(filter.add("news"));
        assertFalse(filter.add("news"));
        assertFalse(filter.add("news"));
        assertTrue(filter.add("sport"));
    }

    @Test
    void twoAddsNeedTwoRemovesAndOnlyTheLastRemoveIsTrue()
    {
        final TopicFilter filter = new TopicFilter();
        filter.add("news");
        filter.add("news");

        assertFalse(filter.remove("news"), "one subscription is left");
        assertTrue(filter.matches(message("news.today")));
        assertEquals(1, filter.active().size());

        assertTrue(filter.remove("news"), "the last subscription went");
        assertFalse(filter.matches(message("news.today")));
        assertEquals(List.of(), filter.active());

        assertFalse(filter.remove("news"), "no subscription is left to remove");
    }

    @Test
    void removingAnUnknownPrefixIsIgnored()
    {
        final TopicFilter filter = new TopicFilter();
        filter.add("a");
        assertFalse(filter.remove("b"));
        assertTrue(filter.matches(message("abc")));
    }

    @Test
    void activeListsEachActivePrefixOnceAsUtf8InTheOrderAdded()
    {
        final TopicFilter filter = new TopicFilter();
        filter.add("b");
        filter.add("\u00e9t\u00e9");
        filter.add("b");
        filter.add("a");
        final List<byte[]> active = filter.active();
        assertEquals(3, active.size());
        assertArrayEquals(utf8("b"), active.get(0));
        assertArrayEquals(utf8("\u00e9t\u00e9"), active.get(1));
        assertArrayEquals(utf8("a"), active.get(2));

        filter.remove("\u00e9t\u00e9");
        assertEquals(2, filter.active().size());
    }

    @Test
    void activeIsASnapshotThatLaterChangesDoNotTouch()
    {
        final TopicFilter filter = new TopicFilter();
        filter.add("a");
        final List<byte[]> before = filter.active();
        filter.add("b");
        filter.remove("a");
        assertEquals(1, before.size());
        assertArrayEquals(utf8("a"), before.get(0));
    }

    @Test
    void topicsMatchActivePrefixesByteWise()
    {
        final TopicFilter filter = new TopicFilter();
        assertFalse(filter.matches(message("anything")), "no subscription, no match");
        filter.add("news.");
        assertTrue(filter.matches(message("news.sport")));
        assertFalse(filter.matches(message("news")));
        assertFalse(filter.matches(message("weather")));
        filter.add("");
        assertTrue(filter.matches(message("weather")), "the empty prefix matches every topic");
        assertTrue(filter.matches(message("")));
    }

    private DataView message(final String topic)
    {
        final DirectBuffer[] noFrames = new DirectBuffer[0];
        final int length = writer.dataHeader(buffer, 0, 0, noFrames, Map.of(), utf8(topic));
        reader.read(buffer, 0, length);
        return data.wrap(reader);
    }

    private static byte[] utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
