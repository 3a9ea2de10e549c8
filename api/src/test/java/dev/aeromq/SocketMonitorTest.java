package dev.aeromq;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Socket#monitor}: an event for each cause, naming the peer, in the order things happened; a
 * slow listener never holds the socket up and is told how many events it missed.
 */
class SocketMonitorTest
{
    @Test
    void peersJoiningRefusedAndLeavingAreReportedInOrder()
    {
        try (Communicator comm = Testing.open())
        {
            final PairSocket left = comm.pair();
            final EventRecorder leftEvents = new EventRecorder();
            left.monitor(leftEvents);
            left.bind(Testing.ipc("monitor-pair"));
            final long leftId = left.stats().socketId();

            final PairSocket right = comm.pair().connect(left.endpoint());
            right.awaitPeers(1, Testing.WAIT);
            final long rightId = right.stats().socketId();

            final PairSocket third = comm.pair();
            final EventRecorder thirdEvents = new EventRecorder();
            third.monitor(thirdEvents);
            third.connect(left.endpoint());
            final long thirdId = third.stats().socketId();
            final SocketEvent.RejectedByPeer refusal = (SocketEvent.RejectedByPeer)thirdEvents.await(
                "the third PAIR refused", (event) -> event instanceof SocketEvent.RejectedByPeer);
            assertEquals(new Peer(left.endpoint(), "aeron:ipc", SocketType.PAIR, leftId), refusal.peer());
            assertTrue(refusal.reason().contains("PAIR"), refusal.reason());
            leftEvents.await("the left PAIR refused the third", isRejected(thirdId));

            right.close(); // says goodbye; the third PAIR, dialling again, then gets in
            leftEvents.await("the third PAIR joined", isJoined(thirdId));
            thirdEvents.await("the third PAIR joined the left one", isJoined(leftId));
            left.close();
            thirdEvents.await("the left PAIR left the third", isLeft(leftId, LeaveReason.PEER_CLOSED));
            leftEvents.await("the left PAIR's last peer left as it closed", isLeft(thirdId, LeaveReason.CLOSED));

            final List<SocketEvent> events = leftEvents.events();
            assertEquals(new SocketEvent.Bound(left.endpoint()), events.get(0));
            assertInOrder(events, List.of(isJoined(rightId), isRejected(thirdId),
                isLeft(rightId, LeaveReason.PEER_CLOSED), isJoined(thirdId), isLeft(thirdId, LeaveReason.CLOSED)));
            final SocketEvent.PeerJoined joined = (SocketEvent.PeerJoined)events.get(1);
            assertEquals(new Peer(left.endpoint(), "aeron:ipc", SocketType.PAIR, rightId), joined.peer());
            assertEquals(new SocketEvent.Connecting(left.endpoint()), thirdEvents.events().get(0));
            assertTrue(left.stats().peersRejected() >= 1);
            assertTrue(third.stats().rejectedByPeers() >= 1);
        }
    }

    @Test
    void endpointsGoingAwayNameTheirReason()
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull().bind("udp://127.0.0.1:0");
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            pull.awaitPeers(1, Testing.WAIT);
            final EventRecorder pushEvents = new EventRecorder();
            push.monitor(pushEvents);
            final EventRecorder pullEvents = new EventRecorder();
            pull.monitor(pullEvents);
            final long pushId = push.stats().socketId();
            final long pullId = pull.stats().socketId();

            push.disconnect(pull.endpoint());
            pushEvents.await("the PUSH left the PULL as it disconnected", isLeft(pullId, LeaveReason.DISCONNECTED));
            final SocketEvent.PeerLeft left = (SocketEvent.PeerLeft)pullEvents.await("the PUSH left",
                isLeft(pushId, LeaveReason.PEER_CLOSED));
            assertTrue(left.peer().address().startsWith("127.0.0.1:"), left.peer()::toString);

