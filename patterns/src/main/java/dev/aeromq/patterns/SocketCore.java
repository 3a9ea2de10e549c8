package dev.aeromq.patterns;

import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.transport.EngineProxy;
import dev.aeromq.transport.Failure;
import dev.aeromq.transport.Failures;
import dev.aeromq.transport.SocketHandler;
import dev.aeromq.transport.SocketObserver;
import dev.aeromq.transport.SocketStreams;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * What every pattern shares, on the user's side: endpoints, options, peers, the inbox, waiting for
 * messages and the inline poll ({@link Receiving}), the send loops ({@link Sending}), and closing. Each pattern adds its routing and state machine, and gives
 * its engine side (a {@link SocketHandler}, usually a {@link DeliveringHandler}) to {@link #open}.
 * <p>
 * Threads: every public method may be called from any thread. Options are volatile; the peers and
 * the inbox are thread safe; the socket's streams are reached only through the {@link EngineProxy}.
 */
public abstract class SocketCore
{
    /** The topic of every message but a PUB's. */
    protected static final byte[] NO_TOPIC = new byte[0];

    final Peers peers;
    final Inbox inbox;
    final Delivery delivery;
    final Sending sending;
    final Receiving receiving;
    private final EngineProxy engine;
    private final SocketType type;
    private final long socketId = ThreadLocalRandom.current().nextLong();
    private final BooleanSupplier isOpen = this::isOpen;
    private SocketStreams streams;
    private volatile Timeout sendTimeout;
    private volatile Timeout receiveTimeout;
    private volatile long lingerNs;
    private volatile long maxMessageSize;
    private volatile String boundEndpoint;
    private volatile boolean closed;
    private volatile String closeCause;

    protected SocketCore(final EngineProxy engine, final SocketType type, final SocketDefaults defaults)
    {
        this.engine = engine;
        this.type = type;
        this.peers = new Peers(type);
        this.inbox = new Inbox(defaults.receiveHighWaterMark(), defaults.receiveHighWaterMarkBytes(),
            new Inbox.Helper()
            {
                @Override
                public int help()
                {
                    return engine.help(streams);
                }

                @Override
                public void helping(final boolean helping)
                {
                    streams.helping(helping);
                }
            });
        this.delivery = new Delivery(inbox);
        this.sending = new Sending(this);
        this.receiving = new Receiving(this);
        this.maxMessageSize = defaults.maxMessageSize();
        this.sendTimeout = defaults.sendTimeout();
        this.receiveTimeout = defaults.receiveTimeout();
        this.lingerNs = defaults.lingerNs();
    }

    /**
     * @return the socket's streams, for a caller polling them on its own thread.
     */
    final SocketStreams streams()
    {
        return streams;
    }

    /**
     * Start the socket's engine side; the last step of every pattern's constructor.
     *
     * @param handler the pattern's engine side.
     */
    protected final void open(final SocketHandler handler)
    {
        streams = engine.open(handler);
    }

    // ---------------------------------------------------------------- identity and options

    /** @return the pattern role. */
    public final SocketType type()
    {
        return type;
    }

    /** @return the socket's random 64-bit id, as its handshakes and counters name it. */
    public final long socketId()
    {
        return socketId;
    }

    /** @return what the socket tells about itself: its counters, monitor events and log lines. */
    public final SocketObserver observer()
    {
        return streams.observer();
    }

    /** @param timeout how long a blocking send waits. */
    public final void sendTimeout(final Timeout timeout)
    {
        sendTimeout = timeout;
    }

    /** @return how long a blocking send waits. */
    public final Timeout sendTimeout()
    {
        return sendTimeout;
    }

    /** @param timeout how long a blocking receive waits. */
    public final void receiveTimeout(final Timeout timeout)
    {
        receiveTimeout = timeout;
    }

    /** @return how long a blocking receive waits. */
    public final Timeout receiveTimeout()
    {
        return receiveTimeout;
    }

    /** @param nanos how long close waits for peers to take what was sent. */
    public final void linger(final long nanos)
    {
        lingerNs = nanos;
    }

    /** @param messages inbox bound, at least 1. */
    public final void receiveHighWaterMark(final int messages)
    {
        if (messages < 1)
        {
            throw new IllegalArgumentException("receiveHighWaterMark must be 1 or more, was " + messages);
        }
        inbox.highWaterMark(messages);
    }

    /** @return the inbox bound in messages. */
    public final int receiveHighWaterMark()
    {
        return inbox.highWaterMark();
    }

    /**
     * @param bytes inbox bound in bytes, at least 1 (soft: one larger message is taken into an empty
     *              inbox).
     */
    public final void receiveHighWaterMarkBytes(final long bytes)
    {
        if (bytes < 1)
        {
            throw new IllegalArgumentException("receiveHighWaterMarkBytes must be 1 or more, was " + bytes);
        }
        inbox.highWaterMarkBytes(bytes);
    }

    /**
     * @param bytes the most payload bytes of one message this socket sends or takes, at least 1;
     *              announced to peers at their next handshake.
     */
    public final void maxMessageSize(final long bytes)
    {
        if (bytes < 1)
        {
            throw new IllegalArgumentException("maxMessageSize must be 1 or more, was " + bytes);
        }
        maxMessageSize = bytes;
    }

    /** @return the most payload bytes of one message this socket sends or takes. */
    public final long maxMessageSize()
    {
        return maxMessageSize;
    }

    /**
     * @param sink where the frames of the messages this socket takes go; null for a heap array per
     *             message.
     */
    public final void frameSink(final FrameSink sink)
    {
        delivery.sink(sink);
    }

    // ---------------------------------------------------------------- endpoints and peers

    /**
     * @param uri endpoint to listen on.
     * @return the endpoint bound, with a port 0 resolved.
     */
    public final String bind(final String uri)
    {
        ensureOpen();
        final String bound = engine.bind(streams, uri).uri();
        boundEndpoint = bound;
        return bound;
    }

    /** @param uri endpoint to connect to. */
    public final void connect(final String uri)
    {
        ensureOpen();
        engine.connect(streams, uri);
    }

    /** @param uri endpoint bound before. */
    public final void unbind(final String uri)
    {
        ensureOpen();
        engine.unbind(streams, uri);
    }

    /** @param uri endpoint connected before. */
    public final void disconnect(final String uri)
    {
        ensureOpen();
        engine.disconnect(streams, uri);
    }

    /** @return the endpoint of the last bind, port resolved. */
    public final String endpoint()
    {
        final String endpoint = boundEndpoint;
        if (endpoint == null)
        {
            throw Failures.of(Failure.Kind.SOCKET_STATE, "the " + type + " socket is not bound: endpoint() " +
                "tells the address of a bound socket; call bind first");
        }
        return endpoint;
    }

    /** @return the number of live peers. */
    public final int peerCount()
    {
        return peers.count();
    }

    /**
     * Block until at least this many peers joined.
     *
     * @param count   peers to wait for.
     * @param timeout how long.
     */
    public final void awaitPeers(final int count, final Timeout timeout)
    {
        peers.await(count, timeout, isOpen);
    }

    /**
     * Run a task under the socket's streams lock, in step with its handshakes.
     *
     * @param task to run.
     */
    protected final void executeOnDuty(final Runnable task)
    {
        engine.execute(streams, task);
    }

    // ---------------------------------------------------------------- receiving

    /**
     * Take the next message for a long-running consumer (a handler loop), waiting until one comes,
     * the socket closes, or {@code stop} is set.
     *
     * @param stop checked on every wake-up.
     * @return the message, or null when closed or stopped.
     * @throws InterruptedException if the caller is interrupted.
     */
    public final InboundMessage takeUntil(final BooleanSupplier stop) throws InterruptedException
    {
        return receiving.takeUntil(stop);
    }

    /**
     * Hand the messages that are there now to a handler on the caller's thread, at most {@code limit}
     * ({@link Receiving#poll}); REQ and REP keep their alternation around it.
     *
     * @param handler gets each message.
     * @param limit   most messages to hand.
     * @return messages handed.
     * @throws RuntimeException of kind SOCKET_STATE if called from within this socket's own poll handler.
     */
    public int poll(final PollHandler handler, final int limit)
    {
        return receiving.poll(handler, limit);
    }

    /**
     * Wake every consumer waiting in {@link #takeUntil} so it re-checks its stop condition.
     */
    public final void wakeConsumers()
    {
        inbox.wakeAll();
    }

    // ---------------------------------------------------------------- state

    /**
     * @throws RuntimeException of kind CLOSED if the socket is closed.
     */
    protected final void ensureOpen()
    {
        if (closed)
        {
            throw Failures.of(Failure.Kind.CLOSED, closedMessage());
        }
    }

    /**
     * @return what a call on the closed socket fails with: that it is closed, and why when the user did not
     * close it (its communicator lost the media driver).
     */
    public final String closedMessage()
    {
        final String cause = closeCause;
        return "the " + type + " socket is closed" + (cause != null ? ": " + cause : "");
    }

    /**
     * @return why the socket was closed when the user did not close it, or null.
     */
    protected final String closeCause()
    {
        return closeCause;
    }

    boolean isOpen()
    {
        return !closed;
    }

    /** @return true once closed. */
    public final boolean isClosed()
    {
        return closed;
    }

    /**
     * Close: wake every blocked caller with CLOSED, say goodbye to the peers (lingering), release the
     * streams. Idempotent.
     */
    public final void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        inbox.close();
        peers.closed(closedMessage());
        onClose();
        engine.close(streams, lingerNs);
    }

    /**
     * Close without lingering because the socket can no longer work (its communicator lost the media
     * driver): as {@link #close()}, and every blocked or later call fails with the cause. Idempotent.
     *
     * @param cause what happened and what to do.
     */
    public final void close(final String cause)
    {
        if (!closed)
        {
            closeCause = cause;
            lingerNs = 0;
            close();
        }
    }

    /**
     * Pattern-specific cleanup, after blocked callers were woken and before the streams close.
     */
    protected void onClose()
    {
    }
}
