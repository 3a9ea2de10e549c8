package dev.aeromq;

import dev.aeromq.testkit.Await;
import io.aeron.Aeron;
import io.aeron.Publication;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every reason a socket drops a message is counted ({@link SocketStats#droppedByReason()}) and reported
 * to monitor listeners ({@link SocketEvent.MessageDropped}) naming the peer: one test per reason.
 */
class DroppedMessagesTest
{
    private static final Duration QUIET = Duration.ofMillis(300);
    private static final int MIB = 1024 * 1024;

    private final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();

    private Communicator open()
    {
        return open(Testing.config());
    }

    private Communicator open(final Config.Builder config)
    {
        return Communicator.open(config.errorHandler(errors::add).build());
    }

    @Test
    void aSubscriberThatCannotKeepUpMissesMessagesAtThePub()
    {
        // the PUB's own drops, per subscriber: a copy per SUB on its link (on a shared stream each SUB drops
        // for itself)
        try (Communicator comm = open(Testing.config().fanOut(Config.FanOut.PER_SUBSCRIBER)))
        {
            final PubSocket pub = comm.pub().bind(Testing.ipc("dropped-hwm"));
            final SubSocket sub = comm.sub();
            sub.receiveHighWaterMark(1);
            sub.subscribe("");
            sub.connect(pub.endpoint());
            sub.awaitPeers(1, Testing.WAIT);
            pub.awaitPeers(1, Testing.WAIT);
            assertEquals(0, sub.poll(DroppedMessagesTest::ignore, 1)); // the SUB reads nothing from now on
            final EventRecorder events = new EventRecorder();
            pub.monitor(events);

            final Message message = Message.of(new byte[64 * 1024]);
            final long deadline = System.nanoTime() + Testing.WAIT.toNanos();
            while (pub.stats().dropped(DropReason.HIGH_WATER_MARK) == 0 && System.nanoTime() < deadline)
            {
                pub.send(message);
            }
            final SocketStats stats = pub.stats();
            assertTrue(stats.dropped(DropReason.HIGH_WATER_MARK) > 0, stats::toString);
            assertEquals(stats.dropped(DropReason.HIGH_WATER_MARK), stats.messagesDropped());
            final Peer peer = events.awaitDropped(DropReason.HIGH_WATER_MARK).peer();
            assertEquals(SocketType.SUB, peer.type());
            assertEquals(sub.stats().socketId(), peer.socketId());
            assertEquals(pub.endpoint(), peer.endpoint());
            assertNotNull(peer.address());
        }
    }

    @Test
    void aMessageForATopicUnsubscribedMeanwhileIsDroppedAtTheSub()
    {
        try (Communicator comm = open())
        {
            final PubSocket pub = comm.pub().bind(Testing.ipc("dropped-unsubscribed"));
            final SubSocket sub = comm.sub();
            sub.receiveHighWaterMark(1);
            sub.subscribe("t");
            sub.connect(pub.endpoint());
            sub.awaitPeers(1, Testing.WAIT);
            pub.awaitPeers(1, Testing.WAIT);
            final EventRecorder events = new EventRecorder();
            sub.monitor(events);

            for (int i = 1; i <= 5; i++)
            {
                pub.publish("t", Message.of("t" + i)); // the first fills the SUB's queue, the rest wait in its stream
            }
            Testing.await("the SUB took the first message", () -> sub.stats().messagesReceived() == 1);
            sub.unsubscribe("t");
            assertEquals("t1", Testing.receive(sub, "the message taken before unsubscribe").text());
            // the SUB's figures in the failure message: this waited in vain once in CI (not reproduced in 60 runs
            // under load), and they tell whether the four were never read, taken, or dropped for another reason
            Await.await(() -> "the SUB drops the four that waited; the SUB's figures: " + sub.stats(), Testing.WAIT,
                () -> sub.stats().dropped(DropReason.NOT_SUBSCRIBED) == 4);
            assertTrue(sub.receive(QUIET).isEmpty());
            assertEquals(SocketType.PUB, events.awaitDropped(DropReason.NOT_SUBSCRIBED).peer().type());
        }
    }

    @Test
    void aMessageLargerThanTheReceiversLimitIsDroppedAtEitherEnd()
    {
        // the PUB's own drops, per subscriber: a copy per SUB on its link (on a shared stream each SUB drops
        // for itself)
        try (Communicator comm = open(Testing.config().fanOut(Config.FanOut.PER_SUBSCRIBER)))
        {
            final PullSocket pull = comm.pull().bind(Testing.ipc("dropped-large"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            pull.awaitPeers(1, Testing.WAIT);
            final EventRecorder pullEvents = new EventRecorder();
            pull.monitor(pullEvents);
            pull.maxMessageSize(100); // the PUSH learnt the old limit at the handshake: the PULL drops
            push.send(Message.of(new byte[200]));
            push.send(Message.of(new byte[50]));
            assertEquals(50, Testing.receive(pull, "the message within the limit").size());
            assertEquals(1, pull.stats().dropped(DropReason.TOO_LARGE));
            assertEquals(SocketType.PUSH, pullEvents.awaitDropped(DropReason.TOO_LARGE).peer().type());

            final PubSocket pub = comm.pub().bind(Testing.ipc("dropped-large-pub"));
            final SubSocket sub = comm.sub();
            sub.maxMessageSize(100); // announced at the handshake: the PUB skips this subscriber
            sub.subscribe("");
            sub.connect(pub.endpoint());
            sub.awaitPeers(1, Testing.WAIT);
            pub.awaitPeers(1, Testing.WAIT);
            pub.send(Message.of(new byte[200]));
            assertEquals(1, pub.stats().dropped(DropReason.TOO_LARGE));
            assertEquals(0, pub.stats().messagesSent());
        }
    }

    @Test
    void aMalformedWireMessageIsDroppedNamingTheEndpoint()
    {
        try (Communicator comm = open();
            Aeron raw = Aeron.connect(new Aeron.Context().aeronDirectoryName(comm.aeronDirectory())))
        {
            final PullSocket pull = comm.pull().bind("udp://127.0.0.1:0");
            final EventRecorder events = new EventRecorder();
            pull.monitor(events);
            final String hostPort = pull.endpoint().substring("udp://".length());
            try (Publication publication = raw.addPublication("aeron:udp?endpoint=" + hostPort, 1001))
            {
                Testing.await("the raw publication connects", publication::isConnected);
                final UnsafeBuffer garbage = new UnsafeBuffer(new byte[32]);
                garbage.setMemory(0, 32, (byte)0x7f);
                Testing.await("the garbage goes out", () -> publication.offer(garbage) > 0);
                Testing.await("the PULL drops it", () -> pull.stats().dropped(DropReason.MALFORMED) == 1);
            }
            final Peer peer = events.awaitDropped(DropReason.MALFORMED).peer();
            assertEquals(pull.endpoint(), peer.endpoint());
            Testing.await("the error handler hears of it", () -> errors.stream()
                .anyMatch(ex -> String.valueOf(ex.getMessage()).contains("malformed wire message")));
        }
    }

    @Test
    void aReplyToARequesterThatLeftIsDroppedAsPeerGone()
    {
        try (Communicator comm = open())
        {
            final RepSocket rep = comm.rep().bind(Testing.ipc("dropped-gone"));
            final ReqSocket req = comm.req().connect(rep.endpoint());
            req.awaitPeers(1, Testing.WAIT);
            rep.awaitPeers(1, Testing.WAIT);
            final EventRecorder events = new EventRecorder();
            rep.monitor(events);
            final CompletableFuture<Message> reply = req.requestAsync(Message.of("hello"));
            assertEquals("hello", Testing.receive(rep, "the request").text());
            req.close();
            Testing.await("the REP sees the REQ gone", () -> rep.peerCount() == 0);
            rep.send(Message.of("too late"));
            assertEquals(1, rep.stats().dropped(DropReason.PEER_GONE));
            assertEquals(SocketType.REQ, events.awaitDropped(DropReason.PEER_GONE).peer().type());
            assertTrue(reply.isCompletedExceptionally());
        }
    }

    @Test
    void aMessageWhoseSendTimedOutPartWayIsDroppedAsCutShort()
    {
        try (Communicator comm = open())
        {
            final PullSocket pull = comm.pull().bind(Testing.ipc("dropped-cut"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            pull.awaitPeers(1, Testing.WAIT);
            final EventRecorder events = new EventRecorder();
            pull.monitor(events);
            assertEquals(0, pull.poll(DroppedMessagesTest::ignore, 1)); // reads nothing for now

            push.sendTimeout(Duration.ofMillis(300));
            assertThrows(TimeoutException.class, () -> push.send(Message.of(new byte[16 * MIB])));
            assertEquals(1, push.stats().sendTimeouts());

            push.sendTimeout(Testing.WAIT);
            final CompletableFuture<Void> next = CompletableFuture.runAsync(() -> push.send(Message.of("next")));
            assertEquals("next", Testing.receive(pull, "the message after the cut one").text());
            next.join();
            assertEquals(1, pull.stats().dropped(DropReason.CUT_SHORT));
            assertEquals(1, pull.stats().messagesReceived());
            assertEquals(SocketType.PUSH, events.awaitDropped(DropReason.CUT_SHORT).peer().type());
        }
    }

    @Test
    void aSubscriberThatStallsPartWayMissesTheMessageAsSendTimeout()
    {
        // the PUB's own drops, per subscriber: a copy per SUB on its link (on a shared stream each SUB drops
        // for itself)
        try (Communicator comm = open(
            Testing.config().peerTimeout(Duration.ofMillis(500)).fanOut(Config.FanOut.PER_SUBSCRIBER)))
        {
            final PubSocket pub = comm.pub().bind(Testing.ipc("dropped-stall"));
            final SubSocket sub = comm.sub();
            sub.receiveHighWaterMark(1);
            sub.subscribe("");
            sub.connect(pub.endpoint());
            sub.awaitPeers(1, Testing.WAIT);
            pub.awaitPeers(1, Testing.WAIT);
            final EventRecorder events = new EventRecorder();
            pub.monitor(events);

            final Message large = Message.of(new byte[3 * MIB]); // several wire messages
            pub.send(large);
            Testing.await("the SUB took the first", () -> sub.stats().messagesReceived() == 1); // its queue is full
            pub.send(large); // begins, then stalls: dropped after the stall limit (the peer timeout)
            final SocketStats stats = pub.stats();
            assertEquals(1, stats.dropped(DropReason.SEND_TIMEOUT), stats::toString);
            assertEquals(1, stats.messagesSent());
            assertEquals(SocketType.SUB, events.awaitDropped(DropReason.SEND_TIMEOUT).peer().type());
        }
    }

    @Test
    void aReplyToAnAbandonedRequestIsDroppedAsUnexpected()
    {
        try (Communicator comm = open())
        {
            final RepSocket rep = comm.rep().bind(Testing.ipc("dropped-stale"));
            final ReqSocket req = comm.req().connect(rep.endpoint());
            req.awaitPeers(1, Testing.WAIT);
            rep.awaitPeers(1, Testing.WAIT);
            final EventRecorder events = new EventRecorder();
            req.monitor(events);
            assertThrows(TimeoutException.class, () -> req.request(Message.of("first"), Duration.ofMillis(200)));
            assertEquals("first", Testing.receive(rep, "the abandoned request").text());
            rep.send(Message.of("late"));
            Testing.await("the REQ drops the late reply", () -> req.stats().dropped(DropReason.UNEXPECTED) == 1);
            assertEquals(SocketType.REP, events.awaitDropped(DropReason.UNEXPECTED).peer().type());
        }
    }

    @Test
    void aMessageTheFrameAllocatorCannotPlaceIsDropped()
    {
        try (Communicator comm = open())
        {
            final PullSocket pull = comm.pull().bind(Testing.ipc("dropped-allocator"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            pull.awaitPeers(1, Testing.WAIT);
            final EventRecorder events = new EventRecorder();
            pull.monitor(events);
            pull.frameAllocator((header, index, length) -> null);
            push.send(Message.of("nowhere to go"));
            Testing.await("the PULL drops it", () -> pull.stats().dropped(DropReason.ALLOCATOR_FAILED) == 1);
            pull.frameAllocator(null);
            push.send(Message.of("placed"));
            assertEquals("placed", Testing.receive(pull, "the next message").text());
            assertEquals(SocketType.PUSH, events.awaitDropped(DropReason.ALLOCATOR_FAILED).peer().type());
        }
    }

    private static void ignore(final MessageView view)
    {
        // nothing arrives: the socket only stops reading
    }
}
