package dev.aeromq.benchmarks;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.BooleanSupplier;

/**
 * The JeroMQ contender over tcp loopback, moving the same bytes: a two-frame message, a small shape
 * header (dtype code, rank, dimensions as little-endian longs) then the tensor's raw bytes; the
 * receiver parses the header and wraps the data. High-water marks of a few messages, as AeroMQ's byte
 * high-water mark allows. Each socket is used by one thread only.
 */
final class TensorJeroMq implements TensorContender
{
    private static final int POLL_MS = 20;
    private static final int HWM = 4;
    private static final byte F32 = 12;

    private final ZContext context;
    private final ZMQ.Socket push;
    private final ZMQ.Socket pull;
    private final ZMQ.Socket req;
    private final ZMQ.Socket rep;
    private final byte[] header;
    private final byte[] data;

    private TensorJeroMq(final ZContext context, final ZMQ.Socket[] sockets, final long[] shape, final byte[] data)
    {
        this.context = context;
        this.push = sockets[0];
        this.pull = sockets[1];
        this.req = sockets[2];
        this.rep = sockets[3];
        this.data = data;
        final ByteBuffer header = ByteBuffer.allocate(2 + 8 * shape.length).order(ByteOrder.LITTLE_ENDIAN);
        header.put(F32).put((byte)shape.length);
        for (final long size : shape)
        {
            header.putLong(size);
        }
        this.header = header.array();
    }

    /**
     * @param shape of the tensor.
     * @param data  its little-endian bytes.
     * @return the contender; tcp connections complete in the background.
     */
    static TensorJeroMq open(final long[] shape, final byte[] data)
    {
        final ZContext context = new ZContext();
        try
        {
            final ZMQ.Socket[] sockets = {
                context.createSocket(SocketType.PUSH), context.createSocket(SocketType.PULL),
                context.createSocket(SocketType.REQ), context.createSocket(SocketType.REP) };
            for (final ZMQ.Socket socket : sockets)
            {
                socket.setLinger(0);
                socket.setSndHWM(HWM);
                socket.setRcvHWM(HWM);
                socket.setSendTimeOut(POLL_MS);
                socket.setReceiveTimeOut(POLL_MS);
            }
            final String oneWay = "tcp://127.0.0.1:" + BenchSupport.freeTcpPort();
            final String roundTrip = "tcp://127.0.0.1:" + BenchSupport.freeTcpPort();
            if (!sockets[0].bind(oneWay) || !sockets[1].connect(oneWay) ||
                !sockets[3].bind(roundTrip) || !sockets[2].connect(roundTrip))
            {
                throw new IllegalStateException("JeroMQ could not bind/connect " + oneWay + ", " + roundTrip);
            }
            return new TensorJeroMq(context, sockets, shape, data);
        }
        catch (final RuntimeException ex)
        {
            context.close();
            throw ex;
        }
    }

    @Override
    public void sendLoop(final BooleanSupplier running)
    {
        while (running.getAsBoolean())
        {
            if (push.send(header, ZMQ.SNDMORE))
            {
                while (!push.send(data, 0) && running.getAsBoolean())
                {
                    // the second frame of a message that began must follow
                }
            }
        }
    }

    @Override
    public void receiveLoop(final ByteCounter received, final BooleanSupplier running)
    {
        while (running.getAsBoolean())
        {
            final byte[] shape = pull.recv(0);
            if (shape != null)
            {
                received.record(rebuild(shape, pull.recv(0)));
            }
        }
    }

    @Override
    public void requestLoop(final ByteCounter received, final BooleanSupplier running)
    {
        while (running.getAsBoolean())
        {
            req.send(header, ZMQ.SNDMORE);
            req.send(data, 0);
            byte[] shape = null;
            while (shape == null && running.getAsBoolean())
            {
                shape = req.recv(0);
            }
            if (shape != null)
            {
                received.record(rebuild(shape, req.recv(0)));
            }
        }
    }

    @Override
    public void replyLoop(final BooleanSupplier running)
    {
        while (running.getAsBoolean())
        {
            final byte[] shape = rep.recv(0);
            if (shape != null)
            {
                final byte[] bytes = rep.recv(0);
                rep.send(shape, ZMQ.SNDMORE);
                rep.send(bytes, 0);
            }
        }
    }

    /**
     * What a receiver does with the two frames: read type and shape, check them, view the data.
     *
     * @return the tensor's bytes.
     */
    private static long rebuild(final byte[] shape, final byte[] bytes)
    {
        final ByteBuffer header = ByteBuffer.wrap(shape).order(ByteOrder.LITTLE_ENDIAN);
        if (header.get() != F32)
        {
            throw new IllegalStateException("not a float32 tensor");
        }
        long elements = 1;
        for (int d = header.get(); d > 0; d--)
        {
            elements *= header.getLong();
        }
        final ByteBuffer data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (elements * Float.BYTES != data.remaining())
        {
            throw new IllegalStateException("shape and data disagree");
        }
        return data.remaining();
    }

    @Override
    public void close()
    {
        context.close();
    }
}
