package dev.aeromq;

import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.Background;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Messages are atomic (API.md Part 2): a message longer than one wire message arrives whole or not at all when a
 * PUB drops it for a slow subscriber part-way, when its sender is closed part-way, and when its send times out
 * part-way (the send that threw is never delivered, not even partly); the receiver discards the part it has when
 * the next message begins, reports it, and goes on.
 */
class AtomicityTest
{
    private static final int MIB = 1024 * 1024;
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final String CUT_SHORT = "a message was cut short";

    // A copy per SUB on its link: the PUB gives up on the slow SUB's link part-way through a message.
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void aPubDroppingForASlowSubscriberPartWayDeliversItNothingButWholeMessages(final Testing.Transport transport)
    {
        slowSubscriberGetsOnlyWholeMessages(transport, Config.FanOut.PER_SUBSCRIBER);
    }

    // On a shared stream the PUB never cuts a message short for one SUB: the slow SUB drops whole messages itself.
    @Test
    void aSlowSubscriberOnASharedIpcStreamGetsNothingButWholeMessages()
    {
        slowSubscriberGetsOnlyWholeMessages(Testing.Transport.IPC, Config.FanOut.SHARED);
    }

    @Test
    void aSlowSubscriberOnASharedUdpStreamGetsNothingButWholeMessages()
    {
        slowSubscriberGetsOnlyWholeMessages(Testing.Transport.UDP, Config.FanOut.SHARED);
    }

    private static void slowSubscriberGetsOnlyWholeMessages(
        final Testing.Transport transport, final Config.FanOut fanOut)
    {
        final int size = 3 * MIB; // more than the Aeron window: a subscriber that reads nothing stalls it part-way
        final int count = 6;
        final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        try (Communicator comm = Communicator.open(
            Testing.config().errorHandler(errors::add).fanOut(fanOut).build()))
        {
            final PubSocket pub = comm.pub().bind(transport.bindable("atomic-pub"));
            final SubSocket slow = comm.sub();
            slow.receiveHighWaterMark(1);
            final SubSocket fast = comm.sub();
            for (final SubSocket sub : List.of(slow, fast))
            {
                sub.subscribe("");
                sub.connect(pub.endpoint());
                sub.awaitPeers(1, Testing.WAIT);
            }
            pub.awaitPeers(2, Testing.WAIT);

            for (int i = 0; i < count; i++)
            {
                pub.send(Message.of(Testing.filled(size, i)));
                Testing.assertPattern("message " + i + " at the fast SUB",
                    Testing.receive(fast, "message " + i + " at the fast SUB").frame(0), size, i);
            }
            final List<Integer> slowGot = receiveWhole(slow, size);
            // Over a shared UDP stream the slow SUB may have none: the sender follows the fast SUB, and a SUB left
            // more than its window behind during message 0 (its engine descheduled while the fast SUB's reader
            // kept reading) is stranded and reads on from the stream's head.
            final boolean mayHaveNone = transport == Testing.Transport.UDP && fanOut == Config.FanOut.SHARED;
            assertTrue((mayHaveNone || !slowGot.isEmpty()) && slowGot.size() < count,
                () -> "the slow SUB got " + slowGot);

            // the slow SUB reads again: a message published now reaches it whole, past the part it was left with
            pub.send(Message.of(Testing.filled(size, count)));
            Testing.assertPattern("the last message at the fast SUB",
                Testing.receive(fast, "the last message at the fast SUB").frame(0), size, count);
            Testing.assertPattern("the last message at the slow SUB",
                Testing.receive(slow, "the last message at the slow SUB").frame(0), size, count);
            if (fanOut == Config.FanOut.PER_SUBSCRIBER)
            {
                assertReported(errors, CUT_SHORT); // the PUB gave up part-way on the slow SUB's link
            }
            assertTrue(slow.receive(QUIET).isEmpty(), "nothing more at the slow SUB");
        }
    }

