package dev.aeromq;

import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.Background;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A SUB left behind a dropping PUB's shared UDP stream further than the PUB's sender keeps to repair a gap
 * (the sender follows the fastest SUB) can never catch up, and Aeron would keep it waiting for the image
 * liveness timeout (10 s by default). It says it lost messages and reads on from the stream's head, within
 * about a heartbeat interval; a fast SUB misses nothing meanwhile.
 */
class StrandedSubscriberTest
{
    private static final int SIZE = 64 * 1024;
    /** One fragment: handed in place, under the socket's duty lock (a longer one is placed by the engine). */
    private static final int SMALL = 64;

    @ParameterizedTest
    @EnumSource(value = FanOutTest.Sharing.class, names = { "MDC", "MULTICAST" })
    void aSubscriberStrandedBehindASharedUdpStreamSaysSoAndReadsOnFromItsHead(final FanOutTest.Sharing sharing)
        throws Exception
    {
        final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        // a long peer timeout: the slow SUB's side stands still on purpose for a while below
        final Config config = Testing.config().peerTimeout(Duration.ofSeconds(10)).build();
        try (Communicator publishing = Communicator.open(config);
            Communicator slowSide = Communicator.open(Testing.config().peerTimeout(Duration.ofSeconds(10))
                .errorHandler(errors::add).build()))
        {
            final PubSocket pub = publishing.pub().bind(sharing.bindable("stranded"));
            final SubSocket fast = publishing.sub();
            final SubSocket slow = slowSide.sub();
            for (final SubSocket sub : List.of(slow, fast))
            {
                sub.subscribe("");
                sub.connect(pub.endpoint());
                sub.awaitPeers(1, Testing.WAIT);
            }
            pub.awaitPeers(2, Testing.WAIT);

            // The slow SUB's poll handler holds its socket (nothing reads its stream meanwhile) while the fast
            // SUB takes four terms' worth: the sender, following the fast SUB, moves far past what it can resend.
            // Read with poll from the start: message 0 then waits in the stream, and the handler that takes it
            // runs under the socket's duty lock. (Taken from a queue filled before, it would not hold the socket.)
            assertEquals(0, slow.poll((view) -> fail("nothing was sent yet"), 1));
            final CountDownLatch inHandler = new CountDownLatch(1);
            final CountDownLatch release = new CountDownLatch(1);
            final Background<Integer> held = Background.platform("slow-sub-poll", () ->
            {
                final long giveUp = System.nanoTime() + Testing.WAIT.toNanos();
                int handed = 0;
                while (handed == 0 && System.nanoTime() - giveUp < 0) // poll hands what is there now: try again
                {
                    handed = slow.poll((view) ->
                    {
                        inHandler.countDown();
                        awaitReleased(release);
                    }, 1);
                }
                return handed;
            });
            publishAndTakeAtTheFastSub(pub, fast, 0, SMALL);
            Await.await("the slow SUB's poll handler to get message 0", () -> inHandler.getCount() == 0);
            final int behind = 4 * config.termLength() / SIZE;
            int seq = 1;
            for (; seq <= behind; seq++)
            {
                publishAndTakeAtTheFastSub(pub, fast, seq, SIZE);
            }
            release.countDown();
            assertEquals(1, held.result());

            // The slow SUB reads on: what its stream held, then — once it knows it is stranded — the messages
            // published from the stream's head on. Each is whole and in order.
            final List<Integer> slowSeqs = new ArrayList<>();
            final long deadline = System.nanoTime() + Testing.WAIT.toNanos();
            while (slowSeqs.isEmpty() || slowSeqs.get(slowSeqs.size() - 1) <= behind)
            {
                assertTrue(System.nanoTime() - deadline < 0, () -> "the stranded SUB got no message published " +
                    "after it was left behind within " + Testing.WAIT + "; it got " + slowSeqs + ", errors " + errors);
                publishAndTakeAtTheFastSub(pub, fast, seq++, SIZE);
                Optional<Message> next = slow.receive(Duration.ofMillis(20));
                for (; next.isPresent(); next = slow.receive(Duration.ofMillis(20)))
                {
                    final int got = seqOf(next.get());
                    assertTrue(slowSeqs.isEmpty() || got > slowSeqs.get(slowSeqs.size() - 1),
                        () -> "message " + got + " after " + slowSeqs);
                    slowSeqs.add(got);
                }
            }
            final int published = seq;
            assertTrue(slowSeqs.size() + 1 < published, () -> "the stranded SUB lost nothing: " + slowSeqs);

            final String got = "errors: " + errors + ", the stranded SUB got " + slowSeqs;
            final Throwable report = errors.stream()
                .filter((error) -> error.getMessage().contains("behind")).findFirst()
                .orElseThrow(() -> new AssertionError("no report of the stranded SUB; " + got));
            assertInstanceOf(IllegalStateException.class, report);
            final String text = report.getMessage().toLowerCase(Locale.ROOT);
            for (final String word : List.of("fell", "behind", "lost", "head", "publisherbackpressure.wait"))
            {
                assertTrue(text.contains(word), () -> "'" + report.getMessage() + "' should mention " + word);
            }
        }
    }

    private static void awaitReleased(final CountDownLatch release)
    {
        try
        {
            assertTrue(release.await(Testing.WAIT.toNanos(), TimeUnit.NANOSECONDS), "the test releases the handler");
        }
        catch (final InterruptedException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** Publish message {@code seq} and take it at the fast SUB, which must get every one, in order. */
    private static void publishAndTakeAtTheFastSub(
        final PubSocket pub, final SubSocket fast, final int seq, final int size)
    {
        final byte[] payload = new byte[size];
        ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).putInt(0, seq).putInt(size - 4, seq);
        pub.publish("t", Message.of(payload));
        assertEquals(seq, seqOf(Testing.receive(fast, "message " + seq + " at the fast SUB")),
            "the fast SUB gets every message, in order");
    }

    /** The message's sequence, checked to be at both its ends: a message is whole or not there. */
    private static int seqOf(final Message message)
    {
        final var frame = message.frame(0);
        final int seq = frame.getInt(0);
        assertEquals(seq == 0 ? SMALL : SIZE, frame.capacity(), "message " + seq + " is whole");
        assertEquals(seq, frame.getInt(frame.capacity() - 4), "the end of message " + seq + " is its own");
        return seq;
    }
}
