package dev.aeromq;

import dev.aeromq.patterns.PairCore;
import dev.aeromq.patterns.PubCore;
import dev.aeromq.patterns.PullCore;
import dev.aeromq.patterns.PushCore;
import dev.aeromq.patterns.RepCore;
import dev.aeromq.patterns.ReqCore;
import dev.aeromq.patterns.SocketDefaults;
import dev.aeromq.patterns.SubCore;
import dev.aeromq.patterns.Timeout;
import dev.aeromq.transport.EngineProxy;
import dev.aeromq.transport.Transport;
import dev.aeromq.transport.TransportSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The entry point: owns a media driver connection (an embedded driver by default), the engine
 * threads that move messages, and every socket it makes.
 * <pre>{@code
 * try (Communicator comm = Communicator.open()) {
 *     RepSocket rep = comm.rep().bind("ipc://echo");
 *     rep.serve(req -> Message.of("re: " + req.text()));
 *     ReqSocket req = comm.req().connect("ipc://echo");
 *     Message reply = req.request(Message.of("hello"), Duration.ofSeconds(1));
 * }
 * }</pre>
 * Thread safe. {@link #close()} closes every socket (honouring linger), then the engine and the
 * embedded driver, removing its directory. A communicator still open when the JVM shuts down (normal exit
 * or SIGTERM) is closed by a shutdown hook; none of its threads keeps the JVM alive. If the media driver is
 * lost (killed, stalled, or it timed this process out) the communicator closes itself and every socket call
 * fails with {@link ClosedException} naming the cause.
 */
public final class Communicator implements AutoCloseable
{
    private final Config config;
    private final Transport transport;
    private final SocketDefaults defaults;
    private final Set<AbstractSocket<?, ?>> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile String closeCause;

    private Communicator(final Config config)
    {
        this.config = config;
        this.transport = Transport.start(new TransportSettings(
                config.aeronDirectory(),
                config.externalDriver(),
                config.driverTimeout().toNanos(),
                TransportSettings.DriverThreading.valueOf(config.driverThreading().name()),
                TransportSettings.Idle.valueOf(config.idle().name()),
                config.engineThreads(),
                config.attachmentThreshold(),
                config.termLength(),
                config.heartbeatInterval().toNanos(),
                config.peerTimeout().toNanos(),
                config.maxPeers(),
                admission(config.admission()),
                config.errorHandler()));
        this.defaults = new SocketDefaults(
            Timeout.of(config.sendTimeout()),
            Timeout.of(config.receiveTimeout()),
            config.linger().toNanos(),
            config.receiveHighWaterMark(),
            config.receiveHighWaterMarkBytes(),
            config.maxMessageSize(),
            config.publisherBackPressure() == Config.PublisherBackPressure.WAIT,
            config.fanOut() == Config.FanOut.SHARED,
            config.peerTimeout().toNanos());
        transport.onLost(this::lost);
        OpenCommunicators.add(this);
    }

    /**
     * An error no caller can receive (a failing handler, say): to the configured error handler, on a
     * virtual thread of its own, rate-limited.
     */
    void report(final Throwable error)
    {
        transport.report(error);
    }

    private static Predicate<TransportSettings.Candidate> admission(final Predicate<Peer> policy)
    {
        return (candidate) -> policy.test(new Peer(candidate.endpoint(), candidate.address(),
            SocketType.valueOf(candidate.type().name()), candidate.socketId()));
    }

    /**
     * @return a communicator configured by {@link Config#fromEnvironment()}.
     * @throws ConfigException if an {@code AEROMQ_*} variable or {@code aeromq.*} property is bad, or
     *                         the JVM lacks {@code --add-opens java.base/jdk.internal.misc=ALL-UNNAMED}.
     */
    public static Communicator open()
    {
        JvmAccess.check();
        return open(Config.fromEnvironment());
    }

    /**
     * @param config the settings.
     * @return a communicator; its embedded driver (unless external) is running.
     * @throws ClosedException if an external driver was asked for and none runs.
     * @throws ConfigException if the JVM lacks {@code --add-opens java.base/jdk.internal.misc=ALL-UNNAMED}
     *                         (the message says how to add it), or if the embedded driver's configured
     *                         directory is in use by a live media driver (or holds other files): AeroMQ
     *                         never replaces or deletes what it did not create.
     */
    public static Communicator open(final Config config)
    {
        JvmAccess.check();
        return new Communicator(Objects.requireNonNull(config, "config"));
    }

    /** @return a new REQ socket. */
    public ReqSocket req()
    {
        return (ReqSocket)socket(SocketType.REQ);
    }

    /** @return a new REP socket. */
    public RepSocket rep()
    {
        return (RepSocket)socket(SocketType.REP);
    }

    /** @return a new PUB socket. */
    public PubSocket pub()
    {
        return (PubSocket)socket(SocketType.PUB);
    }

    /** @return a new SUB socket. */
    public SubSocket sub()
    {
        return (SubSocket)socket(SocketType.SUB);
    }

    /** @return a new PUSH socket. */
    public PushSocket push()
    {
        return (PushSocket)socket(SocketType.PUSH);
    }

    /** @return a new PULL socket. */
    public PullSocket pull()
    {
        return (PullSocket)socket(SocketType.PULL);
    }

    /** @return a new PAIR socket. */
    public PairSocket pair()
    {
        return (PairSocket)socket(SocketType.PAIR);
    }

    /**
     * @param type of the socket.
     * @return a new socket of that type; cast to its interface (e.g. {@link ReqSocket}).
     * @throws ClosedException if the communicator is closed.
     */
    public Socket socket(final SocketType type)
    {
        if (closed)
        {
            throw closedError();
        }
        final EngineProxy engine = transport.nextEngine();
        final AbstractSocket<?, ?> socket = switch (Objects.requireNonNull(type, "type"))
        {
            case REQ -> new ReqSocketImpl(new ReqCore(engine, defaults), this);
            case REP -> new RepSocketImpl(new RepCore(engine, defaults), this);
            case PUB -> new PubSocketImpl(new PubCore(engine, defaults), this);
            case SUB -> new SubSocketImpl(new SubCore(engine, defaults), this);
            case PUSH -> new PushSocketImpl(new PushCore(engine, defaults), this);
            case PULL -> new PullSocketImpl(new PullCore(engine, defaults), this);
            case PAIR -> new PairSocketImpl(new PairCore(engine, defaults), this);
        };
        sockets.add(socket);
        if (closed)
        {
            socket.close();
            throw closedError();
        }
        return socket;
    }

    private ClosedException closedError()
    {
        final String cause = closeCause;
        return new ClosedException(cause != null ? "the communicator is closed: " + cause :
            "the communicator is closed: open a new one to make sockets");
    }

    /**
     * The Aeron client is lost (the media driver stopped, or timed this process out): close every socket at
     * once, each failing its blocked and later calls with the cause; the transport then closes itself.
     */
    private void lost(final String cause)
    {
        if (closeCause == null)
        {
            closeCause = cause;
        }
        closed = true;
        for (final AbstractSocket<?, ?> socket : List.copyOf(sockets))
        {
            socket.closeLost(cause);
        }
        // stays open for the shutdown hook until close(): its close waits until the transport is closed
    }

    void forget(final AbstractSocket<?, ?> socket)
    {
        sockets.remove(socket);
    }

    /**
     * @return the sockets this communicator made that are not closed, in no particular order; a
     * snapshot (e.g. to read every socket's {@link Socket#stats()}).
     */
    public List<Socket> sockets()
    {
        final List<Socket> open = new ArrayList<>(sockets.size());
        for (final AbstractSocket<?, ?> socket : sockets)
        {
            if (!socket.isClosed())
            {
                open.add(socket);
            }
        }
        return open;
    }

    /**
     * @return the configuration in force.
     */
    public Config config()
    {
        return config;
    }

    /**
     * @return the Aeron directory of the media driver in use.
     */
    public String aeronDirectory()
    {
        return transport.aeronDirectory();
    }

    /**
     * @return true once {@link #close()} was called, or the communicator closed itself because it lost its
     * media driver (then every socket call and {@link #socket} fail with {@link ClosedException} naming the cause).
     */
    public boolean isClosed()
    {
        return closed;
    }

    /**
     * Close every socket (all at once, each honouring its linger), stop the engine, disconnect from
     * the driver and stop an embedded one, deleting its directory. Idempotent.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            if (closeCause != null)
            {
                transport.close(); // closed when the driver was lost: returns once that is done
                OpenCommunicators.remove(this);
            }
            return;
        }
        closed = true;
        final List<Thread> closers = new ArrayList<>();
        for (final AbstractSocket<?, ?> socket : List.copyOf(sockets))
        {
            closers.add(Thread.ofVirtual().name("aeromq-close").start(socket::close));
        }
        boolean interrupted = false;
        for (final Thread closer : closers)
        {
            while (true)
            {
                try
                {
                    closer.join();
                    break;
                }
                catch (final InterruptedException ex)
                {
                    interrupted = true;
                }
            }
        }
        transport.close();
        OpenCommunicators.remove(this);
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }
}
