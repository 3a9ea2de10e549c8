package dev.aeromq.benchmarks;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * JeroMQ REQ/REP in one {@link ZContext}: {@code inproc://} for the ipc rows, {@code tcp://127.0.0.1:PORT}
 * for the udp rows; the REP answers on a platform thread of its own, the REQ is the caller's thread.
 */
final class LatencyJeroMq implements LatencyLink
{
    /** Receive timeout of the REP, so its loop sees the stop flag. */
    private static final int STOP_CHECK_MS = 100;

    private final ZContext context;
    private final ZMQ.Socket req;
    private final ZMQ.Socket rep;
    private final Thread replier;
    private volatile boolean running = true;
    private volatile Throwable replierError;
    private byte[] request;

    /**
     * @param transport ipc (inproc) or udp (tcp loopback).
     */
    LatencyJeroMq(final String transport)
    {
        context = new ZContext();
        try
        {
            final String address = transport.equals("ipc") ?
                "inproc://bench-latency" : "tcp://127.0.0.1:" + BenchSupport.freeTcpPort();
            final int timeoutMs = (int)LatencyScenario.ROUND_TRIP_TIMEOUT.toMillis();
            rep = context.createSocket(SocketType.REP);
            rep.setLinger(0);
            rep.setReceiveTimeOut(STOP_CHECK_MS);
            rep.setSendTimeOut(timeoutMs);
            if (!rep.bind(address))
            {
                throw new IllegalStateException("cannot bind " + address);
            }
            req = context.createSocket(SocketType.REQ);
            req.setLinger(0);
            req.setReceiveTimeOut(timeoutMs);
            req.setSendTimeOut(timeoutMs);
            if (!req.connect(address))
            {
                throw new IllegalStateException("cannot connect " + address);
            }
            replier = Thread.ofPlatform().daemon().name("latency-jeromq-rep").start(this::answer);
        }
        catch (final RuntimeException | Error ex)
        {
            context.close();
            throw ex;
        }
    }

    private void answer()
    {
        try
        {
            while (running)
            {
                final byte[] received = rep.recv(0);
                if (received != null && !rep.send(received, 0)) // echo: same bytes, same size
                {
                    throw new IllegalStateException("REP send failed: errno " + rep.errno());
                }
            }
        }
        catch (final RuntimeException | Error ex)
        {
            replierError = ex;
        }
    }

    @Override
    public void prepare(final int size)
    {
        request = BenchSupport.payload(size);
    }

    @Override
    public void roundTrip()
    {
        if (!req.send(request, 0))
        {
            throw LatencyLink.failure("REQ send failed: errno " + req.errno(), replierError);
        }
        final byte[] reply = req.recv(0);
        if (reply == null)
        {
            throw LatencyLink.failure("no reply within " + LatencyScenario.ROUND_TRIP_TIMEOUT.toMillis() +
                " ms (errno " + req.errno() + ")", replierError);
        }
        if (reply.length != request.length)
        {
            throw new IllegalStateException("reply of " + reply.length + " bytes to a request of " +
                request.length);
        }
    }

    @Override
    public void close()
    {
        running = false;
        LatencyLink.join(replier, "JeroMQ");
        context.close(); // linger 0: destroys both sockets and stops the I/O thread
    }
}
