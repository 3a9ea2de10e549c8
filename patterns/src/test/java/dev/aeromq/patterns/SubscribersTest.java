package dev.aeromq.patterns;

import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.transport.Link;
import dev.aeromq.transport.TestLinks;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A PUB's subscribers and their prefixes: prefixes from the handshake arrive before the SUB joins,
 * a leave forgets them, and publishers read a snapshot that later changes never touch.
 */
class SubscribersTest
{
    private final Link first = TestLinks.unconnected(SocketType.SUB, "first SUB");
    private final Link second = TestLinks.unconnected(SocketType.SUB, "second SUB");

    private static byte[] utf8(final String text)
    {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void noSubscribersAtFirst()
    {
        assertEquals(0, new Subscribers().snapshot().length);
    }

    @Test
    void prefixesThatArriveBeforeTheJoinAreKept()
    {
        final Subscribers subscribers = new Subscribers();
        subscribers.onPrefix(first, true, utf8("news"));
        assertEquals(0, subscribers.snapshot().length, "not a subscriber before it joins");

        subscribers.join(first);

        final Subscribers.Subscriber[] joined = subscribers.snapshot();
        assertEquals(1, joined.length);
        assertSame(first, joined[0].link());
        assertTrue(matches(joined[0].prefixes(), utf8("news.sport")));
        assertFalse(matches(joined[0].prefixes(), utf8("weather")));
    }

    @Test
    void prefixesAfterTheJoinChangeTheSubscribersSet()
    {
        final Subscribers subscribers = new Subscribers();
        subscribers.join(first);
        final PrefixSet prefixes = subscribers.snapshot()[0].prefixes();
        assertFalse(matches(prefixes, utf8("news")));

        subscribers.onPrefix(first, true, utf8("news"));
        assertTrue(matches(prefixes, utf8("news")));
        subscribers.onPrefix(first, false, utf8("news"));
        assertFalse(matches(prefixes, utf8("news")));
    }

    @Test
    void eachSubscriberHasItsOwnPrefixes()
    {
        final Subscribers subscribers = new Subscribers();
        subscribers.onPrefix(first, true, utf8("a"));
        subscribers.onPrefix(second, true, utf8("b"));
        subscribers.join(first);
        subscribers.join(second);
        final Subscribers.Subscriber[] both = subscribers.snapshot();
        assertTrue(matches(both[0].prefixes(), utf8("a")) && !matches(both[0].prefixes(), utf8("b")));
        assertTrue(matches(both[1].prefixes(), utf8("b")) && !matches(both[1].prefixes(), utf8("a")));
    }

    @Test
    void aLeaveDropsTheSubscriberAndItsPrefixesSoARejoinStartsAfresh()
    {
        final Subscribers subscribers = new Subscribers();
        subscribers.onPrefix(first, true, utf8("news"));
        subscribers.join(first);
        subscribers.join(second);

        subscribers.leave(first);

        final Subscribers.Subscriber[] left = subscribers.snapshot();
        assertEquals(1, left.length);
        assertSame(second, left[0].link());

        subscribers.join(first);
        final Subscribers.Subscriber rejoined = subscribers.snapshot()[1];
        assertSame(first, rejoined.link());
        assertFalse(matches(rejoined.prefixes(), utf8("news")), "the old prefixes went with the leave");
    }

    @Test
    void leavingUnknownLinksChangesNothing()
    {
        final Subscribers subscribers = new Subscribers();
        subscribers.join(first);
        final Subscribers.Subscriber[] before = subscribers.snapshot();
        subscribers.leave(second);
        assertEquals(1, subscribers.snapshot().length);
        assertSame(first, subscribers.snapshot()[0].link());
        assertEquals(1, before.length);
    }

    @Test
    void aSnapshotIsCopyOnWrite()
    {
        final Subscribers subscribers = new Subscribers();
        subscribers.join(first);
        final Subscribers.Subscriber[] one = subscribers.snapshot();

        subscribers.join(second);
        final Subscribers.Subscriber[] two = subscribers.snapshot();
        assertEquals(1, one.length, "a join makes a new array");
        assertSame(first, one[0].link());
        assertEquals(2, two.length);

        subscribers.leave(first);
        assertEquals(2, two.length, "a leave makes a new array");
        assertSame(first, two[0].link());
        assertSame(second, two[1].link());
        assertEquals(1, subscribers.snapshot().length);

        subscribers.leave(second);
        assertEquals(0, subscribers.snapshot().length);
        assertEquals(1, one.length);
    }

    private static boolean matches(final PrefixSet set, final byte[] topic)
    {
        return set.matches(new UnsafeBuffer(topic), 0, topic.length);
    }
}