    /**
     * Receive until nothing comes for a while: each message must be whole, its pattern that of its sequence, and
     * the sequences increasing.
     *
     * @return the sequences received.
     */
    private static List<Integer> receiveWhole(final ReceivingSocket socket, final int size)
    {
        final List<Integer> got = new ArrayList<>();
        while (true)
        {
            final Optional<Message> next = socket.receive(QUIET);
            if (next.isEmpty())
            {
                return got;
            }
            final int seq = next.get().frame(0).getByte(0); // the pattern of seed s starts with byte s
            assertTrue(got.isEmpty() || seq > got.get(got.size() - 1), () -> "message " + seq + " after " + got);
            Testing.assertPattern("message " + seq, next.get().frame(0), size, seq);
            got.add(seq);
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void aSenderClosedPartWayThroughAMessageDeliversNothingOfIt(final Testing.Transport transport)
    {
        final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        try (Communicator receiving = Communicator.open(Testing.config().errorHandler(errors::add).build()))
        {
            final PullSocket pull = receiving.pull().bind(transport.bindable("atomic-closed"));
            // read with poll and not polled: the message stops part-way, its start in the PULL's log
            assertEquals(0, pull.poll(view -> fail("nothing was sent"), 1));
            final Background<Void> send;
            try (Communicator sending = Communicator.open(sharingTheDriverOf(receiving)))
            {
                final PushSocket push = sending.push().connect(pull.endpoint());
                push.linger(Duration.ZERO);
                push.awaitPeers(1, Testing.WAIT);
                pull.awaitPeers(1, Testing.WAIT);
                final byte[] big = Testing.filled(100 * MIB, 1);
                send = Background.platform("the 100 MiB send", () ->
                {
                    push.send(Message.of(big));
                    return null;
                });
                send.awaitBlocked();
            }
            send.failure(ClosedException.class);

            // the PULL now reads what is in its log: the start of the message, then the stream ends
            final List<Long> handed = new ArrayList<>();
            Testing.await("the closed PUSH to leave the PULL", () ->
            {
                pull.poll(view -> handed.add(view.size()), 10);
                return pull.peerCount() == 0;
            });
            Await.holds("no message to arrive", QUIET, () ->
            {
                pull.poll(view -> handed.add(view.size()), 10);
                return handed.isEmpty();
            });
            final PushSocket next = receiving.push().connect(pull.endpoint());
            next.awaitPeers(1, Testing.WAIT);
            final Background<Void> nextSend = Background.platform("the next PUSH's send", () ->
            {
                next.send(Message.of(Testing.filled(3 * MIB, 2))); // larger than the window: the PULL must poll
                return null;
            });
            final List<Message> got = new ArrayList<>();
            Testing.await("the next PUSH's message", () ->
            {
                pull.poll(view -> got.add(view.copy()), 10);
                return !got.isEmpty();
            });
            nextSend.result();
            assertEquals(1, got.size());
            Testing.assertPattern("the next PUSH's message", got.get(0).frame(0), 3 * MIB, 2);
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void aSenderClosedWhileTheReceiverTakesTheMessageDeliversItWholeOrNotAtAll(final Testing.Transport transport)
    {
        final int size = 100 * MIB;
        final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        try (Communicator receiving = Communicator.open(Testing.config().errorHandler(errors::add).build()))
        {
            final PullSocket pull = receiving.pull().bind(transport.bindable("atomic-racing"));
            final Background<Void> send;
            final AtomicReference<Thread> closer = new AtomicReference<>();
            try (Communicator sending = Communicator.open(sharingTheDriverOf(receiving)))
            {
                final PushSocket push = sending.push().connect(pull.endpoint());
                push.linger(Duration.ZERO);
                push.awaitPeers(1, Testing.WAIT);
                pull.awaitPeers(1, Testing.WAIT);
                // close the sender as soon as the message begins to arrive (the allocator must not block)
                final AtomicBoolean begun = new AtomicBoolean();
                pull.frameAllocator((header, index, length) ->
                {
                    if (begun.compareAndSet(false, true))
                    {
                        closer.set(Thread.startVirtualThread(sending::close));
                    }
                    return new UnsafeBuffer(new byte[length]);
                });
                final byte[] big = Testing.filled(size, 3);
                send = Background.platform("the 100 MiB send", () ->
                {
                    push.send(Message.of(big));
                    return null;
                });
                Testing.await("the sender closed", () -> closer.get() != null && !closer.get().isAlive());
            }
            Testing.await("the send to end", send::isDone);
            final Optional<Message> received = pull.receive(Duration.ofSeconds(1));
            if (received.isPresent())
            {
                Testing.assertPattern("the message whose sender closed", received.get().frame(0), size, 3);
            }
            else
            {
                send.failure(ClosedException.class); // it cannot have gone whole and not arrived
            }
            assertTrue(pull.receive(QUIET).isEmpty(), "nothing more arrives");
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void aSendThatTimesOutPartWayIsNeverDeliveredAndTheNextArrivesWhole(final Testing.Transport transport)
    {
        final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        try (Communicator comm = Communicator.open(Testing.config().errorHandler(errors::add).build()))
        {
            final PullSocket pull = comm.pull().bind(transport.bindable("atomic-timeout"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            pull.awaitPeers(1, Testing.WAIT);
            assertEquals(0, pull.poll(view -> fail("nothing was sent"), 1)); // reads nothing from now on

            push.sendTimeout(Duration.ofMillis(300));
            final byte[] big = Testing.filled(16 * MIB, 1); // four times the term, eight times the window
            final TimeoutException ex = assertThrows(TimeoutException.class, () -> push.send(Message.of(big)));
            assertTrue(ex.getMessage().contains("middle of a message"), ex.getMessage());
            assertTrue(ex.getMessage().contains(pull.endpoint()), () -> ex.getMessage() + " should name the peer");

            push.sendTimeout(Testing.WAIT);
            final Background<Void> next = Background.platform("the next send", () ->
            {
                push.send(Message.of(Testing.filled(3 * MIB, 2)));
                push.send(Message.of("last"));
                return null;
            });
            final Message received = Testing.receive(pull, "the message after the one that timed out");
            Testing.assertPattern("the message after the one that timed out", received.frame(0), 3 * MIB, 2);
            assertEquals("last", Testing.receive(pull, "the last message").text());
            next.result();
            assertTrue(pull.receive(QUIET).isEmpty(), "nothing more arrives");
            assertReported(errors, CUT_SHORT);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Testing.Transport.class, names = "UDP")
    void aPubDroppingForSlowSubscribersStillDeliversALongMessageToASubscriberThatKeepsUp(
        final Testing.Transport transport)
    {
        final int size = 1 << 30;
        final Duration stallLimit = Duration.ofMillis(500); // the peer timeout: well above any stall on loopback
        try (MappedMemory source = MappedMemory.create("atomic-stall-source", size);
            MappedMemory destination = MappedMemory.create("atomic-stall-destination", size);
            Communicator comm = Communicator.open(Testing.config().peerTimeout(stallLimit).build()))
        {
            source.fill(5);
            final PubSocket pub = comm.pub().bind(transport.bindable("atomic-stall"));
            final SubSocket sub = comm.sub();
            sub.frameAllocator((header, index, length) -> destination.buffer());
            sub.subscribe("");
            sub.connect(pub.endpoint());
            sub.awaitPeers(1, Testing.WAIT);
            pub.awaitPeers(1, Testing.WAIT);

            final long start = System.nanoTime();
            pub.send(Message.of(source.buffer(), 0, size));
            final Duration took = Duration.ofNanos(System.nanoTime() - start);
            final Optional<Message> received = sub.receive(Duration.ofSeconds(20));
            assertTrue(received.isPresent(), () -> "the 1 GiB message (sent in " + took.toMillis() + " ms) was " +
                "dropped for a subscriber that kept reading");
            Testing.assertPattern("the 1 GiB message", received.get().frame(0), size, 5);
        }
    }

    private static Config sharingTheDriverOf(final Communicator other)
    {
        return Testing.config().externalDriver(true).aeronDirectory(other.aeronDirectory()).build();
    }

    private static void assertReported(final Queue<Throwable> errors, final String text)
    {
        Await.await(() -> "a report of \"" + text + "\"; reported: " + errors, Testing.WAIT,
            () -> errors.stream().anyMatch(ex -> String.valueOf(ex.getMessage()).contains(text)));
    }
}
