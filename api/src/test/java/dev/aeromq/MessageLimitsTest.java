package dev.aeromq;

import dev.aeromq.testkit.Await;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * maxMessageSize (API.md Part 2): each socket's limit is announced in the handshake and enforced on both sides.
 * A sender refuses a message over its own limit or its peer's with {@link MessageTooLargeException} naming the
 * limit and whose it is, before anything is sent, from {@code send} and {@code trySend} alike (which throw rather
 * than return false); a load-balancing sender passes over a peer that takes no message that large; a receiver
 * drops a larger message that arrives anyway (its limit lowered after the handshake) without allocating anything
 * for it, and reports it.
 */
class MessageLimitsTest
{
    private static final int LIMIT = 1000;
    private static final int MIB = 1024 * 1024;
    private static final Duration QUIET = Duration.ofMillis(300);

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void aSenderRefusesAMessageOverItsOwnLimitBeforeAnythingIsSent(final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull().bind(transport.bindable("limits-own"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            push.maxMessageSize(LIMIT);

            final byte[] over = Testing.filled(LIMIT + 1, 1);
            final List<String> mention = List.of("this PUSH socket's maxMessageSize", "of " + LIMIT + " bytes",
                (LIMIT + 1) + " bytes");
            assertTooLarge(() -> push.send(Message.of(over)), mention);
            assertTooLarge(() -> push.trySend(Message.of(over)), mention);
            assertTooLarge(() -> push.send(new UnsafeBuffer(over), 0, over.length), mention);
            assertTooLarge(() -> push.trySend(new UnsafeBuffer(over), 0, over.length), mention);
            // the frames together count, not each frame
            assertTooLarge(() -> push.send(Message.of(new byte[LIMIT / 2], new byte[LIMIT / 2 + 1])), mention);

            push.send(Message.of(Testing.filled(LIMIT, 2)));
            final Message first = Testing.receive(pull, "the message at the limit");
            Testing.assertPattern("the first message to arrive", first.frame(0), LIMIT, 2);
            assertNothingArrives(pull);
        }
    }

    @Test
    void theConfiguredLimitIsEverySocketsOwnAndTrySendThrowsEvenWithNoPeer()
    {
        try (Communicator comm = Communicator.open(Testing.config().maxMessageSize(4096).build()))
        {
            final PushSocket push = comm.push().bind(Testing.ipc("limits-config"));
            final PairSocket pair = comm.pair().bind(Testing.ipc("limits-config-pair"));
            final byte[] over = new byte[4097];

            assertTooLarge(() -> push.trySend(Message.of(over)), List.of("this PUSH socket's maxMessageSize", "4096"));
            assertTooLarge(() -> push.trySend(new UnsafeBuffer(over), 0, over.length), List.of("4096"));
            assertTooLarge(() -> pair.trySend(Message.of(over)), List.of("this PAIR socket's maxMessageSize", "4096"));
            assertFalse(push.trySend(Message.of(new byte[4096])), "with no peer, trySend at the limit returns false");
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void aPeersSmallerLimitLearntAtTheHandshakeIsRefusedNamingThePeersLimit(final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull();
            pull.maxMessageSize(LIMIT); // before the handshake: announced in it
            final AtomicInteger allocations = countAllocations(pull);
            pull.bind(transport.bindable("limits-peer"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);

            final byte[] over = new byte[3 * MIB];
            final List<String> mention = List.of("peer", "maxMessageSize", LIMIT + " bytes");
            assertTooLarge(() -> push.send(Message.of(over)), mention);
            assertTooLarge(() -> push.trySend(Message.of(over)), mention);
            assertTooLarge(() -> push.trySend(new UnsafeBuffer(over), 0, LIMIT + 1), mention);

            push.send(Message.of(Testing.filled(LIMIT, 3)));
            Testing.assertPattern("the message at the peer's limit",
                Testing.receive(pull, "the message at the peer's limit").frame(0), LIMIT, 3);
            assertEquals(1, allocations.get(), "the PULL was offered only the message at its limit");
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void aRepRefusesAReplyOverItsRequestersLimitAndCanStillAnswer(final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            final RepSocket rep = comm.rep().bind(transport.bindable("limits-rep"));
            final ReqSocket req = comm.req();
            req.maxMessageSize(LIMIT);
            req.connect(rep.endpoint());
            req.awaitPeers(1, Testing.WAIT);
            rep.awaitPeers(1, Testing.WAIT);

            // the REQ's own limit; it is not left waiting for a reply to a request never sent
            assertTooLarge(() -> req.send(Message.of(new byte[LIMIT + 1])), List.of("this REQ socket's maxMessageSize",
                LIMIT + " bytes"));
            req.send(Message.of(Testing.filled(LIMIT, 4)));
            Testing.assertPattern("the request", Testing.receive(rep, "the request").frame(0), LIMIT, 4);

            // REP -> REQ: the REQ's limit, learnt at the handshake; the REP still owes the reply and gives it
            assertTooLarge(() -> rep.send(Message.of(new byte[LIMIT + 1])), List.of("the peer's maxMessageSize",
                LIMIT + " bytes"));
            rep.send(Message.of(Testing.filled(LIMIT, 5)));
            Testing.assertPattern("the reply", Testing.receive(req, "the reply").frame(0), LIMIT, 5);
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void aPushSendsABigMessageOnlyToThePullThatTakesIt(final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            final PushSocket push = comm.push().bind(transport.bindable("limits-two"));
            final PullSocket small = comm.pull();
            small.maxMessageSize(MIB);
            small.connect(push.endpoint());
            push.awaitPeers(1, Testing.WAIT);

            final int bigSize = 3 * MIB;
            assertTooLarge(() -> push.send(Message.of(new byte[bigSize])), List.of("peer", "maxMessageSize",
                MIB + " bytes"));

            final PullSocket large = comm.pull().connect(push.endpoint());
            push.awaitPeers(2, Testing.WAIT);
            for (int i = 0; i < 4; i++)
            {
                push.send(Message.of(Testing.filled(bigSize, 10 + i)));
                push.send(Message.of("small " + i));
            }
            for (int i = 0; i < 4; i++)
            {
                Testing.assertPattern("big message " + i + " at the PULL that takes it",
                    Testing.receive(large, "big message " + i).frame(0), bigSize, 10 + i);
            }
            // the small ones went round robin: between them, the two PULLs got all four
            int smallOnes = 0;
            for (final PullSocket pull : List.of(small, large))
            {
                while (true)
                {
                    final var next = pull.receive(QUIET);
                    if (next.isEmpty())
                    {
                        break;
                    }
                    assertTrue(next.get().text().startsWith("small "), () -> "unexpected " + next);
                    smallOnes++;
                }
            }
            assertEquals(4, smallOnes, "small messages at the two PULLs together");
        }
    }

    @Test
    void aPubSkipsASubscriberWhoseLimitIsSmallerAndServesTheOthers()
    {
        try (Communicator comm = Testing.open())
        {
            final PubSocket pub = comm.pub().bind(Testing.ipc("limits-pub"));
            final SubSocket small = comm.sub();
            small.maxMessageSize(LIMIT);
            final SubSocket large = comm.sub();
            for (final SubSocket sub : List.of(small, large))
            {
                sub.subscribe("t");
                sub.connect(pub.endpoint());
                sub.awaitPeers(1, Testing.WAIT);
            }
            pub.awaitPeers(2, Testing.WAIT);

            pub.publish("t", Message.of(Testing.filled(LIMIT + 1, 6)));
            // the limit counts the frames only: the topic and metadata come on top of it
            pub.send(Message.builder().topic("t").metadata("key", "value").frame(Testing.filled(LIMIT, 7)).build());

            Testing.assertPattern("the large message", Testing.receive(large, "the large message").frame(0),
                LIMIT + 1, 6);
            Testing.assertPattern("the message at the limit at the large SUB",
                Testing.receive(large, "the message at the limit").frame(0), LIMIT, 7);
            Testing.assertPattern("the message at the limit at the small SUB",
                Testing.receive(small, "the message at the limit").frame(0), LIMIT, 7);
            assertNothingArrives(small);
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void aReceiverWhoseLimitWasLoweredAfterTheHandshakeDropsLargerMessagesWithoutAllocating(
        final Testing.Transport transport)
    {
        final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        try (Communicator comm = Communicator.open(Testing.config().errorHandler(errors::add).build()))
        {
            final PullSocket pull = comm.pull().bind(transport.bindable("limits-lowered"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            pull.awaitPeers(1, Testing.WAIT);
            pull.maxMessageSize(LIMIT); // the PUSH learnt the default at the handshake
            final AtomicInteger allocations = countAllocations(pull);

            // one fragment; several fragments of one wire message; a Data wire message and Chunks
            final int[] sizes = {LIMIT + 1, 300 * 1024, 3 * MIB};
            for (final int size : sizes)
            {
                push.send(Message.of(new byte[size]));
            }
            push.send(Message.of(Testing.filled(LIMIT, 8)));

            Testing.assertPattern("the message at the limit", Testing.receive(pull, "the message at the limit")
                .frame(0), LIMIT, 8);
            assertEquals(1, allocations.get(), "the allocator was asked only for the message at the limit");
            for (final int size : sizes)
            {
                final String report = "a message of " + size + " bytes exceeds the socket's maxMessageSize of " +
                    LIMIT + " bytes";
                Await.await(() -> "a report that " + report + "; reported: " + errors, Testing.WAIT,
                    () -> reported(errors, report));
            }
            assertNothingArrives(pull);
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void aPeerLearnsALoweredLimitAtItsNextHandshake(final Testing.Transport transport)
    {
        final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        try (Communicator comm = Communicator.open(Testing.config().errorHandler(errors::add).build()))
        {
            final PullSocket pull = comm.pull().bind(transport.bindable("limits-next"));
            final PushSocket before = comm.push().connect(pull.endpoint());
            before.awaitPeers(1, Testing.WAIT);
            pull.maxMessageSize(LIMIT);
            final PushSocket after = comm.push().connect(pull.endpoint());
            after.awaitPeers(1, Testing.WAIT);

            assertTooLarge(() -> after.send(Message.of(new byte[LIMIT + 1])), List.of("peer", LIMIT + " bytes"));
            before.send(Message.of(new byte[LIMIT + 1])); // sent: this PUSH knows the old limit; the PULL drops it
            after.send(Message.of("fits"));
            assertEquals("fits", Testing.receive(pull, "the message that fits").text());
            assertNothingArrives(pull);
            final String report = "a message of " + (LIMIT + 1) + " bytes exceeds the socket's maxMessageSize";
            Await.await(() -> "a report that " + report + "; reported: " + errors, Testing.WAIT,
                () -> reported(errors, report));
        }
    }

    private static boolean reported(final Queue<Throwable> errors, final String text)
    {
        return errors.stream().anyMatch(ex -> String.valueOf(ex.getMessage()).contains(text));
    }

    private static AtomicInteger countAllocations(final ReceivingSocket socket)
    {
        final AtomicInteger calls = new AtomicInteger();
        socket.frameAllocator((header, index, length) ->
        {
            calls.incrementAndGet();
            return new UnsafeBuffer(new byte[length]);
        });
        return calls;
    }

    private static void assertTooLarge(final Runnable send, final List<String> mustMention)
    {
        final MessageTooLargeException ex = assertThrows(MessageTooLargeException.class, send::run);
        for (final String words : mustMention)
        {
            assertTrue(ex.getMessage().contains(words), () -> "\"" + ex.getMessage() + "\" should mention " + words);
        }
    }

    private static void assertNothingArrives(final ReceivingSocket socket)
    {
        final var next = socket.receive(QUIET);
        assertTrue(next.isEmpty(), () -> "nothing more should arrive, got " + next);
    }
}
