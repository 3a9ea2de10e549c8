package dev.aeromq.faults;

import dev.aeromq.Communicator;
import dev.aeromq.Message;
import dev.aeromq.PeerLostException;
import dev.aeromq.RepSocket;
import dev.aeromq.ReqSocket;
import dev.aeromq.Testing;
import dev.aeromq.testkit.Background;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 mid-request: a REP in a child JVM takes requests and is SIGKILLed before it answers. A REQ
 * blocked in {@code receive} and the pending {@code requestAsync} futures of another REQ all fail with
 * {@link PeerLostException} within the peer timeout plus a second, and both REQs go on with another REP.
 */
class KillMidRequestTest
{
    private static final int ASYNC_REQUESTS = 5;
    private static final Duration PEER_TIMEOUT = Testing.config().build().peerTimeout();
    private static final long BOUND_MS = PEER_TIMEOUT.plusSeconds(1).toMillis();

    @Test
    void requestsWaitingOnAKilledRepFailWithPeerLostWithinThePeerTimeoutPlusASecond() throws Exception
    {
        try (Communicator comm = Testing.open();
            ChildPeer child = ChildPeer.builder("rep", RepMain.class).args("udp://127.0.0.1:0", "hold").start())
        {
            final String endpoint = child.awaitLine("READY ").substring("READY ".length());
            final ReqSocket waiting = comm.req().connect(endpoint).awaitPeers(1, Testing.WAIT);
            final ReqSocket pipelined = comm.req().connect(endpoint).awaitPeers(1, Testing.WAIT);

            waiting.send(Payloads.of(0, 64));
            final AtomicLong failedAtNs = new AtomicLong();
            final Background<Message> receive = Background.platform("receive", () ->
            {
                try
                {
                    return waiting.receive();
                }
                finally
                {
                    failedAtNs.set(System.nanoTime());
                }
            });
            final List<CompletableFuture<Message>> replies = new ArrayList<>();
            final AtomicLong lastAsyncFailureNs = new AtomicLong();
            for (int i = 1; i <= ASYNC_REQUESTS; i++)
            {
                final CompletableFuture<Message> reply = pipelined.requestAsync(Payloads.of(i, 64));
                reply.whenComplete((message, failure) -> lastAsyncFailureNs.accumulateAndGet(System.nanoTime(),
                    Math::max));
                replies.add(reply);
            }
            for (int i = 0; i <= ASYNC_REQUESTS; i++)
            {
                child.awaitLine("GOT " + i); // the REP holds every request
            }
            receive.awaitBlocked();

            final long killedNs = child.kill();
            final PeerLostException lost = receive.failure(PeerLostException.class);
            assertTrue(lost.getMessage().contains(endpoint), "names the REP: " + lost.getMessage());
            assertTrue(lost.getMessage().contains("can send again"), "says what to do: " + lost.getMessage());
            for (final CompletableFuture<Message> reply : replies)
            {
                final ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> reply.get(Testing.WAIT.toMillis(), TimeUnit.MILLISECONDS));
                assertInstanceOf(PeerLostException.class, failed.getCause());
                assertTrue(failed.getCause().getMessage().contains(endpoint), failed.getCause().getMessage());
            }
            final Figures figures = Figures.of("kill.mid-request").put("requests", 1 + ASYNC_REQUESTS)
                .put("failedWithPeerLost", 1 + ASYNC_REQUESTS).put("peerTimeoutMs", PEER_TIMEOUT.toMillis())
                .millis("detectReceiveMs", killedNs, failedAtNs.get())
                .millis("detectAsyncMs", killedNs, lastAsyncFailureNs.get());
            figures.record();
            assertTrue(figures.number("detectReceiveMs") <= BOUND_MS, () -> "receive failed late: " + figures);
            assertTrue(figures.number("detectAsyncMs") <= BOUND_MS, () -> "futures failed late: " + figures);

            // both REQs go on with a live REP
            final RepSocket survivor = comm.rep().bind("udp://127.0.0.1:0");
            survivor.serve(request -> request);
            waiting.connect(survivor.endpoint());
            pipelined.connect(survivor.endpoint());
            survivor.awaitPeers(2, Testing.WAIT);
            assertEquals(7, Payloads.check(waiting.request(Payloads.of(7, 64), Testing.WAIT)));
            assertEquals(8, Payloads.check(pipelined.requestAsync(Payloads.of(8, 64))
                .get(Testing.WAIT.toMillis(), TimeUnit.MILLISECONDS)));
        }
    }
}
