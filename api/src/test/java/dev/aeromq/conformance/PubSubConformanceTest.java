package dev.aeromq.conformance;

import dev.aeromq.AeroMqException;
import dev.aeromq.Communicator;
import dev.aeromq.Message;
import dev.aeromq.PubSocket;
import dev.aeromq.ReceivingSocket;
import dev.aeromq.SendingSocket;
import dev.aeromq.SubSocket;
import dev.aeromq.Testing;
import dev.aeromq.UdpDelivery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** PUB/SUB conformance (RULES.md, PUB/SUB rules 1-10), each delivery rule over IPC and UDP. */
class PubSubConformanceTest
{
    /** The one accepted short wait: how long "nothing arrives" is watched for. */
    private static final Duration QUIET = Duration.ofMillis(250);
    /** How long each round of a publish-until-received loop waits for the message. */
    private static final Duration POLL = Duration.ofMillis(50);

    // Rule 1: a connected SUB without subscriptions gets nothing; once it subscribes, messages flow.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void newSubscriberReceivesNothingUntilItSubscribes(final Testing.Transport transport)
    {
        try (var comm = Testing.open())
        {
            final var pub = boundPub(comm, transport, "ps-unsubscribed");
            final var silent = subscriber(comm, pub);
            // A control SUB proves the messages really went out while the silent one got none.
            final var control = subscriber(comm, pub, "");
            awaitLinked(pub, 2, silent, control);

            for (int i = 0; i < 10; i++)
            {
                pub.publish("early", Message.of("early-" + i));
            }
            for (int i = 0; i < 10; i++)
            {
                assertEquals("early-" + i,
                    Testing.receive(control, "early message " + i + " at the control SUB").text());
            }
            assertNothingArrives(silent, "a SUB that never subscribed must receive nothing");

            // Subscribed after the handshake: reaches the PUB asynchronously, so publish until it takes effect.
            silent.subscribe("");
            final var first = publishUntilReceived(pub, silent, "late");
            assertEquals("late", first.topic(),
                "the first message after subscribing is a late one, never an early one");
            assertTrue(first.text().startsWith("late-"), () -> "unexpected first message " + describe(first));
        }
    }

    // Rule 2: the empty prefix matches every topic, the empty topic, and messages with no or empty frames.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void emptyPrefixReceivesEverythingIncludingEmptyMessages(final Testing.Transport transport)
    {
        try (var comm = Testing.open())
        {
            final var pub = boundPub(comm, transport, "ps-everything");
            final var sub = subscriber(comm, pub, "");
            awaitLinked(pub, 1, sub);

            pub.send(Message.of());                                             // no topic, no frames
            pub.send(Message.of(new byte[0]));                                  // no topic, one empty frame
            pub.publish("", Message.of("untopical"));
            pub.publish("weather", Message.of("sunny"));
            pub.send(Message.builder().topic("\u00fcber").frame("umlaut").build());
            pub.publish("z", Message.of());                                     // a topic but no frames

            final var noFrames = Testing.receive(sub, "the message without frames");
            assertEquals("", noFrames.topic());
            assertEquals(0, noFrames.frameCount(), () -> "zero frames must stay zero frames: " + describe(noFrames));

            final var emptyFrame = Testing.receive(sub, "the message of one empty frame");
            assertEquals(1, emptyFrame.frameCount(),
                () -> "one empty frame must stay one frame: " + describe(emptyFrame));
            assertEquals(0, emptyFrame.frame(0).capacity(), "the frame is empty");

            final var untopical = Testing.receive(sub, "the message with an empty topic");
            assertEquals("", untopical.topic());
            assertEquals("untopical", untopical.text());

            final var weather = Testing.receive(sub, "the 'weather' message");
            assertEquals("weather", weather.topic());
            assertEquals("sunny", weather.text());

            final var umlaut = Testing.receive(sub, "the message with a non-ASCII topic");
            assertEquals("\u00fcber", umlaut.topic(), "topic survives as UTF-8");
            assertEquals("umlaut", umlaut.text());

            final var topicOnly = Testing.receive(sub, "the topic-only message");
            assertEquals("z", topicOnly.topic());
            assertEquals(0, topicOnly.frameCount(), () -> "topic-only message gained frames: " + describe(topicOnly));
        }
    }

