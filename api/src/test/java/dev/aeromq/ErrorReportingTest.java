package dev.aeromq;

import dev.aeromq.testkit.Await;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Errors no caller can receive reach the application's error handler off the engine thread, bounded
 * and rate-limited: a handler that blocks, throws or closes the communicator wedges nothing, and a
 * flood of bad input becomes at most about a hundred reports a second and a summary of the rest.
 */
class ErrorReportingTest
{
    private static final byte[] GARBAGE = {1, 2, 3};
    private static final int FLOOD = 2_000;
    private static final long BEAT_EVERY_NS = Duration.ofMillis(200).toNanos();

    @Test
    void anErrorHandlerThatBlocksForeverDoesNotStopMessageFlow()
    {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger entered = new AtomicInteger();
        try (Communicator comm = Communicator.open(Testing.config()
            .errorHandler((error) -> blockUntil(entered, release)).build()))
        {
            final PullSocket failing = comm.pull().bind(Testing.ipc("blocked-handler-failing"));
            failing.onMessage(ErrorReportingTest::fail);
            final PushSocket toFailing = comm.push().connect(failing.endpoint());
            final PullSocket pull = comm.pull().bind(Testing.ipc("blocked-handler-flow"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            toFailing.awaitPeers(1, Testing.WAIT);

            toFailing.send(Message.of("bad"));
            Testing.await("the error handler to be entered (and block)", () -> entered.get() == 1);
            for (int i = 0; i < 100; i++)
            {
                push.send(Message.of("m" + i));
                toFailing.send(Message.of("bad")); // more errors queue up behind the blocked handler
                assertEquals("m" + i, Testing.receive(pull, "message " + i + " while the handler blocks").text());
            }
            assertEquals(1, entered.get(), "the handler is still blocked in its first call");
        }
        finally
        {
            release.countDown();
        }
    }

    @Test
    void anErrorHandlerThatThrowsStillGetsTheNextErrors()
    {
        final Queue<Throwable> seen = new ConcurrentLinkedQueue<>();
        try (Communicator comm = Communicator.open(Testing.config().errorHandler((error) ->
        {
            seen.add(error);
            throw new IllegalStateException("the error handler fails too");
        }).build()))
        {
            final PullSocket failing = comm.pull().bind(Testing.ipc("throwing-handler"));
            failing.onMessage(ErrorReportingTest::fail);
            final PushSocket push = comm.push().connect(failing.endpoint());
            push.awaitPeers(1, Testing.WAIT);

            for (int i = 1; i <= 3; i++)
            {
                push.send(Message.of("bad-" + i));
                final int reported = i;
                Testing.await("report " + i + " at the throwing error handler", () -> seen.size() == reported);
            }
            assertTrue(seen.stream().allMatch((error) -> error.getMessage().startsWith("handler failed on bad-")),
                seen::toString);
        }
    }

    @Test
    void anErrorHandlerMayCloseTheCommunicator()
    {
        final AtomicBoolean closeReturned = new AtomicBoolean();
        final Communicator[] owner = new Communicator[1];
        final Consumer<Throwable> closing = (error) ->
        {
            owner[0].close();
            closeReturned.set(true);
        };
        try (Communicator comm = Communicator.open(Testing.config().errorHandler(closing).build()))
        {
            owner[0] = comm;
            final PullSocket failing = comm.pull().bind(Testing.ipc("closing-handler"));
            failing.onMessage(ErrorReportingTest::fail);
            final PushSocket push = comm.push().connect(failing.endpoint());
            push.awaitPeers(1, Testing.WAIT);

            push.send(Message.of("bad"));

            Testing.await("close() called by the error handler to return", closeReturned::get);
            assertTrue(comm.isClosed());
            assertTrue(failing.isClosed() && push.isClosed(), "every socket closed");
        }
    }

    @Test
    void anExceptionInAnOnMessageHandlerIsReportedAndTheLoopGoesOn()
    {
        final ErrorLog errors = new ErrorLog();
        final Queue<String> handled = new ConcurrentLinkedQueue<>();
        try (Communicator comm = Communicator.open(Testing.config().errorHandler(errors).build()))
        {
            final PullSocket pull = comm.pull().bind(Testing.ipc("on-message-throws"));
            pull.onMessage((message) ->
            {
                if (message.text().startsWith("bad"))
                {
                    fail(message);
                }
                handled.add(message.text());
            });
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);

            for (final String text : List.of("a", "bad-1", "b", "bad-2", "c"))
            {
                push.send(Message.of(text));
            }

            Testing.await("the messages after the failures to be handled", () -> handled.size() == 3);
            assertEquals(List.of("a", "b", "c"), List.copyOf(handled));
            Testing.await("both failures reported", () -> errors.countContaining("handler failed on bad-") == 2);
        }
    }

    @Test
    void aFloodOfMalformedInputReachesTheHandlerAtAHundredASecondAndASummary()
    {
        final ErrorLog errors = new ErrorLog();
        try (Communicator comm = Communicator.open(Testing.config().errorHandler(errors).build()))
        {
            final PullSocket pull = comm.pull().bind("udp://127.0.0.1:0");
            try (RawConnector peer = new RawConnector(comm, pull.endpoint()))
            {
                peer.hello(SocketType.PUSH, 7);
                pull.awaitPeers(1, Testing.WAIT);

                for (int i = 0; i < FLOOD; i++)
                {
                    peer.raw(GARBAGE);
                }
                // No further error comes (the peer only beats): the summary of the rest comes anyway, once the
                // second is over.
                final long[] lastBeatNs = {System.nanoTime()};
                Await.await(() -> "every error reported or summed up: " + malformed(errors) + " reported, " +
                    errors.summarised() + " summed up, " + FLOOD + " sent; " + errors, Duration.ofSeconds(20),
                    () -> beatAndCount(peer, lastBeatNs, errors));

                assertTrue(errors.inFirstSecond() <= 101,
                    "at most 100 reports (and a summary) reach the handler in a second: " + errors.inFirstSecond());
                assertTrue(errors.summaries() >= 1, errors::toString);
                assertEquals(1, pull.peerCount(), "the garbage costs the link nothing");
            }
        }
    }

    private static long malformed(final ErrorLog errors)
    {
        return errors.countContaining("malformed wire message");
    }

    private static void fail(final Message message)
    {
        throw new IllegalStateException("handler failed on " + message.text());
    }

    private static void blockUntil(final AtomicInteger entered, final CountDownLatch release)
    {
        entered.incrementAndGet();
        try
        {
            release.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Keep the raw peer's link alive while the reports come in.
     */
    private static boolean beatAndCount(final RawConnector peer, final long[] lastBeatNs, final ErrorLog errors)
    {
        if (System.nanoTime() - lastBeatNs[0] > BEAT_EVERY_NS)
        {
            lastBeatNs[0] = System.nanoTime();
            peer.heartbeat();
        }
        return malformed(errors) + errors.summarised() == FLOOD;
    }
}