            push.connect(pull.endpoint());
            pullEvents.await("the PUSH joined again", isJoined(pushId));
            pull.unbind(pull.endpoint());
            pullEvents.await("the PUSH left as the PULL unbound", isLeft(pushId, LeaveReason.UNBOUND));
        }
    }

    @Test
    void aSlowListenerMissesEventsCountedAndToldWhereTheGapWas() throws InterruptedException
    {
        final int burst = 6000;
        final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        // the PUB's drops per subscriber: a copy per SUB on its link (on a shared stream each SUB drops for itself)
        try (Communicator comm = Communicator.open(
            Testing.config().errorHandler(errors::add).fanOut(Config.FanOut.PER_SUBSCRIBER).build()))
        {
            final PubSocket pub = comm.pub().bind(Testing.ipc("monitor-slow"));
            final SubSocket sub = comm.sub();
            sub.maxMessageSize(10); // the PUB drops every larger message for it: one event each
            sub.subscribe("");
            sub.connect(pub.endpoint());
            sub.awaitPeers(1, Testing.WAIT);
            pub.awaitPeers(1, Testing.WAIT);

            final CountDownLatch entered = new CountDownLatch(1);
            final CountDownLatch release = new CountDownLatch(1);
            final EventRecorder events = new EventRecorder();
            pub.monitor((event) ->
            {
                entered.countDown();
                awaitQuietly(release);
                events.accept(event);
            });
            final Message large = Message.of(new byte[100]);
            // the listener holds the first event before the burst: else the queue may fill before its thread runs,
            // and the gap would be reported in two parts (as it should: where each was)
            pub.send(large);
            assertTrue(entered.await(Testing.WAIT.toMillis(), TimeUnit.MILLISECONDS), "the listener got no event");
            final long start = System.nanoTime();
            for (int i = 0; i < burst; i++)
            {
                pub.send(large); // never waits for the listener
            }
            final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(tookMs < Testing.WAIT.toMillis(), "publishing took " + tookMs + " ms");
            final long lost = pub.stats().eventsLost();
            assertEquals(burst - 4096, lost, "the listener's queue holds 4096 events");

            release.countDown();
            final SocketEvent.EventsLost gap = (SocketEvent.EventsLost)events.await("the gap reported",
                (event) -> event instanceof SocketEvent.EventsLost);
            assertEquals(lost, gap.count());
            pub.send(large);
            final long delivered = 1 + burst - lost; // the one held, then the queue's
            Testing.await("the event after the gap", () -> events.events().size() == delivered + 2);
            final List<SocketEvent> got = events.events();
            final int gapAt = got.indexOf(gap);
            assertEquals(delivered, gapAt, "every event before the gap was delivered, in order");
            assertTrue(got.subList(0, gapAt).stream().allMatch(SocketEvent.MessageDropped.class::isInstance));
            assertInstanceOf(SocketEvent.MessageDropped.class, got.get(gapAt + 1));
            assertEquals(burst + 2, pub.stats().dropped(DropReason.TOO_LARGE));
            assertTrue(errors.isEmpty(), errors::toString);
        }
    }

    @Test
    void aListenerThatThrowsGetsTheNextEventAllTheSame()
    {
        final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        try (Communicator comm = Communicator.open(Testing.config().errorHandler(errors::add).build()))
        {
            final PullSocket pull = comm.pull();
            final EventRecorder events = new EventRecorder();
            final Subscription subscription = pull.monitor((event) ->
            {
                events.accept(event);
                throw new IllegalStateException("listener failed on " + event);
            });
            pull.bind(Testing.ipc("monitor-throws"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            events.await("the PUSH joined", (event) -> event instanceof SocketEvent.PeerJoined);
            Testing.await("the failures reported", () -> errors.size() >= 2);
            subscription.close();
            push.close();
            pull.close();
            assertEquals(2, events.events().size(), events.events()::toString);
            assertThrows(ClosedException.class, () -> pull.monitor(events));
        }
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static Predicate<SocketEvent> isJoined(final long socketId)
    {
        return (event) -> event instanceof SocketEvent.PeerJoined(Peer peer) && peer.socketId() == socketId;
    }

    private static Predicate<SocketEvent> isRejected(final long socketId)
    {
        return (event) -> event instanceof SocketEvent.PeerRejected(Peer peer, String reason) &&
            peer.socketId() == socketId;
    }

    private static Predicate<SocketEvent> isLeft(final long socketId, final LeaveReason why)
    {
        return (event) -> event instanceof SocketEvent.PeerLeft(Peer peer, LeaveReason reason) &&
            peer.socketId() == socketId && reason == why;
    }

    private static void assertInOrder(final List<SocketEvent> events, final List<Predicate<SocketEvent>> expected)
    {
        int from = 0;
        for (int i = 0; i < expected.size(); i++)
        {
            final Predicate<SocketEvent> next = expected.get(i);
            int at = -1;
            for (int j = from; j < events.size() && at < 0; j++)
            {
                at = next.test(events.get(j)) ? j : -1;
            }
            final int step = i;
            final int after = from;
            assertTrue(at >= 0, () -> "step " + step + " of the expected order missing after event " + after +
                " in " + events);
            from = at + 1;
        }
    }
}
