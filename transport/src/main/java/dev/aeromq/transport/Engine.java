package dev.aeromq.transport;

import org.agrona.collections.ArrayUtil;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The agent that moves a set of sockets' messages. Its duty cycle is a short list of steps: read the
 * clock once, take in new sockets (a bounded number per cycle), then let every socket do its own work
 * ({@link SocketStreams}: commands, streams, timers), leaving the streams of a socket to a caller
 * waiting on it. User threads reach it through its {@link EngineProxy}.
 * <p>
 * Threads: new sockets arrive through a many-to-one queue; only the engine thread changes the socket
 * list, a copy-on-write array that waiting callers read to {@link #help}.
 */
public final class Engine implements Agent
{
    private static final int COMMAND_DRAIN_LIMIT = 16;
    private static final int QUEUE_CAPACITY = 1024;

    private final String roleName;
    private final BooleanSupplier halted;
    private final NanoClock clock = SystemNanoClock.INSTANCE;
    private final ManyToOneConcurrentArrayQueue<SocketStreams> openedSockets =
        new ManyToOneConcurrentArrayQueue<>(QUEUE_CAPACITY);
    private final Consumer<SocketStreams> addSocket = this::add;
    private volatile SocketStreams[] sockets = new SocketStreams[0];
    private volatile boolean running = true;

    /**
     * @param roleName names the engine's thread.
     * @param halted   true once the Aeron client is lost: the sockets' streams are gone, no work is done.
     */
    Engine(final String roleName, final BooleanSupplier halted)
    {
        this.roleName = roleName;
        this.halted = halted;
    }

    @Override
    public String roleName()
    {
        return roleName;
    }

    @Override
    public int doWork()
    {
        if (halted.getAsBoolean())
        {
            return 0;
        }
        final long nowNs = clock.nanoTime();
        int work = openedSockets.drain(addSocket, COMMAND_DRAIN_LIMIT);
        work += doSocketWork(nowNs);
        return work;
    }

    private int doSocketWork(final long nowNs)
    {
        int work = 0;
        final SocketStreams[] sockets = this.sockets;
        for (int i = sockets.length - 1; i >= 0; i--)
        {
            final SocketStreams socket = sockets[i];
            if (socket.isClosed())
            {
                this.sockets = ArrayUtil.remove(this.sockets, i);
            }
            else
            {
                work += socket.tryDoWork(nowNs, true);
            }
        }
        return work;
    }

    private void add(final SocketStreams socket)
    {
        sockets = ArrayUtil.add(sockets, socket);
    }

    /**
     * Work for a caller waiting on its socket: reading that socket's streams first, then, if they had
     * nothing, the other sockets' whose work no other thread is doing right now (reading only: commands
     * and timers stay on the engine thread, see {@link SocketStreams#tryDoWork()}). A platform thread waiting for a
     * reply thus also delivers its peer's messages when the engine thread has backed off into a park.
     * Safe on any caller's stack: each socket's work runs under that socket's try-lock, never twice
     * on one stack, and handlers take only short leaf locks (see {@link SocketHandler}).
     *
     * @param own the caller's socket.
     * @return work done.
     */
    int help(final SocketStreams own)
    {
        if (halted.getAsBoolean())
        {
            return 0;
        }
        final long nowNs = clock.nanoTime();
        int work = own.tryDoWork(nowNs, false);
        if (work == 0)
        {
            for (final SocketStreams socket : sockets)
            {
                if (socket != own)
                {
                    work += socket.tryDoWork(nowNs, false);
                }
            }
        }
        return work;
    }

    /**
     * Release every socket's streams: the communicator is closing. One that fails (its Aeron client is
     * lost) is reported, and the rest are released.
     */
    @Override
    public void onClose()
    {
        running = false;
        openedSockets.drain(addSocket);
        for (final SocketStreams socket : sockets)
        {
            try
            {
                socket.forceClose();
            }
            catch (final RuntimeException ex)
            {
                if (!halted.getAsBoolean())
                {
                    socket.settings().report(ex);
                }
            }
        }
        sockets = new SocketStreams[0];
    }

    boolean isRunning()
    {
        return running;
    }

    boolean offer(final SocketStreams socket)
    {
        return openedSockets.offer(socket);
    }
}
