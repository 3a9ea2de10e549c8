package dev.aeromq;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a requester sees when its request cannot be answered: a receive that times out keeps the
 * request, a REP that leaves fails it with {@link PeerLostException}, a failing serve handler answers
 * with {@link ReplyFailedException}, and serve never runs more handlers than it was allowed.
 */
class ReqRepFailureTest
{
    private static final Duration SHORT = Duration.ofMillis(100);

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void aReceiveThatTimesOutKeepsTheRequestOutstanding(final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            final RepSocket rep = comm.rep().bind(transport.endpoint("keep"));
            final ReqSocket req = comm.req().connect(rep.endpoint());
            req.awaitPeers(1, Testing.WAIT);
            rep.awaitPeers(1, Testing.WAIT);

            req.send(Message.of("question"));
            assertTrue(req.receive(SHORT).isEmpty(), "no reply yet");
            assertTrue(req.tryReceive().isEmpty(), "no reply yet");
            final SocketStateException early = assertThrows(SocketStateException.class,
                () -> req.send(Message.of("another")));
            assertTrue(early.getMessage().contains("receive the reply"), early.getMessage());

            assertEquals("question", rep.receive().text());
            rep.send(Message.of("answer"));
            assertEquals("answer", req.receive().text(), "a polling loop of short receives gets its reply");
            req.send(Message.of("next")); // alternation goes on
            assertEquals("next", rep.receive().text());
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void requestWithATimeoutAbandonsTheRequestAndDropsItsLateReply(final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            final RepSocket rep = comm.rep().bind(transport.endpoint("abandon"));
            final ReqSocket req = comm.req().connect(rep.endpoint());
            req.awaitPeers(1, Testing.WAIT);
            rep.awaitPeers(1, Testing.WAIT);

            final TimeoutException timedOut = assertThrows(TimeoutException.class,
                () -> req.request(Message.of("slow"), SHORT));
            assertTrue(timedOut.getMessage().contains("timed out"), timedOut.getMessage());
            assertEquals("slow", rep.receive().text());
            rep.send(Message.of("late"));

            assertEquals("re: fast", roundTrip(req, rep, "fast"), "the late reply is never returned");
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void aRepThatClosesWhileARequestWaitsFailsItWithPeerLost(final Testing.Transport transport) throws Exception
    {
        try (Communicator comm = Testing.open())
        {
            final RepSocket rep = comm.rep().bind(transport.endpoint("gone"));
            final ReqSocket req = comm.req().connect(rep.endpoint());
            req.awaitPeers(1, Testing.WAIT);
            rep.awaitPeers(1, Testing.WAIT);

            req.send(Message.of("never answered"));
            assertEquals("never answered", rep.receive().text());
            final CompletableFuture<Throwable> waiting = CompletableFuture.supplyAsync(
                () -> assertThrows(PeerLostException.class, req::receive));
            rep.close();

            final Throwable lost = waiting.get(Testing.WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertTrue(lost.getMessage().contains("the REP at " + rep.endpoint()), lost.getMessage());
            assertTrue(lost.getMessage().contains("can send again"), "says what to do: " + lost.getMessage());
            // the socket is usable again: a new REP answers the next request
            final RepSocket second = comm.rep().bind(transport.endpoint("second"));
            req.connect(second.endpoint());
            second.awaitPeers(1, Testing.WAIT);
            req.awaitPeers(1, Testing.WAIT);
            assertEquals("re: again", roundTrip(req, second, "again"));
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void pendingAsyncRequestsFailWithPeerLostWhenTheirRepCloses(final Testing.Transport transport)
        throws Exception
    {
        try (Communicator comm = Testing.open())
        {
            final RepSocket rep = comm.rep().bind(transport.endpoint("async-gone"));
            final AtomicInteger taken = new AtomicInteger();
            final CountDownLatch never = new CountDownLatch(1);
            rep.serve(request ->
            {
                taken.incrementAndGet();
                awaitQuietly(never); // holds every request until the REP closes
                return null;
            });
            final ReqSocket req = comm.req().connect(rep.endpoint());
            req.awaitPeers(1, Testing.WAIT);
            rep.awaitPeers(1, Testing.WAIT);

            final List<CompletableFuture<Message>> replies = new ArrayList<>();
            for (int i = 0; i < 5; i++)
            {
                replies.add(req.requestAsync(Message.of("r" + i)));
            }
            Testing.await("the REP to take all five", () -> taken.get() == 5);
            rep.close();
            for (final CompletableFuture<Message> reply : replies)
            {
                final ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> reply.get(Testing.WAIT.toMillis(), TimeUnit.MILLISECONDS));
                assertInstanceOf(PeerLostException.class, failed.getCause());
                assertTrue(failed.getCause().getMessage().contains(rep.endpoint()), failed.getCause().getMessage());
            }
            never.countDown();
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void aServeHandlerThatThrowsAnswersWithAnError(final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            final RepSocket rep = comm.rep().bind(transport.endpoint("throws"));
            rep.serve(request ->
            {
                if (request.text().equals("bad"))
                {
                    throw new IllegalArgumentException("cannot parse 'bad'");
                }
                return request.text().equals("null") ? null : Message.of("ok");
            });
            final ReqSocket req = comm.req().connect(rep.endpoint());
            req.awaitPeers(1, Testing.WAIT);

            final ReplyFailedException failed = assertThrows(ReplyFailedException.class,
                () -> req.request(Message.of("bad"), Testing.WAIT));
            assertTrue(failed.getMessage().contains("cannot parse 'bad'"), failed.getMessage());
            assertTrue(failed.getMessage().contains("IllegalArgumentException"), failed.getMessage());

            final ReplyFailedException none = assertThrows(ReplyFailedException.class,
                () -> req.request(Message.of("null"), Testing.WAIT));
            assertTrue(none.getMessage().contains("null"), none.getMessage());

            assertEquals("ok", req.request(Message.of("good"), Testing.WAIT).text(), "the REP serves on");
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void serveRunsAtMostTheAllowedNumberOfHandlersAtOnce(final Testing.Transport transport) throws Exception
    {
        try (Communicator comm = Testing.open())
        {
            final RepSocket rep = comm.rep().bind(transport.endpoint("bounded"));
            final AtomicInteger running = new AtomicInteger();
            final AtomicInteger mostAtOnce = new AtomicInteger();
            final CountDownLatch release = new CountDownLatch(1);
            rep.serve(request ->
            {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                awaitQuietly(release);
                running.decrementAndGet();
                return Message.of("done");
            }, 3);
            final ReqSocket req = comm.req().connect(rep.endpoint());
            req.awaitPeers(1, Testing.WAIT);

            final List<CompletableFuture<Message>> replies = new ArrayList<>();
            for (int i = 0; i < 20; i++)
            {
                replies.add(req.requestAsync(Message.of("r" + i)));
            }
            Testing.await("three handlers to run", () -> running.get() == 3);
            release.countDown();
            for (final CompletableFuture<Message> reply : replies)
            {
                assertEquals("done", reply.get(Testing.WAIT.toMillis(), TimeUnit.MILLISECONDS).text());
            }
            assertEquals(3, mostAtOnce.get(), "never more than the allowed handlers at once");
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void serveRefusesANonPositiveHandlerBound(final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            final RepSocket rep = comm.rep().bind(transport.endpoint("zero"));
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> rep.serve(request -> request, 0));
            assertTrue(ex.getMessage().contains("maxConcurrentHandlers"), ex.getMessage());
        }
    }

    private static String roundTrip(final ReqSocket req, final RepSocket rep, final String text)
    {
        req.send(Message.of(text));
        assertEquals(text, rep.receive().text());
        rep.send(Message.of("re: " + text));
        return req.receive().text();
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
}
