package dev.aeromq.benchmarks;

import dev.aeromq.ClosedException;
import dev.aeromq.Communicator;
import dev.aeromq.Message;
import dev.aeromq.RepSocket;
import dev.aeromq.ReqSocket;

import java.time.Duration;
import java.util.Optional;

/**
 * AeroMQ REQ/REP through the public API only: a REP bound on {@code ipc://} or {@code udp://127.0.0.1:0},
 * answered by a dedicated platform thread doing {@code receive}/{@code send}; a REQ connected to it,
 * doing {@code request} on the caller's thread. Default profile (SHARED driver, backoff idle).
 */
final class LatencyAeroMq implements LatencyLink
{
    /** How often the replier looks at its stop flag while no request comes. */
    private static final Duration STOP_CHECK = Duration.ofMillis(100);

    private final Communicator communicator;
    private final ReqSocket req;
    private final RepSocket rep;
    private final Thread replier;
    private volatile boolean running = true;
    private volatile Throwable replierError;
    private Message request;
    private int size;

    /**
     * @param transport ipc or udp.
     */
    LatencyAeroMq(final String transport)
    {
        communicator = BenchSupport.aeromq();
        try
        {
            rep = communicator.rep();
            rep.sendTimeout(LatencyScenario.ROUND_TRIP_TIMEOUT);
            rep.bind(transport.equals("ipc") ? "ipc://bench-latency" : "udp://127.0.0.1:0");
            req = communicator.req();
            req.sendTimeout(LatencyScenario.ROUND_TRIP_TIMEOUT);
            req.connect(rep.endpoint());
            req.awaitPeers(1, LatencyScenario.ROUND_TRIP_TIMEOUT);
            rep.awaitPeers(1, LatencyScenario.ROUND_TRIP_TIMEOUT);
            // Not rep.serve(...): serve hands each request to a fresh virtual thread, which is what the
            // serve scenario measures; here one platform thread answers in a loop, as a ZeroMQ REP would.
            replier = Thread.ofPlatform().daemon().name("latency-aeromq-rep").start(this::answer);
        }
        catch (final RuntimeException | Error ex)
        {
            communicator.close();
            throw ex;
        }
    }

    private void answer()
    {
        try
        {
            while (running)
            {
                final Optional<Message> received = rep.receive(STOP_CHECK);
                if (received.isPresent())
                {
                    rep.send(received.get()); // echo: the reply is the request's own bytes, same size
                }
            }
        }
        catch (final ClosedException ex)
        {
            // closing: done
        }
        catch (final RuntimeException | Error ex)
        {
            replierError = ex;
        }
    }

    @Override
    public void prepare(final int size)
    {
        this.size = size;
        request = Message.of(BenchSupport.payload(size));
    }

    @Override
    public void roundTrip()
    {
        final Message reply;
        try
        {
            reply = req.request(request, LatencyScenario.ROUND_TRIP_TIMEOUT);
        }
        catch (final RuntimeException ex)
        {
            throw LatencyLink.failure("request failed: " + ex, replierError);
        }
        if (reply.size() != size)
        {
            throw new IllegalStateException("reply of " + reply.size() + " bytes to a request of " + size);
        }
    }

    @Override
    public void close()
    {
        running = false;
        rep.close(); // wakes the replier's receive at once (ClosedException)
        LatencyLink.join(replier, "AeroMQ");
        communicator.close(); // closes the REQ (linger: the peer is idle, BYE returns at once) and the driver
    }
}
