package dev.aeromq;

import dev.aeromq.codec.WireWriter;
import dev.aeromq.testkit.Background;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Messages of any size (API.md Part 2, "Messages of any size"): every pattern carries messages from empty to
 * 100 MiB whole and byte for byte, over IPC and UDP, including each size around the two boundaries the
 * transport has: one fragment (the 65504-byte MTU less Aeron's 32-byte frame header) and one wire message
 * (term / 8, past which Chunks follow), both computed exactly from the Data header's length. Multipart mixes
 * keep every frame, concurrent senders on one PUSH never mix their messages' bytes, and a large message held
 * up on one link does not hold up another.
 */
class AnySizeMessageTest
{
    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;
    /** Payload of one fragment: the IPC and loopback UDP MTU less Aeron's frame header. */
    private static final int FRAGMENT_PAYLOAD = 65504 - 32;
    /** The largest wire message: the tests' 4 MiB term / 8. */
    private static final int WIRE_MESSAGE = 4 * MIB / 8;
    private static final String TOPIC = "bulk/data";
    private static final Map<String, String> METADATA = Map.of("trace", "7f3a9c", "kind", "bulk");

    /** The patterns, each with the directions its messages travel. */
    enum Pattern
    {
        PUSH_PULL, REQ_REP, PUB_SUB, PAIR
    }

    /**
     * One direction a pattern carries messages in.
     *
     * @param name    for failure messages.
     * @param from    the sender.
     * @param to      the receiver.
     * @param topical true if the messages carry the topic and metadata (PUB/SUB).
     */
    private record Hop(String name, SendingSocket from, ReceivingSocket to, boolean topical)
    {
        void carry(final int size, final int seed)
        {
            final long start = System.nanoTime();
            from.send(message(size, seed));
            final Message received = Testing.receive(to, name + " message of " + size + " bytes");
            final String what = name + " message of " + size + " bytes (seed " + seed + ", " +
                Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms)";
            assertEquals(1, received.frameCount(), () -> "frames of the " + what);
            Testing.assertPattern(what, received.frame(0), size, seed);
            assertEquals(size, received.size(), () -> "size of the " + what);
            assertEquals(topical ? TOPIC : "", received.topic(), () -> "topic of the " + what);
            assertEquals(topical ? METADATA : Map.of(), received.metadata(), () -> "metadata of the " + what);
        }

        private Message message(final int size, final int seed)
        {
            final byte[] bytes = Testing.filled(size, seed);
            if (!topical)
            {
                return Message.of(bytes);
            }
            final Message.Builder builder = Message.builder().topic(TOPIC).frame(bytes);
            METADATA.forEach(builder::metadata);
            return builder.build();
        }
    }

    static Stream<Arguments> patternsOverTransports()
    {
        final List<Arguments> all = new ArrayList<>();
        for (final Testing.Transport transport : Testing.Transport.values())
        {
            for (final Pattern pattern : Pattern.values())
            {
                all.add(Arguments.of(pattern, transport));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("patternsOverTransports")
    void everySizeFromEmptyTo100MiBArrivesWholeInEveryDirection(
        final Pattern pattern, final Testing.Transport transport)
    {
        final int header = pattern == Pattern.PUB_SUB ?
            WireWriter.dataHeaderLength(1, METADATA, TOPIC.getBytes(StandardCharsets.UTF_8).length) :
            WireWriter.dataHeaderLength(1, Map.of(), 0);
        final int oneFragment = FRAGMENT_PAYLOAD - header;
        final int oneWireMessage = WIRE_MESSAGE - header;
        final int[] sizes = {
            0, 1,
            oneFragment - 1, oneFragment, oneFragment + 1,
            oneWireMessage - 1, oneWireMessage, oneWireMessage + 1,
            3 * MIB + 17, 17 * MIB, 100 * MIB };
        // A PUB that waits for its subscriber: this test is about sizes, not about a PUB dropping (AtomicityTest).
        try (Communicator comm = Communicator.open(
            Testing.config().publisherBackPressure(Config.PublisherBackPressure.WAIT).build()))
        {
            final List<Hop> hops = connect(comm, pattern, transport);
            int seed = 1;
            for (final int size : sizes)
            {
                for (final Hop hop : hops)
                {
                    hop.carry(size, seed++);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void multipartMixesOfEmptySmallAndLargeFramesArriveWhole(final Testing.Transport transport)
    {
        final int[] lengths = {0, 10, 3 * MIB, 1, 700 * KIB, 0};
        try (Communicator comm = Communicator.open(
            Testing.config().publisherBackPressure(Config.PublisherBackPressure.WAIT).build()))
        {
            final List<Hop> hops = new ArrayList<>(connect(comm, Pattern.PUB_SUB, transport));
            hops.addAll(connect(comm, Pattern.PUSH_PULL, transport));
            for (int round = 0; round < 3; round++)
            {
                for (final Hop hop : hops)
                {
                    final int seed = 10 * round;
                    final Message.Builder builder = Message.builder().topic(TOPIC);
                    METADATA.forEach(builder::metadata);
                    for (int i = 0; i < lengths.length; i++)
                    {
                        builder.frame(Testing.filled(lengths[i], seed + i));
                    }
                    hop.from().send(builder.build());
                    // a small message between the large ones: nothing of one may run into the next
                    hop.from().send(Message.builder().topic(TOPIC).frame("between " + round).build());

                    final String what = hop.name() + " multipart message " + round;
                    final Message received = Testing.receive(hop.to(), what);
                    assertEquals(lengths.length, received.frameCount(), () -> "frames of the " + what);
                    for (int i = 0; i < lengths.length; i++)
                    {
                        Testing.assertPattern("frame " + i + " of the " + what, received.frame(i), lengths[i],
                            seed + i);
                    }
                    assertEquals(hop.topical() ? TOPIC : "", received.topic(), () -> "topic of the " + what);
                    assertEquals(METADATA, received.metadata(), () -> "metadata of the " + what);
                    assertEquals("between " + round, Testing.receive(hop.to(), "the small message after it").text());
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void sendingFromABufferRegionSendsExactlyThatRegionAsOneFrame(final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull().bind(transport.bindable("any-region"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            final int length = 3 * MIB + 5;
            final int offset = 4099;
            final byte[] heap = new byte[offset + length + 100];
            System.arraycopy(Testing.filled(length, 21), 0, heap, offset, length);
            final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(offset + length + 100));
            direct.putBytes(offset, Testing.filled(length, 22));

            push.send(new UnsafeBuffer(heap), offset, length);
            push.send(direct, offset, length);
            Testing.await("a trySend of a region to go out", () -> push.trySend(direct, offset, 1000));
            push.send(direct, 0, 0);
            for (int seed = 21; seed <= 22; seed++)
            {
                final Message received = Testing.receive(pull, "the region of seed " + seed);
                assertEquals(1, received.frameCount());
                Testing.assertPattern("the region of seed " + seed, received.frame(0), length, seed);
            }
            Testing.assertPattern("the region tried", Testing.receive(pull, "the region tried").frame(0), 1000, 22);
            assertEquals(0, Testing.receive(pull, "the empty region").size());
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void publishingFromABufferRegionReachesTheSubscribersOfTheEmptyPrefixOnly(final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            final PubSocket pub = comm.pub().bind(transport.bindable("any-pub-region"));
            final SubSocket all = comm.sub();
            all.subscribe("");
            all.connect(pub.endpoint());
            final SubSocket narrow = comm.sub();
            narrow.subscribe("x");
            narrow.connect(pub.endpoint());
            pub.awaitPeers(2, Testing.WAIT);
            all.awaitPeers(1, Testing.WAIT);
            narrow.awaitPeers(1, Testing.WAIT);
            final int length = 100_000;
            final int offset = 17;
            final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(offset + length));
            direct.putBytes(offset, Testing.filled(length, 23));

            pub.send(direct, offset, length);
            assertTrue(pub.trySend(direct, offset, 64), "a PUB's trySend never refuses");
            pub.publish("x", Message.of("after"));
            final Message whole = Testing.receive(all, "the region published");
            assertEquals("", whole.topic());
            assertEquals(1, whole.frameCount());
            Testing.assertPattern("the region published", whole.frame(0), length, 23);
            Testing.assertPattern("the region tried", Testing.receive(all, "the region tried").frame(0), 64, 23);
            assertEquals("after", Testing.receive(all, "the message after the regions").text());
            assertEquals("after", Testing.receive(narrow, "the first message for prefix x").text(),
                "a SUB of prefix x gets no message of the empty topic");
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void concurrentSendersOnOnePushToTwoPullsNeverMixTheirMessages(final Testing.Transport transport)
    {
        final int senders = 4;
        final int perSender = 24;
        try (Communicator comm = Testing.open())
        {
            final PushSocket push = comm.push().bind(transport.bindable("any-concurrent"));
            final List<PullSocket> pulls = List.of(
                comm.pull().connect(push.endpoint()), comm.pull().connect(push.endpoint()));
            push.awaitPeers(2, Testing.WAIT);
            pulls.forEach(pull -> pull.awaitPeers(1, Testing.WAIT));

            final AtomicInteger received = new AtomicInteger();
            final List<Background<Set<Integer>>> receivers = new ArrayList<>();
            for (int p = 0; p < pulls.size(); p++)
            {
                final PullSocket pull = pulls.get(p);
                final String name = "PULL " + p;
                receivers.add(Background.platform(name, () -> receiveAll(name, pull, senders, received,
                    senders * perSender)));
            }
            final List<Background<Void>> sending = new ArrayList<>();
            for (int s = 0; s < senders; s++)
            {
                final int sender = s;
                sending.add(Background.platform("sender " + s, () ->
                {
                    for (int seq = 0; seq < perSender; seq++)
                    {
                        push.send(message(sender, seq));
                    }
                    return null;
                }));
            }
            sending.forEach(Background::result);

            final Set<Integer> all = new HashSet<>();
            int total = 0;
            for (final Background<Set<Integer>> receiver : receivers)
            {
                final Set<Integer> got = receiver.result();
                total += got.size();
                all.addAll(got);
            }
            assertEquals(senders * perSender, total, "messages received by the two PULLs together");
            assertEquals(senders * perSender, all.size(), "distinct messages received: none twice");
        }
    }

    /**
     * Receive until the two PULLs together have every message, checking each as it comes: its bytes, and
     * that each sender's messages arrive at this PULL in the order sent.
     *
     * @return the messages this PULL got, as sender * 1000 + sequence.
     */
    private static Set<Integer> receiveAll(
        final String name, final PullSocket pull, final int senders, final AtomicInteger received, final int total)
    {
        final Set<Integer> got = new HashSet<>();
        final int[] last = new int[senders];
        Arrays.fill(last, -1);
        final long deadline = System.nanoTime() + Testing.WAIT.toNanos();
        while (received.get() < total)
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail(name + " timed out: the PULLs got " + received.get() + " of " + total + " messages");
            }
            final var next = pull.receive(Duration.ofMillis(20));
            if (next.isEmpty())
            {
                continue;
            }
            final Message message = next.get();
            assertEquals(2, message.frameCount(), () -> "frames of a message at " + name);
            final int sender = message.frame(0).getInt(0);
            final int seq = message.frame(0).getInt(4);
            assertTrue(seq > last[sender], () -> name + " got message " + seq + " of sender " + sender +
                " after " + last[sender] + ": a sender's messages must keep their order");
            last[sender] = seq;
            Testing.assertPattern("message " + seq + " of sender " + sender + " at " + name, message.frame(1),
                size(sender, seq), seed(sender, seq));
            got.add(sender * 1000 + seq);
            received.incrementAndGet();
        }
        return got;
    }

    /** A header frame naming the sender and sequence (little-endian ints, as Agrona reads them), then the data. */
    private static Message message(final int sender, final int seq)
    {
        final byte[] header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(sender).putInt(seq).array();
        return Message.of(header, Testing.filled(size(sender, seq), seed(sender, seq)));
    }

    /** Big (Chunks follow), small (one fragment) and medium (several fragments, one wire message) in turn. */
    private static int size(final int sender, final int seq)
    {
        return switch (seq % 3)
        {
            case 0 -> 2 * MIB + 13 * seq + sender;
            case 1 -> 300 + seq;
            default -> 70 * KIB + seq;
        };
    }

    private static int seed(final int sender, final int seq)
    {
        return sender * 37 + seq;
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void aLargeMessageHeldUpOnOneLinkDoesNotHoldUpTheOther(final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            final PushSocket push = comm.push().bind(transport.bindable("any-held-up"));
            final PullSocket slow = comm.pull();
            // Read with poll and then not polled: what arrives stays in its log, so its stream pushes back.
            assertEquals(0, slow.poll(view -> fail("nothing was sent yet"), 1));
            slow.connect(push.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            slow.awaitPeers(1, Testing.WAIT);

            final int bigSize = 16 * MIB;
            final Background<Void> big = Background.platform("the 16 MiB send to the slow PULL", () ->
            {
                push.send(Message.of(Testing.filled(bigSize, 99)));
                return null;
            });
            big.awaitBlocked(); // in the middle of the message: the slow PULL's window is full

            final PullSocket fast = comm.pull().connect(push.endpoint());
            push.awaitPeers(2, Testing.WAIT);
            fast.awaitPeers(1, Testing.WAIT);
            final long start = System.nanoTime();
            for (int i = 0; i < 50; i++)
            {
                push.send(Message.of("small " + i));
                assertEquals("small " + i, Testing.receive(fast, "small message " + i + " at the other PULL").text());
            }
            final Duration smallTook = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(smallTook.compareTo(Duration.ofSeconds(5)) < 0,
                () -> "50 small messages to the other PULL took " + smallTook);
            assertFalse(big.isDone(), "the 16 MiB send finished though the slow PULL read nothing");

            final List<Message> slowGot = new ArrayList<>();
            Testing.await("the 16 MiB message at the slow PULL", () ->
            {
                slow.poll(view -> slowGot.add(assertInstanceOf(Message.class, view.copy())), 10);
                return !slowGot.isEmpty();
            });
            big.result();
            assertEquals(1, slowGot.size(), "messages at the slow PULL");
            Testing.assertPattern("the 16 MiB message", slowGot.get(0).frame(0), bigSize, 99);
        }
    }

    /**
     * Connect a pattern's sockets and wait for both sides' handshakes.
     *
     * @return the directions it carries messages in.
     */
    private static List<Hop> connect(final Communicator comm, final Pattern pattern, final Testing.Transport transport)
    {
        final String endpoint = transport.bindable("any-" + pattern);
        return switch (pattern)
        {
            case PUSH_PULL ->
            {
                final PullSocket pull = comm.pull().bind(endpoint);
                final PushSocket push = comm.push().connect(pull.endpoint());
                awaitJoined(push, pull);
                yield List.of(new Hop("PUSH->PULL", push, pull, false));
            }
            case REQ_REP ->
            {
                final RepSocket rep = comm.rep().bind(endpoint);
                final ReqSocket req = comm.req().connect(rep.endpoint());
                awaitJoined(req, rep);
                yield List.of(new Hop("REQ->REP", req, rep, false), new Hop("REP->REQ", rep, req, false));
            }
            case PUB_SUB ->
            {
                final PubSocket pub = comm.pub().bind(endpoint);
                final SubSocket sub = comm.sub();
                sub.subscribe("bulk/");
                sub.connect(pub.endpoint());
                awaitJoined(pub, sub);
                yield List.of(new Hop("PUB->SUB", pub, sub, true));
            }
            case PAIR ->
            {
                final PairSocket a = comm.pair().bind(endpoint);
                final PairSocket b = comm.pair().connect(a.endpoint());
                awaitJoined(a, b);
                yield List.of(new Hop("PAIR a->b", a, b, false), new Hop("PAIR b->a", b, a, false));
            }
        };
    }

    private static void awaitJoined(final Socket one, final Socket other)
    {
        one.awaitPeers(1, Testing.WAIT);
        other.awaitPeers(1, Testing.WAIT);
    }
}
