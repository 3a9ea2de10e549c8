package dev.aeromq.transport;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.ArrayList;
import java.util.function.Consumer;

/**
 * The agent that moves a set of sockets' messages. Its duty cycle is a short list of steps: read the
 * clock once, take in new sockets (a bounded number per cycle), then let every socket do its own work
 * ({@link SocketStreams}: commands, streams, timers), skipping one whose caller is doing that work
 * right now. User threads reach it through its {@link EngineProxy}.
 * <p>
 * Threads: the socket list is confined to the engine's thread; new sockets arrive through a
 * many-to-one queue.
 */
public final class Engine implements Agent
{
    private static final int COMMAND_DRAIN_LIMIT = 16;
    private static final int QUEUE_CAPACITY = 1024;

    private final String roleName;
    private final NanoClock clock = SystemNanoClock.INSTANCE;
    private final ManyToOneConcurrentArrayQueue<SocketStreams> openedSockets =
        new ManyToOneConcurrentArrayQueue<>(QUEUE_CAPACITY);
    private final ArrayList<SocketStreams> sockets = new ArrayList<>();
    private final Consumer<SocketStreams> addSocket = sockets::add;
    private volatile boolean running = true;

    Engine(final String roleName)
    {
        this.roleName = roleName;
    }

    @Override
    public String roleName()
    {
        return roleName;
    }

    @Override
    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        int work = openedSockets.drain(addSocket, COMMAND_DRAIN_LIMIT);
        work += doSocketWork(nowNs);
        return work;
    }

    private int doSocketWork(final long nowNs)
    {
        int work = 0;
        for (int i = sockets.size() - 1; i >= 0; i--)
        {
            final SocketStreams socket = sockets.get(i);
            if (socket.isClosed())
            {
                sockets.remove(i);
            }
            else
            {
                work += socket.tryDoWork(nowNs);
            }
        }
        return work;
    }

    /**
     * Release every socket's streams: the communicator is closing.
     */
    @Override
    public void onClose()
    {
        running = false;
        openedSockets.drain(addSocket);
        for (final SocketStreams socket : sockets)
        {
            socket.forceClose();
        }
        sockets.clear();
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