    // Rule 3: matching is a byte-wise prefix test of the topic: no case folding, no Unicode normalisation.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void matchingIsByteWisePrefixOfTheTopic(final Testing.Transport transport)
    {
        try (var comm = Testing.open())
        {
            final var pub = boundPub(comm, transport, "ps-prefix");
            final var precomposed = "\u00e9t\u00e9";    // "été", e-acute as one code point (UTF-8 C3 A9)
            final var decomposed = "e\u0301t\u00e9";    // looks the same, but starts with 'e' + combining accent
            final var sub = subscriber(comm, pub, "topic", "\u00e9");
            awaitLinked(pub, 1, sub);

            final var published = List.of(
                "topix", "topic abc", "to", "Topic", "topic", "topical", "xtopic", "", "TOPIC abc", decomposed,
                precomposed, "topic-end");
            for (final var topic : published)
            {
                pub.publish(topic, Message.of("body of " + topic));
            }

            // Order per publisher is kept, so a wrongly delivered topic would show up before the final one.
            final var expected = List.of("topic abc", "topic", "topical", precomposed, "topic-end");
            final var received = new ArrayList<String>();
            for (int i = 0; i < expected.size(); i++)
            {
                final var message = Testing.receive(
                    sub, "matching message " + i + " (received so far: " + received + ")");
                assertEquals("body of " + message.topic(), message.text(), "body belongs to its topic");
                received.add(message.topic());
            }
            assertEquals(expected, received, "prefixes 'topic' and '\u00e9' (as bytes) match exactly these topics");
        }
    }

    // Rule 4: subscriptions are a union; a message matching overlapping prefixes arrives once.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void overlappingSubscriptionsDeliverEachMessageOnce(final Testing.Transport transport)
    {
        try (var comm = Testing.open())
        {
            final var pub = boundPub(comm, transport, "ps-union");
            final var sub = subscriber(comm, pub, "a", "ab");
            awaitLinked(pub, 1, sub);

            for (final var topic : List.of("ab1", "a1", "b1", "abc", "ba", "a-end"))
            {
                pub.publish(topic, Message.of(topic));
            }

            // A duplicate of any of them would arrive before the sentinel "a-end" (order per publisher).
            final var expected = List.of("ab1", "a1", "abc", "a-end");
            final var received = new ArrayList<String>();
            for (int i = 0; i < expected.size(); i++)
            {
                received.add(Testing.receive(sub, "message " + i + " (received so far: " + received + ")").topic());
            }
            assertEquals(expected, received, "union of 'a' and 'ab', each message once");
            assertNothingArrives(
                sub, "nothing after the sentinel: no duplicate of a message matching both 'a' and 'ab'");
        }
    }

    // Rule 5: unsubscribe stops delivery; two subscribes need two unsubscribes; other prefixes keep working.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void unsubscribeStopsDeliveryAndCountsSubscriptions(final Testing.Transport transport)
    {
        try (var comm = Testing.open())
        {
            final var pub = boundPub(comm, transport, "ps-unsubscribe");
            final var sub = subscriber(comm, pub, "news", "news", "sport");
            awaitLinked(pub, 1, sub);

            pub.publish("news", Message.of("news 1"));
            pub.publish("sport", Message.of("sport 1"));
            assertEquals("news 1", Testing.receive(sub, "news 1").text());
            assertEquals("sport 1", Testing.receive(sub, "sport 1").text());

            sub.unsubscribe("news");
            pub.publish("news", Message.of("news 2"));
            pub.publish("sport", Message.of("sport 2"));
            assertEquals("news 2", Testing.receive(sub, "news 2").text(),
                "'news' was subscribed twice: one unsubscribe must leave it subscribed");
            assertEquals("sport 2", Testing.receive(sub, "sport 2").text());

            // Unsubscribe is immediate at the SUB (it filters too), so this is deterministic.
            sub.unsubscribe("news");
            pub.publish("news", Message.of("news 3"));
            pub.publish("sport", Message.of("sport 3"));
            assertEquals("sport 3", Testing.receive(sub, "sport 3").text(),
                "after the second unsubscribe 'news 3' must not be delivered; 'sport' keeps working");
            assertNothingArrives(sub, "nothing with the unsubscribed prefix 'news' may arrive");
        }
    }

