package dev.aeromq;

import dev.aeromq.testkit.Ports;
import io.aeron.Aeron;
import io.aeron.AeronCounters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fan-out (docs/architecture.md, "Fan-out"): a bound PUB writes each message once to one stream its SUBs
 * share: the IPC log, a UDP multi-destination-cast publication, or a multicast group (on loopback here:
 * {@code udp://239.255.x.y:PORT?interface=127.0.0.1}). Every SUB gets every message it subscribed to, a slow
 * SUB never holds the PUB or a fast SUB back (ZeroMQ's rule 7), SUBs join and leave while it publishes.
 */
class FanOutTest
{
    /** How long "nothing more arrives" is watched for. */
    private static final Duration QUIET = Duration.ofMillis(250);
    /** Multicast groups of this test: 239.255.{counter}.{odd}, one per test. */
    private static final AtomicInteger GROUPS = new AtomicInteger((int)(ProcessHandle.current().pid() % 200) * 64);

    /** The three ways a bound PUB's SUBs share its stream. */
    enum Sharing
    {
        /** {@code ipc://NAME}: every SUB reads the PUB's one IPC log. */
        IPC,
        /** {@code udp://127.0.0.1:0}: one multi-destination-cast publication, each SUB a destination. */
        MDC,
        /** {@code udp://GROUP:PORT?interface=127.0.0.1}: one publication to a multicast group. */
        MULTICAST;

        String bindable(final String name)
        {
            return switch (this)
            {
                case IPC -> Testing.ipc(name);
                case MDC -> "udp://127.0.0.1:0";
                case MULTICAST -> multicastGroup() + ":" + Ports.freeUdpPort() + "?interface=127.0.0.1";
            };
        }

        /** What the channel of the PUB's shared publication says, to find it among the driver's counters. */
        String sharedChannelMark()
        {
            return switch (this)
            {
                case IPC -> "untethered-window-limit-timeout=";
                case MDC -> "control-mode=dynamic";
                case MULTICAST -> "fc=max";
            };
        }
    }

    @ParameterizedTest
    @EnumSource(Sharing.class)
    void everySubscriberGetsEveryMatchingMessageFromOneSharedPublication(final Sharing sharing)
    {
        final List<String> topics = List.of("a1", "b2", "ab3", "c4", "", "abc5");
        try (var comm = Testing.open())
        {
            final var pub = comm.pub().bind(sharing.bindable("fan-every"));
            final List<SubSocket> subs = List.of(
                subscriber(comm, pub, ""), subscriber(comm, pub, ""), subscriber(comm, pub, "a"),
                subscriber(comm, pub, "b", "ab"), subscriber(comm, pub, "zzz"));
            awaitLinked(pub, subs);
            final List<List<String>> expected = List.of(
                topics, topics, List.of("a1", "ab3", "abc5"), List.of("b2", "ab3", "abc5"), List.of());

            final int rounds = 200;
            for (int round = 0; round < rounds; round++)
            {
                for (final String topic : topics)
                {
                    pub.publish(topic, Message.of(payload(round)));
                }
                // each SUB takes the round's messages before the next: none can fall an Aeron window behind
                for (int s = 0; s < subs.size(); s++)
                {
                    for (final String topic : expected.get(s))
                    {
                        final Message message = Testing.receive(subs.get(s),
                            "SUB " + s + "'s '" + topic + "' of round " + round);
                        assertEquals(topic, message.topic(), "SUB " + s + " in round " + round);
                        assertEquals(round, seq(message), "SUB " + s + "'s '" + topic + "'");
                    }
                }
            }
            for (int s = 0; s < subs.size(); s++)
            {
                final Optional<Message> extra = subs.get(s).receive(QUIET);
                final int which = s;
                assertTrue(extra.isEmpty(), () -> "SUB " + which + " got a message it did not subscribe to or a " +
                    "duplicate: '" + extra.get().topic() + "'");
            }
            assertEquals(1, sharedPublications(comm, sharing),
                "one publication carries the messages to all " + subs.size() + " SUBs");
        }
    }

    // ZeroMQ's rule 7 on a shared stream: the slow SUB's own inbox overflows (it drops past its HWM); while it
    // falls behind in the stream by less than a quarter of a term it leaves messages there, past that it drops
    // them whole, so it never holds the PUB (a dropping IPC PUB's SUBs are untethered; MDC and multicast
    // follow the fastest SUB: flow control max).
    @ParameterizedTest
    @EnumSource(Sharing.class)
    void slowSubscriberLosesPastItsHwmWhileAFastOneGetsEverythingAndThePublisherNeverWaits(final Sharing sharing)
    {
        final int total = 20_000;
        final int batch = 100;
        try (var comm = Testing.open())
        {
            final var pub = comm.pub().bind(sharing.bindable("fan-slow"));
            pub.sendTimeout(Duration.ofSeconds(2)); // a PUB waiting on the slow SUB would fail fast
            final var slow = comm.sub();
            slow.receiveHighWaterMark(10);
            slow.subscribe("");
            slow.connect(pub.endpoint());
            final var fast = comm.sub();
            fast.receiveHighWaterMark(2 * total);
            fast.subscribe("");
            fast.connect(pub.endpoint());
            awaitLinked(pub, List.of(slow, fast));

            final int[] fastSeqs = new int[total];
            final var fastCount = new AtomicInteger();
            final var fastFailure = new AtomicReference<Throwable>();
            final Thread reader = Thread.ofVirtual().name("fast-sub").start(
                () -> readAll(fast, total, fastSeqs, fastCount, fastFailure));

            final byte[] payload = new byte[512];
            long nanosInPublish = 0;
            for (int s = 0; s < total; s++)
            {
                ByteBuffer.wrap(payload).putInt(0, s);
                final long before = System.nanoTime();
                pub.publish("tick", Message.of(payload));
                nanosInPublish += System.nanoTime() - before;
                if ((s + 1) % batch == 0)
                {
                    final int published = s + 1;
                    Testing.await("the fast SUB to take " + published + " messages (it has " + fastCount.get() + ")",
                        () -> fastCount.get() >= published || fastFailure.get() != null);
                    assertNull(fastFailure.get(), "the fast SUB failed while receiving");
                }
            }
            final Duration inPublish = Duration.ofNanos(nanosInPublish);
            assertTrue(inPublish.compareTo(Duration.ofSeconds(3)) < 0,
                () -> total + " publishes spent " + inPublish + " in publish(): the PUB waited on the slow SUB");
            Testing.await("the fast reader to finish", () -> !reader.isAlive());
            for (int i = 0; i < total; i++)
            {
                assertEquals(i, fastSeqs[i], "the fast SUB gets every message, in order");
            }

            final List<Integer> slowSeqs = drainSeqs(slow);
            assertTrue(slowSeqs.size() < total, () -> "the slow SUB (HWM 10) got all " + total + ": nothing dropped");
            assertTrue(slowSeqs.size() >= 10, () -> "the slow SUB keeps its HWM's worth: " + slowSeqs.size());
            for (int i = 1; i < slowSeqs.size(); i++)
            {
                assertTrue(slowSeqs.get(i) > slowSeqs.get(i - 1),
                    "the slow SUB's messages are in order, without duplicates: " + slowSeqs.get(i - 1) + " then " +
                    slowSeqs.get(i));
            }
        }
    }

    // SUBs come and go while the PUB publishes: a joined SUB gets every message from its first one on (the PUB
    // counts it only once it reads the shared stream); those that stay are not disturbed by those that leave.
    @ParameterizedTest
    @EnumSource(Sharing.class)
    void subscribersJoinAndLeaveMidStream(final Sharing sharing) throws Exception
    {
        final var config = Testing.config().publisherBackPressure(Config.PublisherBackPressure.WAIT);
        try (var comm = Communicator.open(config.build()))
        {
            final var pub = comm.pub().bind(sharing.bindable("fan-join"));
            final var stayer = subscriber(comm, pub, "");
            awaitLinked(pub, List.of(stayer));

            final var published = new AtomicInteger();
            final var stop = new AtomicInteger();
            final var longestPublish = new AtomicLong();
            final var publishFailure = new AtomicReference<Throwable>();
            final Thread publisher = Thread.ofPlatform().name("fan-publisher").start(
                () -> publishUntilStopped(pub, published, stop, longestPublish, publishFailure));

            final List<Reader> readers = new ArrayList<>();
            readers.add(Reader.start(stayer, "stayer"));
            for (int round = 0; round < 4; round++)
            {
                final int before = published.get();
                final var joiner = subscriber(comm, pub, "");
                pub.awaitPeers(2, Testing.WAIT);
                final Reader reader = Reader.start(joiner, "joiner " + round);
                Testing.await("joiner " + round + " to receive 200 messages",
                    () -> reader.count() >= 200 || reader.failure() != null || publishFailure.get() != null);
                assertNull(publishFailure.get(), "the PUB failed");
                assertTrue(published.get() > before, "the PUB kept publishing");
                reader.stopAndClose();
                readers.add(reader);
                Testing.await("the PUB to see joiner " + round + " leave", () -> pub.peerCount() == 1);
            }
            final int afterLeaving = published.get();
            Testing.await("the PUB to go on after the last SUB left",
                () -> published.get() > afterLeaving + 1000 || publishFailure.get() != null);
            stop.set(1);
            publisher.join(Testing.WAIT.toMillis());
            assertNull(publishFailure.get(), "the PUB failed");
            final int total = published.get();
            Testing.await("the stayer to receive all " + total,
                () -> readers.get(0).count() >= total || readers.get(0).failure() != null);
            readers.get(0).stopAndClose();

            for (final Reader reader : readers)
            {
                assertNull(reader.failure(), reader.name + " failed");
                reader.assertConsecutive();
            }
            assertEquals(0, readers.get(0).first(), "the stayer gets every message from the first");
            assertEquals(total, readers.get(0).count(), "the stayer gets every message to the last");
            final Duration longest = Duration.ofNanos(longestPublish.get());
            assertTrue(longest.compareTo(Duration.ofSeconds(5)) < 0,
                () -> "a publish took " + longest + ": a leaving SUB held the PUB");
        }
    }

    @Test
    void badMulticastFormsFailNamingThePart()
    {
        try (var comm = Testing.open())
        {
            assertInvalid(() -> comm.pub().bind("udp://239.1.2.2:" + Ports.freeUdpPort()),
                "must end in an odd number");
            assertInvalid(() -> comm.pub().bind("udp://239.1.2.3:5000?interface=eth0"),
                "interface 'eth0' is not an ip address");
            assertInvalid(() -> comm.pub().bind("udp://239.1.2.3:5000?ttl=3"), "parameter 'ttl' is not known");
            assertInvalid(() -> comm.pub().bind("udp://239.1.2.3:0?interface=127.0.0.1"), "needs a fixed port");
            assertInvalid(() -> comm.pub().bind("udp://10.1.2.3:5000?interface=127.0.0.1"),
                "'10.1.2.3' is not a multicast group");
            assertInvalid(() -> comm.sub().bind("udp://239.1.2.3:5000?interface=127.0.0.1"),
                "bound by a pub");
            assertInvalid(() -> comm.push().connect("udp://239.1.2.3:5000?interface=127.0.0.1"),
                "connected to by subs");
        }
    }

    @Test
    void perSubscriberFanOutStillFiltersAtThePublisher()
    {
        try (var comm = Communicator.open(Testing.config().fanOut(Config.FanOut.PER_SUBSCRIBER).build()))
        {
            final var pub = comm.pub().bind("udp://127.0.0.1:0");
            final var narrow = subscriber(comm, pub, "x");
            final var wide = subscriber(comm, pub, "");
            awaitLinked(pub, List.of(narrow, wide));
            for (int i = 0; i < 100; i++)
            {
                pub.publish(i % 2 == 0 ? "x" : "y", Message.of(payload(i)));
            }
            for (int i = 0; i < 100; i++)
            {
                assertEquals(i, seq(Testing.receive(wide, "message " + i)));
                if (i % 2 == 0)
                {
                    assertEquals(i, seq(Testing.receive(narrow, "message " + i)));
                }
            }
            assertTrue(narrow.receive(QUIET).isEmpty(), "the narrow SUB gets its topic only");
            assertEquals(0, sharedPublications(comm, Sharing.MDC), "no shared stream: a link per SUB");
        }
    }

    private static void assertInvalid(final Runnable action, final String why)
    {
        final var ex = assertThrows(AeroMqException.class, action::run);
        assertInstanceOf(InvalidEndpointException.class, ex, ex::toString);
        assertTrue(ex.getMessage().toLowerCase(Locale.ROOT).contains(why),
            () -> "'" + ex.getMessage() + "' should say " + why);
    }

    private static String multicastGroup()
    {
        final int n = GROUPS.getAndIncrement();
        return "udp://239.255." + (n / 64 % 250 + 1) + "." + (n % 64 * 2 + 1);
    }

    private static SubSocket subscriber(final Communicator comm, final PubSocket pub, final String... prefixes)
    {
        final var sub = comm.sub();
        for (final String prefix : prefixes)
        {
            sub.subscribe(prefix);
        }
        sub.connect(pub.endpoint());
        return sub;
    }

    private static void awaitLinked(final PubSocket pub, final List<SubSocket> subs)
    {
        pub.awaitPeers(subs.size(), Testing.WAIT);
        for (final SubSocket sub : subs)
        {
            sub.awaitPeers(1, Testing.WAIT);
        }
    }

    /** Publications on the communicator's driver whose channel bears the shared stream's mark. */
    private static int sharedPublications(final Communicator comm, final Sharing sharing)
    {
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(comm.aeronDirectory())))
        {
            final int[] count = new int[1];
            aeron.countersReader().forEach((id, typeId, key, label) ->
                count[0] += typeId == AeronCounters.DRIVER_PUBLISHER_LIMIT_TYPE_ID &&
                label.contains(sharing.sharedChannelMark()) ? 1 : 0);
            return count[0];
        }
    }

    private static void readAll(
        final SubSocket sub,
        final int total,
        final int[] seqs,
        final AtomicInteger count,
        final AtomicReference<Throwable> failure)
    {
        try
        {
            while (count.get() < total)
            {
                final Optional<Message> message = sub.receive(Testing.WAIT);
                if (message.isEmpty())
                {
                    return;
                }
                seqs[count.get()] = seq(message.get());
                count.incrementAndGet();
            }
        }
        catch (final Throwable ex)
        {
            failure.set(ex);
        }
    }

    private static void publishUntilStopped(
        final PubSocket pub,
        final AtomicInteger published,
        final AtomicInteger stop,
        final AtomicLong longest,
        final AtomicReference<Throwable> failure)
    {
        try
        {
            for (int s = 0; stop.get() == 0; s++)
            {
                final long before = System.nanoTime();
                pub.publish("t", Message.of(payload(s)));
                longest.accumulateAndGet(System.nanoTime() - before, Math::max);
                published.set(s + 1);
            }
        }
        catch (final Throwable ex)
        {
            failure.set(ex);
        }
    }

    private static List<Integer> drainSeqs(final SubSocket sub)
    {
        final List<Integer> seqs = new ArrayList<>();
        for (Optional<Message> next; (next = sub.receive(QUIET)).isPresent(); )
        {
            seqs.add(seq(next.get()));
        }
        return seqs;
    }

    private static byte[] payload(final int seq)
    {
        final byte[] payload = new byte[64];
        ByteBuffer.wrap(payload).putInt(0, seq);
        return payload;
    }

    private static int seq(final Message message)
    {
        return message.frame(0).getInt(0, ByteOrder.BIG_ENDIAN);
    }

    /** A SUB read on a virtual thread until stopped: its first sequence and whether the rest follow on. */
    private static final class Reader
    {
        private final SubSocket sub;
        private final String name;
        private final AtomicInteger count = new AtomicInteger();
        private final AtomicInteger first = new AtomicInteger(-1);
        private final AtomicReference<String> gap = new AtomicReference<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean stopped;
        private Thread thread;

        private Reader(final SubSocket sub, final String name)
        {
            this.sub = sub;
            this.name = name;
        }

        static Reader start(final SubSocket sub, final String name)
        {
            final Reader reader = new Reader(sub, name);
            reader.thread = Thread.ofVirtual().name(name).start(reader::run);
            return reader;
        }

        private void run()
        {
            try
            {
                int last = -1;
                while (!stopped)
                {
                    final Optional<Message> message = sub.receive(Duration.ofMillis(50));
                    if (message.isPresent())
                    {
                        final int seq = seq(message.get());
                        if (last < 0)
                        {
                            first.set(seq);
                        }
                        else if (seq != last + 1 && gap.get() == null)
                        {
                            gap.set(seq + " after " + last);
                        }
                        last = seq;
                        count.incrementAndGet();
                    }
                }
            }
            catch (final Throwable ex)
            {
                failure.set(ex);
            }
        }

        int count()
        {
            return count.get();
        }

        int first()
        {
            return first.get();
        }

        Throwable failure()
        {
            return failure.get();
        }

        void stopAndClose() throws InterruptedException
        {
            stopped = true;
            thread.join(Testing.WAIT.toMillis());
            sub.close();
        }

        void assertConsecutive()
        {
            if (gap.get() != null)
            {
                fail(name + " lost or repeated messages: " + gap.get() + " (" + count() + " received from " +
                    first() + ")");
            }
        }
    }
}
