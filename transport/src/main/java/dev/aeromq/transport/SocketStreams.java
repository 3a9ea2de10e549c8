package dev.aeromq.transport;

import dev.aeromq.codec.DataView;
import dev.aeromq.codec.WireReader;
import io.aeron.Aeron;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;

import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every Aeron stream of one socket, and the work on them: the endpoints it bound ({@link Binding})
 * and connected to ({@link Connection}), their handshakes, peers and timers.
 * <p>
 * Threads: all of it is guarded by one lock, held by whichever thread does the socket's work: the
 * engine thread in its duty cycle (commands, streams, timers), or a caller waiting for a message, which
 * only reads the streams ({@link #tryDoWork()}). So a helper never runs a command or timer, which call
 * into Aeron's client conductor, and the state below is confined to the lock holder. User threads reach it
 * only through the {@link EngineProxy}, whose commands wait in a queue for the engine thread.
 * <pre>
 *   OPEN --(Close command)--> CLOSING --(every peer answered Bye, or linger over)--> CLOSED
 * </pre>
 */
public final class SocketStreams
{
    private static final int COMMAND_LIMIT = 8;
    private static final long TIMER_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(1);

    /** Where the socket's streams stand. */
    enum State
    {
        /** Binding, connecting, moving messages. */
        OPEN,
        /** Said Bye to every peer; waiting for their answers up to the linger. */
        CLOSING,
        /** Every stream released; the engine forgets the socket. */
        CLOSED
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final ManyToOneConcurrentLinkedQueue<Command> commands = new ManyToOneConcurrentLinkedQueue<>();
    private final SocketHandler handler;
    private final Transport transport;
    private final WireReader reader = new WireReader();
    private final DataView dataView = new DataView();
    private final Endpoints endpoints = new Endpoints(this);
    private final FanOuts fanOuts = new FanOuts(this);
    private final ArrayList<Session> lingering = new ArrayList<>();
    private final AtomicInteger helpers = new AtomicInteger();
    private volatile State state = State.OPEN;
    private Command.Close closing;
    private long closeDeadlineNs;
    private long nowNs;
    private long nextTimerNs;
    private final SocketObserver observer;
    private final PeerFaults faults;
    private final PeerRoster roster = new PeerRoster(this);

    SocketStreams(final SocketHandler handler, final Transport transport)
    {
        this.handler = handler;
        this.transport = transport;
        this.observer = new SocketObserver(handler.type().name(), handler.socketId(), transport);
        this.faults = new PeerFaults(observer, transport.settings());
    }

    /**
     * @return what the socket tells about itself: counters, monitor events, log lines.
     */
    public SocketObserver observer()
    {
        return observer;
    }

    // ---------------------------------------------------------------- any thread

    /**
     * Read the socket's streams now on the calling thread, unless another thread is doing the socket's
     * work (or this one already is, further up its stack). A caller waiting for a message calls this while
     * it spins: its message then needs no hand-off between threads. Errors go to the error handler.
     * <p>
     * A caller's thread only reads the streams: commands and timers, which call into Aeron's client
     * conductor (and may map log buffers through interruptible file channels, which an interrupted thread
     * breaks), run only on the engine thread, which no user interrupts.
     *
     * @return work done; 0 if none, or if the work is another thread's right now.
     */
    public int tryDoWork()
    {
        return tryDoWork(System.nanoTime(), false);
    }

    /**
     * @param nowNs  the duty cycle's time.
     * @param engine true on the engine thread: commands, timers, and the streams unless a waiting caller
     *               reads them; false on a caller's thread: the streams only.
     * @return work done.
     */
    int tryDoWork(final long nowNs, final boolean engine)
    {
        final boolean read = !engine || !isHelped();
        if (state == State.CLOSED || lock.isHeldByCurrentThread() || (!read && !hasEngineWork(nowNs)) ||
            !lock.tryLock())
        {
            return 0;
        }
        try
        {
            this.nowNs = nowNs;
            return engine ? doWork(nowNs, read) : endpoints.poll();
        }
        catch (final RuntimeException ex)
        {
            transport.settings().report(ex);
            return 0;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * A platform thread waiting for one of the socket's messages starts or stops doing its work; while
     * one does, the engine leaves the socket to it, so the two do not race for the same messages (and
     * hand them over through the inbox).
     *
     * @param helping true when it starts, false when it stops.
     */
    public void helping(final boolean helping)
    {
        if (helping)
        {
            helpers.incrementAndGet();
        }
        else
        {
            helpers.decrementAndGet();
        }
    }

    /**
     * Poll the socket's streams now, on the caller's thread: an inline {@code poll}. Waits while
     * another thread does the socket's duty; {@code inline} is told when its turn begins and ends,
     * under the duty lock, so the handler it sets up is seen by this thread only.
     *
     * @param inline what the caller does with the messages.
     * @return fragments read.
     * @throws RuntimeException of kind SOCKET_STATE if called from within the socket's own duty (a
     *                          poll handler polling again).
     */
    public int poll(final InlinePoll inline)
    {
        if (lock.isHeldByCurrentThread())
        {
            throw Failures.of(Failure.Kind.SOCKET_STATE, "poll was called from within the " + handler.type() +
                " socket's own poll handler; return from the handler first");
        }
        lock.lock();
        try
        {
            nowNs = System.nanoTime();
            try
            {
                inline.begin();
                return endpoints.poll();
            }
            finally
            {
                inline.end();
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @return true while a waiting caller does the socket's work.
     */
    boolean isHelped()
    {
        return helpers.get() > 0;
    }

    /**
     * A caller polling a socket's streams on its own thread (see {@link #poll}).
     */
    public interface InlinePoll
    {
        /**
         * Its turn begins: the duty lock is held by the calling thread.
         */
        void begin();

        /**
         * Its turn ends, the lock still held; called also when {@link #begin()} threw.
         */
        void end();
    }

    void enqueue(final Command command)
    {
        commands.offer(command);
        if (state == State.CLOSED)
        {
            failPendingCommands();
        }
    }

    boolean isClosed()
    {
        return state == State.CLOSED;
    }

    /**
     * @return true once the socket began to close: it takes no new peers.
     */
    boolean isClosing()
    {
        return state != State.OPEN;
    }

    // ---------------------------------------------------------------- the duty cycle, under the lock

    private boolean hasEngineWork(final long nowNs)
    {
        return !commands.isEmpty() || nowNs - nextTimerNs >= 0;
    }

    private int doWork(final long nowNs, final boolean read)
    {
        int work = drainCommands();
        if (read)
        {
            work += endpoints.poll();
        }
        if (nowNs - nextTimerNs >= 0)
        {
            nextTimerNs = nowNs + TIMER_INTERVAL_NS;
            work += onTimer();
        }
        return work;
    }

    private int drainCommands()
    {
        int work = 0;
        Command command;
        while (work < COMMAND_LIMIT && state != State.CLOSED && (command = commands.poll()) != null)
        {
            work++;
            try
            {
                onCommand(command);
            }
            catch (final RuntimeException ex)
            {
                final CompletableFuture<?> future = command.future();
                if (future == null || !future.completeExceptionally(ex))
                {
                    transport.settings().report(ex);
                }
            }
        }
        return work;
    }

    private void onCommand(final Command command)
    {
        switch (command)
        {
            case Command.Bind bind -> endpoints.bind(bind, nowNs);
            case Command.Connect connect -> endpoints.connect(connect);
            case Command.Unbind unbind -> endpoints.unbind(unbind);
            case Command.Disconnect disconnect -> endpoints.disconnect(disconnect);
            case Command.Close close -> startClosing(close);
            case Command.Run run -> run.task().run();
        }
    }

    private int onTimer()
    {
        int work = endpoints.onTimer(nowNs) + fanOuts.onTimer(nowNs);
        observer.publish();
        if (state == State.CLOSING && (nowNs - closeDeadlineNs >= 0 || everyByeAnswered()))
        {
            finishClosing();
            work++;
        }
        return work;
    }

    private void startClosing(final Command.Close close)
    {
        if (state != State.OPEN)
        {
            close.result().complete(null);
            return;
        }
        state = State.CLOSING;
        closing = close;
        closeDeadlineNs = nowNs + close.lingerNs();
        if (close.lingerNs() > 0)
        {
            endpoints.lingering(lingering);
        }
        if (everyByeAnswered())
        {
            finishClosing();
        }
    }

    /**
     * Say goodbye to every peer not yet told (a link busy with a message or pushing back is tried again
     * on the next timer), and see whether all have answered.
     */
    private boolean everyByeAnswered()
    {
        boolean all = true;
        for (final Session session : lingering)
        {
            all &= session.sayBye();
        }
        return all;
    }

    private void finishClosing()
    {
        releaseAll();
        if (closing != null)
        {
            closing.result().complete(null);
        }
    }

    /**
     * Release every stream now, without goodbyes: the communicator is closing.
     */
    void forceClose()
    {
        lock.lock();
        try
        {
            releaseAll();
            if (closing != null)
            {
                closing.result().complete(null);
            }
        }
        finally
        {
            lock.unlock();
        }
    }

    private void releaseAll()
    {
        try
        {
            endpoints.closeAll(LeaveReason.CLOSE);
            fanOuts.closeAll();
        }
        finally
        {
            lingering.clear();
            if (state != State.CLOSED)
            {
                observer.close();
            }
            state = State.CLOSED;
            failPendingCommands();
        }
    }

    private void failPendingCommands()
    {
        Command command;
        while ((command = commands.poll()) != null)
        {
            final CompletableFuture<?> future = command.future();
            if (future != null)
            {
                final String lost = transport.lostCause();
                future.completeExceptionally(Failures.of(Failure.Kind.CLOSED, "the " + handler.type() +
                    " socket is closed" + (lost != null ? ": " + lost : "")));
            }
        }
    }

    // ---------------------------------------------------------------- peers

    /**
     * @return who is joined now; the one place where peers join and leave.
     */
    PeerRoster roster()
    {
        return roster;
    }

    /**
     * @return where what peers sent that this socket could not take is counted and reported.
     */
    PeerFaults faults()
    {
        return faults;
    }

    /**
     * Engine-confined: call under the lock, e.g. from a {@link EngineProxy#execute} task.
     *
     * @param source a UDP source host, or null for every source.
     * @return handshakes under way at this socket's bindings (from that source).
     */
    int pendingHandshakes(final String source)
    {
        return endpoints.pendingHandshakes(source);
    }

    /**
     * @return handshakes this socket's bindings refused.
     */
    public long handshakesRefused()
    {
        return observer.counters().get(SocketCounter.PEERS_REJECTED);
    }

    // ---------------------------------------------------------------- for the state machines

    FanOuts fanOuts()
    {
        return fanOuts;
    }

    SocketHandler handler()
    {
        return handler;
    }

    Aeron aeron()
    {
        return transport.aeron();
    }

    Transport transport()
    {
        return transport;
    }

    TransportSettings settings()
    {
        return transport.settings();
    }

    WireReader reader()
    {
        return reader;
    }

    DataView dataView()
    {
        return dataView;
    }

    long nowNs()
    {
        return nowNs;
    }

    /**
     * @return wire messages and fragments this socket rejected as malformed, since it opened; each was
     * also reported to the error handler.
     */
    public long malformedCount()
    {
        return faults.malformedCount();
    }

    /**
     * @return messages this socket's peers sent that it dropped (too large, cut short, a Chunk of no
     * message), since it opened; each was also reported to the error handler.
     */
    public long droppedCount()
    {
        return faults.droppedCount();
    }
}