    // Rule 6: a PUB with no subscribers drops silently without blocking; earlier messages never reach a later SUB.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void messagesPublishedBeforeSubscriberJoinsAreDroppedWithoutBlocking(final Testing.Transport transport)
    {
        try (var comm = Testing.open())
        {
            final var pub = boundPub(comm, transport, "ps-nobody");
            assertEquals(0, pub.peerCount(), "no subscriber yet");

            // The send timeout is Testing.WAIT (10 s): a PUB that waited for a subscriber would blow the bound.
            final int count = 1_000;
            final long start = System.nanoTime();
            for (int i = 0; i < count; i++)
            {
                pub.publish("t", Message.of("before-" + i));
            }
            final var elapsed = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(elapsed.compareTo(Duration.ofSeconds(2)) < 0,
                () -> "publishing " + count + " messages to nobody took " + elapsed + "; a PUB must drop, not wait");

            final var sub = subscriber(comm, pub, "");
            awaitLinked(pub, 1, sub);
            pub.publish("t", Message.of("after"));
            final var first = Testing.receive(sub, "the message published after the SUB joined");
            assertEquals("after", first.text(), "messages published before the SUB joined must not be delivered");
        }
    }

    // Rule 7: a slow SUB never blocks the PUB; it loses messages past its HWM, in order, without duplicates;
    // a fast SUB beside it gets everything.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void slowSubscriberLosesMessagesButNeverBlocksThePublisher(final Testing.Transport transport) throws Exception
    {
        // 20_000 x 512 B is ~11 MiB on the wire: well past the slow SUB's HWM (10) plus any Aeron window of a
        // 4 MiB term (IPC: at most the term; UDP: receiver window + publication window of term/2).
        final int total = 20_000;
        final int size = 512;
        final int slowHwm = 10;
        // The publisher waits for the fast SUB after each batch, so the fast SUB can never fall an Aeron window
        // behind (100 x ~600 B is well under UDP's 128 KiB receiver window) and gets everything deterministically.
        final int batch = 100;
        try (var comm = Testing.open())
        {
            final var pub = boundPub(comm, transport, "ps-slow");
            // A PUB that waited on the slow SUB would fail fast with TimeoutException instead of stalling.
            pub.sendTimeout(Duration.ofSeconds(2));
            final var slow = comm.sub();
            slow.receiveHighWaterMark(slowHwm);
            slow.subscribe("");
            slow.connect(pub.endpoint());
            final var fast = comm.sub();
            fast.receiveHighWaterMark(2 * total);
            fast.subscribe("");
            fast.connect(pub.endpoint());
            awaitLinked(pub, 2, slow, fast);

            final var fastSeqs = new int[total];
            final var fastCount = new AtomicInteger();
            final var fastFailure = new AtomicReference<Throwable>();
            final var fastReader = Thread.ofVirtual().name("fast-sub").start(() ->
            {
                try
                {
                    while (fastCount.get() < total)
                    {
                        final var message = fast.receive(Testing.WAIT);
                        if (message.isEmpty())
                        {
                            return;
                        }
                        fastSeqs[fastCount.get()] = seq(message.get());
                        fastCount.incrementAndGet();
                    }
                }
                catch (final Throwable ex)
                {
                    fastFailure.set(ex);
                }
            });

            final var payload = new byte[size];
            long nanosInPublish = 0;
            for (int s = 0; s < total; s++)
            {
                putSeq(payload, s);
                final long before = System.nanoTime();
                pub.publish("tick", Message.of(payload));
                nanosInPublish += System.nanoTime() - before;
                if ((s + 1) % batch == 0)
                {
                    final int published = s + 1;
                    try
                    {
                        Testing.await("the fast SUB to take " + published + " messages",
                            () -> fastCount.get() >= published || fastFailure.get() != null);
                    }
                    catch (final AssertionError ex)
                    {
                        // Say where it stalled: a message lost for the fast SUB stops its count for good.
                        fail("the fast SUB stalled at " + fastCount.get() + " of " + published +
                            " published messages: the PUB lost some for a subscriber that keeps up", ex);
                    }
                    assertNull(fastFailure.get(), "fast SUB failed while receiving");
                }
            }
            final var inPublish = Duration.ofNanos(nanosInPublish);
            assertTrue(inPublish.compareTo(Duration.ofSeconds(3)) < 0,
                () -> total + " publishes spent " + inPublish + " inside publish(): the PUB waited on the slow SUB");

            assertTrue(fastReader.join(Testing.WAIT), "fast SUB reader did not finish");
            assertNull(fastFailure.get(), "fast SUB failed while receiving");
            assertEquals(total, fastCount.get(), "the fast SUB must get every message");
            for (int i = 0; i < total; i++)
            {
                if (fastSeqs[i] != i)
                {
                    fail("fast SUB: message " + i + " has sequence " + fastSeqs[i] +
                        " (lost, duplicated or reordered)");
                }
            }

            // Only now does the slow SUB read: what it holds must be an in-order, duplicate-free subset.
            final var slowSeqs = drainSeqs(slow);
            assertTrue(slowSeqs.size() >= slowHwm,
                () -> "a slow SUB keeps at least its high-water mark of messages; got " + slowSeqs.size());
            assertTrue(slowSeqs.size() < total,
                () -> "the slow SUB got all " + total + " messages: it was never overrun, the test proves nothing");
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), slowSeqs.subList(0, slowHwm),
                "nothing is lost before the slow SUB reaches its high-water mark");
            assertStrictlyIncreasing("slow SUB", slowSeqs);
        }
    }

    // Rule 8: every matching SUB gets its own copy; a non-matching SUB gets none.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void everyMatchingSubscriberGetsItsOwnCopy(final Testing.Transport transport)
    {
        final int count = 100;
        try (var comm = Testing.open())
        {
            final var pub = boundPub(comm, transport, "ps-copies");
            final var first = subscriber(comm, pub, "t");
            final var second = subscriber(comm, pub, "t");
            final var other = subscriber(comm, pub, "x");
            awaitLinked(pub, 3, first, second, other);

            for (int i = 0; i < count; i++)
            {
                pub.publish("t", Message.of("copy-" + i));
            }
            // Only `other` matches the sentinel; order per publisher means any stray 't' would come before it.
            pub.publish("x", Message.of("x-end"));

            for (final var sub : List.of(first, second))
            {
                for (int i = 0; i < count; i++)
                {
                    final var message = Testing.receive(sub, "copy " + i);
                    assertEquals("copy-" + i, message.text(), "each matching SUB gets every message, in order");
                    assertEquals("t", message.topic());
                }
            }
            assertEquals("x-end", Testing.receive(other, "the sentinel at the non-matching SUB").text(),
                "a SUB subscribed to 'x' must not get the 't' messages");
        }
    }

    // Rule 8: a SUB connected to several PUBs receives from all of them, fairly.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void subscriberConnectedToSeveralPublishersReceivesFromAllFairly(final Testing.Transport transport)
    {
        final int perPub = 1_000;
        try (var comm = Testing.open())
        {
            final var pubA = boundPub(comm, transport, "ps-fair-a");
            final var pubB = boundPub(comm, transport, "ps-fair-b");
            final var sub = comm.sub();
            sub.subscribe("");
            sub.connect(pubA.endpoint());
            sub.connect(pubB.endpoint());
            sub.awaitPeers(2, Testing.WAIT);
            pubA.awaitPeers(1, Testing.WAIT);
            pubB.awaitPeers(1, Testing.WAIT);

            // Both publish everything before the SUB takes anything, A first: a SUB that drains one
            // publisher before looking at the other would return only A's in the first perPub. Read with
            // poll until then, so the SUB's engine leaves them all in the streams (it would queue A's as
            // they came), and over UDP wait until both streams are there.
            assertEquals(0, sub.poll((view) -> fail("nothing was published yet"), 1));
            for (int i = 0; i < perPub; i++)
            {
                pubA.publish("A", Message.of(Integer.toString(i)));
            }
            for (int i = 0; i < perPub; i++)
            {
                pubB.publish("B", Message.of(Integer.toString(i)));
            }
            if (transport == Testing.Transport.UDP)
            {
                UdpDelivery.await(comm);
            }

            final int[] next = new int[2];
            int fromBInFirstHalf = 0;
            int fromAInFirstHalf = 0;
            for (int i = 0; i < 2 * perPub; i++)
            {
                final var message = Testing.receive(sub, "message " + i + " of " + 2 * perPub);
                final int from = switch (message.topic())
                {
                    case "A" -> 0;
                    case "B" -> 1;
                    default -> throw new AssertionError("unexpected topic in " + describe(message));
                };
                assertEquals(next[from], Integer.parseInt(message.text()),
                    "messages from PUB " + message.topic() + " arrive in order, none lost");
                next[from]++;
                if (i < perPub)
                {
                    fromAInFirstHalf += from == 0 ? 1 : 0;
                    fromBInFirstHalf += from == 1 ? 1 : 0;
                }
            }
            final int a = fromAInFirstHalf;
            final int b = fromBInFirstHalf;
            assertTrue(a > 0 && b > 0,
                () -> "first " + perPub + " messages must come from both PUBs (fair queuing): A=" + a + ", B=" + b);
        }
    }

    // Rule 9: a multipart message arrives whole, frames in order, inline and zero-copy attachment frames alike.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void multipartMessageArrivesWholeWithFramesInOrder(final Testing.Transport transport)
    {
        try (var comm = Testing.open())
        {
            final var pub = boundPub(comm, transport, "ps-multipart");
            final var sub = subscriber(comm, pub, "parts/");
            awaitLinked(pub, 1, sub);

            final var sent = new ArrayList<byte[][]>();
            for (int i = 0; i < 3; i++)
            {
                // 1023 B stays inline, 1024 B and 4 KiB are attachments (default threshold 1 KiB),
                // one from direct memory.
                final var direct = ByteBuffer.allocateDirect(4096);
                for (int k = 0; k < direct.capacity(); k++)
                {
                    direct.put(k, (byte)(k * 7 + i));
                }
                final byte[][] frames = {
                    ("head-" + i).getBytes(StandardCharsets.UTF_8),
                    Testing.filled(1023, 10 + i), Testing.filled(1024, 20 + i), Testing.toArray(direct), new byte[0] };
                sent.add(frames);
                pub.send(Message.builder().topic("parts/" + i)
                    .frame(frames[0]).frame(frames[1]).frame(frames[2]).frame(direct).frame(frames[4]).build());
            }

            for (int i = 0; i < sent.size(); i++)
            {
                final var message = Testing.receive(sub, "multipart message " + i);
                assertEquals("parts/" + i, message.topic(), "multipart messages arrive in order");
                assertFramesEqual(sent.get(i), message, "multipart message " + i);
            }
        }
    }

    // Rule 9: when a slow SUB loses multipart messages (here with fragmented attachments), it loses them whole.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void multipartMessagesAreDeliveredWholeOrNotAtAll(final Testing.Transport transport)
    {
        // 4_000 x ~2 KiB is ~8 MiB: more than a 4 MiB term's windows, so many are dropped for the slow SUB.
        final int total = 4_000;
        final int attachment = 2048;   // above the attachment threshold and above the UDP MTU: sent in fragments
        try (var comm = Testing.open())
        {
            final var pub = boundPub(comm, transport, "ps-whole");
            pub.sendTimeout(Duration.ofSeconds(2));
            final var slow = comm.sub();
            slow.receiveHighWaterMark(4);
            slow.subscribe("");
            slow.connect(pub.endpoint());
            awaitLinked(pub, 1, slow);

            final var seqFrame = new byte[4];
            final var body = new byte[attachment];
            for (int s = 0; s < total; s++)
            {
                putSeq(seqFrame, s);
                Arrays.fill(body, (byte)s);
                pub.publish("w", Message.of(seqFrame, body, new byte[0]));
            }

            final var seqs = new ArrayList<Integer>();
            for (Optional<Message> next; (next = slow.receive(QUIET)).isPresent(); )
            {
                final var message = next.get();
                assertEquals(3, message.frameCount(),
                    () -> "a delivered message has all its frames: " + describe(message));
                final int s = seq(message);
                final var expectedBody = new byte[attachment];
                Arrays.fill(expectedBody, (byte)s);
                assertArrayEquals(expectedBody, message.bytes(1),
                    "attachment of message " + s + " is complete and its own");
                assertEquals(0, message.frame(2).capacity(), "trailing empty frame of message " + s);
                seqs.add(s);
            }
            assertFalse(seqs.isEmpty(), "the slow SUB got nothing at all");
            assertTrue(seqs.size() < total,
                () -> "the slow SUB got all " + total + " messages: it was never overrun, the test proves nothing");
            assertStrictlyIncreasing("slow SUB", seqs);
        }
    }

    // Rule 10: SUB send and PUB receive do not compile: SubSocket has no send, PubSocket no receive.
    @Test
    void wrongDirectionIsACompileTimeError()
    {
        // This is the compile-time guarantee: `sub.send(m)` and `pub.receive()` do not compile because the
        // interfaces do not inherit them. The reflection below keeps a future refactoring from losing it.
        assertFalse(SendingSocket.class.isAssignableFrom(SubSocket.class), "SubSocket must not be a SendingSocket");
        assertFalse(ReceivingSocket.class.isAssignableFrom(PubSocket.class), "PubSocket must not be a ReceivingSocket");
        assertNoMethods(SubSocket.class, "send", "trySend", "publish");
        assertNoMethods(PubSocket.class, "receive", "tryReceive", "onMessage", "subscribe", "unsubscribe");

        // A cast around the interfaces must not open a back door either: it has to fail with a clear error.
        try (var comm = Testing.open())
        {
            final var sub = comm.sub();
            final var pub = comm.pub();
            if (sub instanceof SendingSocket wrongWay)
            {
                final var ex = assertThrows(AeroMqException.class, () -> wrongWay.send(Message.of("x")),
                    "a SUB cast to SendingSocket must refuse to send");
                assertMentions(ex, "sub", "send");
            }
            if (pub instanceof ReceivingSocket wrongWay)
            {
                final var ex = assertThrows(AeroMqException.class, () -> wrongWay.receive(Duration.ofMillis(10)),
                    "a PUB cast to ReceivingSocket must refuse to receive");
                assertMentions(ex, "pub", "receive");
            }
        }
    }

    private static String bindable(final Testing.Transport transport, final String name)
    {
        return transport == Testing.Transport.UDP ? "udp://127.0.0.1:0" : Testing.ipc(name);
    }

    private static PubSocket boundPub(final Communicator comm, final Testing.Transport transport, final String name)
    {
        return comm.pub().bind(bindable(transport, name));
    }

    /** A SUB holding its prefixes before it connects, so they travel in the handshake and are active at once. */
    private static SubSocket subscriber(final Communicator comm, final PubSocket pub, final String... prefixes)
    {
        final var sub = comm.sub();
        for (final var prefix : prefixes)
        {
            sub.subscribe(prefix);
        }
        return sub.connect(pub.endpoint());
    }

    private static void awaitLinked(final PubSocket pub, final int subscribers, final SubSocket... subs)
    {
        pub.awaitPeers(subscribers, Testing.WAIT);
        for (final var sub : subs)
        {
            sub.awaitPeers(1, Testing.WAIT);
        }
    }

    private static void assertNothingArrives(final ReceivingSocket socket, final String why)
    {
        final var message = socket.receive(QUIET);
        assertTrue(message.isEmpty(), () -> why + ", but got " + describe(message.get()));
    }

    /** A subscription made after the handshake reaches the PUB asynchronously: publish until one arrives. */
    private static Message publishUntilReceived(final PubSocket pub, final SubSocket sub, final String topic)
    {
        final long deadline = System.nanoTime() + Testing.WAIT.toNanos();
        for (int i = 0; System.nanoTime() - deadline < 0; i++)
        {
            pub.publish(topic, Message.of(topic + "-" + i));
            final var message = sub.receive(POLL);
            if (message.isPresent())
            {
                return message.get();
            }
        }
        return fail("a late subscription never took effect within " + Testing.WAIT);
    }

    private static List<Integer> drainSeqs(final SubSocket sub)
    {
        final var seqs = new ArrayList<Integer>();
        for (Optional<Message> next; (next = sub.receive(QUIET)).isPresent(); )
        {
            seqs.add(seq(next.get()));
        }
        return seqs;
    }

    private static void assertStrictlyIncreasing(final String who, final List<Integer> seqs)
    {
        for (int i = 1; i < seqs.size(); i++)
        {
            if (seqs.get(i) <= seqs.get(i - 1))
            {
                fail(who + ": sequence " + seqs.get(i) + " after " + seqs.get(i - 1) + " at position " + i +
                    " (duplicate or out of order)");
            }
        }
    }

    private static void assertFramesEqual(final byte[][] expected, final Message message, final String what)
    {
        assertEquals(expected.length, message.frameCount(), () -> what + ": frame count of " + describe(message));
        for (int k = 0; k < expected.length; k++)
        {
            assertArrayEquals(expected[k], message.bytes(k), what + ": frame " + k);
        }
    }

    private static void assertNoMethods(final Class<?> type, final String... names)
    {
        for (final Method method : type.getMethods())
        {
            assertFalse(Arrays.asList(names).contains(method.getName()),
                () -> type.getSimpleName() + " must not offer " + method + ": wrong direction for the pattern");
        }
    }

    private static void assertMentions(final Throwable ex, final String... words)
    {
        final var text = String.valueOf(ex.getMessage()).toLowerCase(Locale.ROOT);
        assertTrue(Arrays.stream(words).anyMatch(text::contains), () -> mentionsNone(ex, words));
    }

    private static String mentionsNone(final Throwable ex, final String... words)
    {
        return ex.getClass().getSimpleName() + "'s message should mention one of " + Arrays.toString(words) +
            ": \"" + ex.getMessage() + '"';
    }

    private static void putSeq(final byte[] payload, final int seq)
    {
        ByteBuffer.wrap(payload).putInt(0, seq);
    }

    private static int seq(final Message message)
    {
        assertTrue(message.frameCount() > 0 && message.frame(0).capacity() >= 4,
            () -> "no sequence number in " + describe(message));
        return message.frame(0).getInt(0, ByteOrder.BIG_ENDIAN);
    }

    private static String describe(final Message message)
    {
        final boolean small = message.frameCount() > 0 && message.frame(0).capacity() < 64;
        return message + (small ? " '" + message.text() + "'" : "");
    }
}
