package dev.aeromq.benchmarks;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import zmq.Msg;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * JeroMQ moving large messages, one frame each, with the same bytes as the others and no heap copy: the
 * PUSH sends with {@code sendByteBuffer} a view of the shared direct source (JeroMQ wraps it, no copy).
 * Over tcp loopback (the udp rows) the PULL has a {@code MsgAllocator} that hands the decoder a view of
 * the shared direct destination, so each message is read from the socket straight into it, and takes
 * it with {@code recvMsg}; over inproc (the ipc rows) nothing is encoded at all — the receiver gets the
 * sender's buffer — so the PULL copies it into the destination with {@code recvByteBuffer}: one memory
 * copy per message, the least any receiver that keeps the bytes pays.
 */
final class LargeJeroMq implements LargeLink
{
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final int SEND_WAIT_MS = 100;
    private static final int RECEIVE_WAIT_MS = 10;

    private final ZContext context;
    private final ZMQ.Socket push;
    private final ZMQ.Socket pull;
    private final LargeBuffers buffers;
    private final boolean inproc;
    private final ByteBuffer destination;
    private long received;

    private LargeJeroMq(final ZContext context, final ZMQ.Socket push, final ZMQ.Socket pull,
        final LargeBuffers buffers, final boolean inproc)
    {
        this.context = context;
        this.push = push;
        this.pull = pull;
        this.buffers = buffers;
        this.inproc = inproc;
        this.destination = buffers.destinationBytes(buffers.destination().capacity());
    }

    /**
     * @param transport ipc (runs inproc) or udp (runs tcp loopback).
     * @param buffers   source and destination.
     * @return the link; a tcp connection completes in the background.
     */
    static LargeJeroMq open(final String transport, final LargeBuffers buffers)
    {
        final ZContext context = new ZContext();
        try
        {
            final boolean inproc = "ipc".equals(transport);
            final ZMQ.Socket push = context.createSocket(SocketType.PUSH);
            final ZMQ.Socket pull = context.createSocket(SocketType.PULL);
            push.setLinger(0);
            pull.setLinger(0);
            push.setSendTimeOut(SEND_WAIT_MS);
            pull.setReceiveTimeOut(RECEIVE_WAIT_MS);
            if (!inproc)
            {
                pull.setMsgAllocator((size) -> new Msg(buffers.destinationBytes(size)));
            }
            final String endpoint = inproc ?
                "inproc://bench-large-" + NAMES.incrementAndGet() :
                "tcp://127.0.0.1:" + BenchSupport.freeTcpPort();
            if (!push.bind(endpoint) || !pull.connect(endpoint))
            {
                throw new IllegalStateException("JeroMQ could not bind/connect " + endpoint);
            }
            return new LargeJeroMq(context, push, pull, buffers, inproc);
        }
        catch (final RuntimeException ex)
        {
            context.close();
            throw ex;
        }
    }

    @Override
    public void send(final int size, final BooleanSupplier running)
    {
        final ByteBuffer message = buffers.sourceBytes(size);
        while (running.getAsBoolean())
        {
            if (push.sendByteBuffer(message, 0) == size)
            {
                return;
            }
            // -1 after the send timeout at the high-water mark: look at the flag, then try again
        }
    }

    @Override
    public int receive(final int size)
    {
        final int length;
        if (inproc)
        {
            destination.clear();
            length = pull.recvByteBuffer(destination, 0);
        }
        else
        {
            final Msg message = pull.recvMsg(0);
            length = message == null ? -1 : message.size();
        }
        if (length < 0)
        {
            return 0;
        }
        if (length != size)
        {
            throw new IllegalStateException("received " + length + " bytes, expected " + size);
        }
        received++;
        return 1;
    }

    @Override
    public long received()
    {
        return received;
    }

    @Override
    public void close()
    {
        context.close();
    }
}
