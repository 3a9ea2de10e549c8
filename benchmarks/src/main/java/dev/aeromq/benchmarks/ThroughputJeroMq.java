package dev.aeromq.benchmarks;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The JeroMQ contender: PUSH binds, PULL connects, default high-water marks; inproc in the ipc rows,
 * tcp loopback in the udp rows. Each socket is used by one thread only (created here, handed over
 * by the thread start, closed after the threads are joined), as ZeroMQ requires.
 */
final class ThroughputJeroMq implements ThroughputLink
{
    private static final AtomicInteger NAMES = new AtomicInteger();
    /** Bounds each blocking call, so the stop flag is seen promptly (it costs the set-up of every run). */
    private static final int POLL_MS = 10;

    private final ZContext context;
    private final ZMQ.Socket push;
    private final ZMQ.Socket pull;
    private final byte[] payload;

    private ThroughputJeroMq(final ZContext context, final ZMQ.Socket push, final ZMQ.Socket pull,
        final byte[] payload)
    {
        this.context = context;
        this.push = push;
        this.pull = pull;
        this.payload = payload;
    }

    /**
     * @param transport ipc (runs inproc) or udp (runs tcp loopback).
     * @param payload   what every message carries.
     * @return the link; a tcp connection completes in the background (the meter waits for the first
     * message).
     */
    static ThroughputJeroMq open(final String transport, final byte[] payload)
    {
        final ZContext context = new ZContext();
        try
        {
            final ZMQ.Socket push = context.createSocket(SocketType.PUSH);
            final ZMQ.Socket pull = context.createSocket(SocketType.PULL);
            push.setLinger(0);
            pull.setLinger(0);
            push.setSendTimeOut(POLL_MS);
            pull.setReceiveTimeOut(POLL_MS);
            final String endpoint = "ipc".equals(transport) ?
                "inproc://bench-throughput-" + NAMES.incrementAndGet() :
                "tcp://127.0.0.1:" + BenchSupport.freeTcpPort();
            if (!push.bind(endpoint) || !pull.connect(endpoint))
            {
                throw new IllegalStateException("JeroMQ could not bind/connect " + endpoint);
            }
            return new ThroughputJeroMq(context, push, pull, payload);
        }
        catch (final RuntimeException ex)
        {
            context.close();
            throw ex;
        }
    }

    /**
     * @return the PUSH (10 ms send timeout), for a harness of its own (the alloc scenario).
     */
    ZMQ.Socket push()
    {
        return push;
    }

    /**
     * @return the PULL (10 ms receive timeout), for a harness of its own.
     */
    ZMQ.Socket pull()
    {
        return pull;
    }

    @Override
    public void sendLoop(final BooleanSupplier running)
    {
        while (running.getAsBoolean())
        {
            push.send(payload, 0); // false after the send timeout at the high-water mark: try again
        }
    }

    @Override
    public void receiveLoop(final ThroughputMeter.Counter counter, final BooleanSupplier running)
    {
        while (running.getAsBoolean())
        {
            final byte[] message = pull.recv(0);
            if (message != null)
            {
                counter.record(message.length);
            }
        }
    }

    @Override
    public void close()
    {
        context.close(); // destroys both sockets (linger 0), then terminates the context
    }
}
