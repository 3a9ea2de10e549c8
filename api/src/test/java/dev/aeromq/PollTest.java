package dev.aeromq;

import dev.aeromq.codec.WireWriter;
import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.Background;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The inline poll (API.md Part 2, {@code ReceivingSocket.poll}): on the caller's thread, never more than the
 * limit, 0 when nothing is there, each sender's messages in order; a message in one fragment handed in place
 * (valid only during the call, {@code copy()} keeps it), a larger one assembled first; messages queued before
 * the switch to poll come first, a receive switches back to queuing; no poll from within a poll handler; and
 * REQ and REP keep their alternation under poll.
 */
class PollTest
{
    /** Payload of one fragment: the IPC and loopback UDP MTU less Aeron's frame header. */
    private static final int FRAGMENT_PAYLOAD = 65504 - 32;
    private static final Duration QUIET = Duration.ofMillis(300);

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void pollHandsEachSendersMessagesInOrderNeverMoreThanTheLimitAndZeroWhenNoneIsThere(
        final Testing.Transport transport)
    {
        final int total = 200;
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull().bind(transport.bindable("poll-order"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            assertEquals(0, pull.poll(view -> fail("nothing was sent: " + view), 5));

            for (int i = 0; i < total; i++)
            {
                push.send(Message.of(Testing.filled(size(i), i)));
            }
            final List<Integer> got = new ArrayList<>();
            final AtomicInteger calls = new AtomicInteger();
            final Consumer<MessageView> handler = view ->
            {
                final int i = got.size();
                calls.incrementAndGet();
                Testing.assertPattern("message " + i, view.frame(0), size(i), i);
                got.add(i);
            };
            final int limit = 7;
            Await.await(() -> "all " + total + " messages; got " + got.size(), Testing.WAIT, () ->
            {
                calls.set(0);
                final int handed = pull.poll(handler, limit);
                assertEquals(calls.get(), handed, "poll returns the number of messages it handed");
                assertTrue(handed <= limit, () -> "poll handed " + handed + " with a limit of " + limit);
                return got.size() == total;
            });
            assertEquals(0, pull.poll(view -> fail("all were taken: " + view), limit));
        }
    }

    /** One-fragment messages of varied sizes, the largest filling a fragment. */
    private static int size(final int i)
    {
        return i % 50 == 0 ? FRAGMENT_PAYLOAD - WireWriter.dataHeaderLength(1, Map.of(), 0) : 1 + i * 37;
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void aMessageThatFitsOneFragmentIsHandedInPlaceAndALargerOneWhole(final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull().bind(transport.bindable("poll-in-place"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            final int fits = FRAGMENT_PAYLOAD - WireWriter.dataHeaderLength(1, Map.of(), 0);

            assertEquals(0, pull.poll(view -> fail("nothing was sent"), 1)); // from now on, poll mode
            push.send(Message.of(Testing.filled(fits, 1)));
            final List<Message> copies = new ArrayList<>();
            pollOne(pull, view ->
            {
                assertFalse(view instanceof Message, "a message in one fragment is handed in place, as a view");
                Testing.assertPattern("the message in place", view.frame(0), fits, 1);
                final Message copy = view.copy();
                assertNotEquals(view.frame(0).addressOffset(), copy.frame(0).addressOffset(),
                    "the copy has memory of its own");
                copies.add(copy);
            });
            Testing.assertPattern("the copy, after the poll", copies.get(0).frame(0), fits, 1);
            assertSame(copies.get(0), copies.get(0).copy(), "a copy owns its bytes: its copy() is itself");

            push.send(Message.of(Testing.filled(fits + 1, 2)));
            pollOne(pull, view ->
            {
                final Message whole = assertInstanceOf(Message.class, view, "one byte more needs two fragments");
                Testing.assertPattern("the message of two fragments", whole.frame(0), fits + 1, 2);
                assertSame(whole, whole.copy(), "a message in memory of its own is its own copy");
            });

            push.send(Message.of(Testing.filled(10, 3)));
            final Message received = Testing.receive(pull, "a message received the queued way");
            assertSame(received, received.copy(), "copy() of a received message (default memory) returns it");
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void messagesQueuedBeforeTheSwitchToPollAreHandedFirstAndAReceiveSwitchesBackToQueuing(
        final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull();
            pull.receiveHighWaterMark(3);
            final AtomicInteger queued = countQueued(pull);
            pull.bind(transport.bindable("poll-queued"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);

            for (int i = 0; i < 10; i++)
            {
                push.send(Message.of("message " + i));
            }
            Testing.await("three messages queued (the high-water mark)", () -> queued.get() == 3);
            final List<String> got = new ArrayList<>();
            Testing.await("all ten messages polled", () ->
            {
                pull.poll(view ->
                {
                    // the queued ones are messages placed by the allocator, the others views in place
                    assertEquals(got.size() < 3, view instanceof Message, () -> "message " + got.size());
                    got.add(view.frame(0).getStringWithoutLengthUtf8(0, view.frame(0).capacity()));
                }, 100);
                return got.size() == 10;
            });
            for (int i = 0; i < 10; i++)
            {
                assertEquals("message " + i, got.get(i));
            }
            assertEquals(3, queued.get(), "in poll mode only the three queued before went through the allocator");

            // poll mode: what arrives waits in the log
            for (int i = 10; i < 13; i++)
            {
                push.send(Message.of("message " + i));
            }
            Await.holds("the messages to wait in the log", QUIET, () -> queued.get() == 3);
            assertEquals("message 10", Testing.receive(pull, "message 10").text());
            Testing.await("the others queued again, with no receive", () -> queued.get() == 6);
            assertEquals("message 11", pull.tryReceive().map(Message::text).orElse("none"));
            assertEquals("message 12", pull.tryReceive().map(Message::text).orElse("none"));
        }
    }

    @Test
    void pollFromWithinAPollHandlerOfAMessageInPlaceThrowsSocketStateException()
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull().bind(Testing.ipc("poll-nested"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            assertEquals(0, pull.poll(view -> fail("nothing was sent"), 1));
            push.send(Message.of("outer"));
            push.send(Message.of("next"));

            final List<String> nested = new ArrayList<>();
            pollOne(pull, view ->
            {
                final SocketStateException ex = assertThrows(SocketStateException.class,
                    () -> pull.poll(inner -> fail("the nested poll handed " + inner), 1));
                nested.add(ex.getMessage());
            });
            assertTrue(nested.get(0).contains("poll handler"), nested::toString);
            pollOne(pull, view -> assertEquals("next", view.frame(0).getStringWithoutLengthUtf8(0, 4)));
        }
    }

    @Test
    void pollFromWithinAPollHandlerOfAQueuedMessageThrowsSocketStateException()
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull().bind(Testing.ipc("poll-nested-queued"));
            final AtomicInteger queued = countQueued(pull);
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            push.send(Message.of("queued 1"));
            push.send(Message.of("queued 2"));
            Testing.await("the two messages queued", () -> queued.get() == 2);

            final List<Object> handed = new ArrayList<>();
            final int count = pull.poll(view ->
            {
                handed.add(text(view));
                if (handed.size() == 1)
                {
                    try
                    {
                        handed.add("the nested poll returned " + pull.poll(inner -> handed.add(inner), 1));
                    }
                    catch (final SocketStateException ex)
                    {
                        handed.add(ex.getClass());
                    }
                }
            }, 2);
            assertEquals(List.of("queued 1", SocketStateException.class, "queued 2"), handed);
            assertEquals(2, count);
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void pollCountsAMessageLargerThanOneFragmentInThePollThatHandsIt(final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull().bind(transport.bindable("poll-count"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            assertEquals(0, pull.poll(view -> fail("nothing was sent"), 1));
            final int big = 4 * 1024 * 1024; // larger than the Aeron window: it cannot be in the log whole
            final Background<Void> sender = Background.platform("the sender", () ->
            {
                for (int i = 0; i < 3; i++)
                {
                    push.send(Message.of(Testing.filled(big, i)));
                    push.send(Message.of("small " + i));
                }
                return null;
            });

            final List<Long> sizes = new ArrayList<>();
            final AtomicInteger calls = new AtomicInteger();
            Await.await(() -> "six messages; got " + sizes, Testing.WAIT, () ->
            {
                calls.set(0);
                final int handed = pull.poll(view ->
                {
                    calls.incrementAndGet();
                    sizes.add(view.size());
                }, 1);
                assertEquals(calls.get(), handed, () -> "poll returned " + handed + " having handed " + calls +
                    " (handed so far: " + sizes + ")");
                return sizes.size() == 6;
            });
            sender.result();
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void aReqPollsOnlyTheReplyToItsRequestAndOnlyAfterSendingOne(final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            final RepSocket rep = comm.rep().bind(transport.bindable("poll-req"));
            final ReqSocket req = comm.req().connect(rep.endpoint());
            req.awaitPeers(1, Testing.WAIT);
            rep.awaitPeers(1, Testing.WAIT);
            final Consumer<MessageView> none = view -> fail("no reply expected: " + view);

            final SocketStateException early = assertThrows(SocketStateException.class, () -> req.poll(none, 1));
            assertTrue(early.getMessage().contains("send a request first"), early::getMessage);

            // a request abandoned: its reply comes late and must not be handed for the next request
            assertThrows(TimeoutException.class, () -> req.request(Message.of("first"), Duration.ofMillis(100)));
            assertEquals("first", Testing.receive(rep, "the first request").text());
            rep.send(Message.of("late reply to first"));

            req.send(Message.of("second"));
            assertEquals("second", Testing.receive(rep, "the second request").text());
            rep.send(Message.of("reply to second"));
            final List<String> replies = new ArrayList<>();
            Testing.await("the reply to the second request", () ->
            {
                final int handed = req.poll(view -> replies.add(text(view)), 10);
                assertTrue(handed <= 1, () -> "a REQ polls one reply at most, handed " + handed);
                return !replies.isEmpty();
            });
            assertEquals(List.of("reply to second"), replies);
            assertThrows(SocketStateException.class, () -> req.poll(none, 1), "the reply was taken: no request now");
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void aRepPollsOneRequestAtATimeAndItsSendAnswersThePolledOne(final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            final RepSocket rep = comm.rep().bind(transport.bindable("poll-rep"));
            final ReqSocket a = comm.req().connect(rep.endpoint());
            final ReqSocket b = comm.req().connect(rep.endpoint());
            rep.awaitPeers(2, Testing.WAIT);
            a.awaitPeers(1, Testing.WAIT);
            b.awaitPeers(1, Testing.WAIT);
            a.send(Message.of("from a"));
            b.send(Message.of("from b"));

            final List<String> requests = new ArrayList<>();
            for (int i = 0; i < 2; i++)
            {
                final int before = requests.size();
                Testing.await("request " + i + " polled", () ->
                {
                    final int handed = rep.poll(view -> requests.add(text(view)), 10);
                    assertTrue(handed <= 1, () -> "a REP polls one request at a time, handed " + handed);
                    return requests.size() > before;
                });
                assertThrows(SocketStateException.class, () -> rep.poll(view -> fail("the REP owes a reply"), 1));
                rep.send(Message.of("answer to " + requests.get(i)));
            }
            assertEquals(List.of("from a", "from b"), requests.stream().sorted().toList());
            assertEquals("answer to from a", Testing.receive(a, "a's answer").text());
            assertEquals("answer to from b", Testing.receive(b, "b's answer").text());
        }
    }

    /**
     * Poll until one message was handed, failing the test if more were.
     */
    private static void pollOne(final ReceivingSocket socket, final Consumer<MessageView> handler)
    {
        final AtomicInteger calls = new AtomicInteger();
        Testing.await("a message to poll", () ->
        {
            socket.poll(view ->
            {
                calls.incrementAndGet();
                handler.accept(view);
            }, 1);
            return calls.get() > 0;
        });
        assertEquals(1, calls.get(), "messages handed");
    }

    /**
     * @return the count of messages the socket queued (a poll hands one in place without the allocator).
     */
    private static AtomicInteger countQueued(final ReceivingSocket socket)
    {
        final AtomicInteger messages = new AtomicInteger();
        socket.frameAllocator((header, index, length) ->
        {
            if (index == 0)
            {
                messages.incrementAndGet();
            }
            return new UnsafeBuffer(new byte[length]);
        });
        return messages;
    }

    private static String text(final MessageView view)
    {
        return view.frame(0).getStringWithoutLengthUtf8(0, view.frame(0).capacity());
    }
}
