package dev.aeromq.patterns;

import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.transport.DataFrame;
import dev.aeromq.transport.Endpoint;
import dev.aeromq.transport.Engine;
import dev.aeromq.transport.Failure;
import dev.aeromq.transport.InboundMessage;
import dev.aeromq.transport.Link;
import org.agrona.DirectBuffer;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What every pattern shares: endpoints, options, the set of live peers, the inbox, waiting for
 * peers, and the blocking send loops. Subclasses add routing and state machines.
 * <p>
 * Threads: {@link dev.aeromq.transport.SocketHandler} callbacks run on the engine thread; the rest
 * runs on user threads. The peer set is a copy-on-write array, so routing reads it without a lock.
 */
public abstract class SocketCore implements dev.aeromq.transport.SocketHandler
{
    private static final Link[] NO_LINKS = new Link[0];

    protected final Engine engine;
    protected final Inbox inbox;
    private final SocketType type;
    private final long socketId = ThreadLocalRandom.current().nextLong();
    private final ReentrantLock peerLock = new ReentrantLock();
    private final Condition peersChanged = peerLock.newCondition();
    private final AtomicInteger roundRobin = new AtomicInteger();
    private volatile Link[] peers = NO_LINKS;
    private volatile String rejection;
    private volatile String boundEndpoint;
    private volatile boolean closed;
    private volatile long sendTimeoutNs;
    private volatile long receiveTimeoutNs;
    private volatile long lingerNs;

    protected SocketCore(final Engine engine, final SocketType type, final SocketDefaults defaults)
    {
        this.engine = engine;
        this.type = type;
        this.inbox = new Inbox(defaults.receiveHighWaterMark(), engine::tryDutyCycle);
        this.sendTimeoutNs = defaults.sendTimeoutNs();
        this.receiveTimeoutNs = defaults.receiveTimeoutNs();
        this.lingerNs = defaults.lingerNs();
    }

    // ---------------------------------------------------------------- options and endpoints

    /** @param timeoutNs send timeout, negative for forever. */
    public final void sendTimeout(final long timeoutNs)
    {
        sendTimeoutNs = timeoutNs;
    }

    /** @return send timeout, negative for forever. */
    public final long sendTimeoutNs()
    {
        return sendTimeoutNs;
    }

    /** @param timeoutNs receive timeout, negative for forever. */
    public final void receiveTimeout(final long timeoutNs)
    {
        receiveTimeoutNs = timeoutNs;
    }

    /** @return receive timeout, negative for forever. */
    public final long receiveTimeoutNs()
    {
        return receiveTimeoutNs;
    }

    /** @param nanos linger on close. */
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

    /**
     * @param uri endpoint to listen on.
     * @return the endpoint bound, with a port 0 resolved.
     */
    public final String bind(final String uri)
    {
        ensureOpen();
        final Endpoint endpoint = engine.bind(this, uri);
        boundEndpoint = endpoint.uri();
        return endpoint.uri();
    }

    /** @param uri endpoint to connect to. */
    public final void connect(final String uri)
    {
        ensureOpen();
        engine.connect(this, uri);
    }

    /** @param uri endpoint bound before. */
    public final void unbind(final String uri)
    {
        ensureOpen();
        engine.unbind(this, uri);
    }

    /** @param uri endpoint connected before. */
    public final void disconnect(final String uri)
    {
        ensureOpen();
        engine.disconnect(this, uri);
    }

    /** @return the endpoint of the last bind, port resolved. */
    public final String endpoint()
    {
        final String endpoint = boundEndpoint;
        if (endpoint == null)
        {
            throw new Failure(Failure.Kind.SOCKET_STATE, "the " + type + " socket is not bound: endpoint() " +
                "tells the address of a bound socket; call bind first");
        }
        return endpoint;
    }

    // ---------------------------------------------------------------- peers

    /** @return the number of live peers. */
    public final int peerCount()
    {
        return peers.length;
    }

    /**
     * @return the live peers, a snapshot.
     */
    protected final Link[] peers()
    {
        return peers;
    }

    /**
     * Block until at least this many peers joined.
     *
     * @param count     peers to wait for.
     * @param timeoutNs how long.
     */
    public final void awaitPeers(final int count, final long timeoutNs)
    {
        final long deadline = Deadlines.of(timeoutNs);
        peerLock.lock();
        try
        {
            while (peers.length < count)
            {
                ensureOpen();
                final String refused = rejection;
                if (refused != null)
                {
                    throw new Failure(Failure.Kind.INCOMPATIBLE_PEER, refused);
                }
                if (Deadlines.passed(deadline))
                {
                    throw new Failure(Failure.Kind.TIMEOUT, "awaitPeers timed out after " +
                        Deadlines.describe(timeoutNs) + ": " + peers.length + " of " + count + " peers of the " + type +
                        " socket completed the handshake; is the other side bound/connected to the same endpoint?");
                }
                awaitPeerChange(deadline);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new Failure(Failure.Kind.CLOSED, "interrupted while waiting for peers", ex);
        }
        finally
        {
            peerLock.unlock();
        }
    }

    private void awaitPeerChange(final long deadline) throws InterruptedException
    {
        if (deadline == Deadlines.NONE)
        {
            peersChanged.await();
        }
        else
        {
            peersChanged.awaitNanos(Math.max(1, deadline - System.nanoTime()));
        }
    }

    @Override
    public final SocketType type()
    {
        return type;
    }

    @Override
    public final long socketId()
    {
        return socketId;
    }

    @Override
    public String admit(final SocketType peerType)
    {
        return null;
    }

    @Override
    public void onPeerJoined(final Link link)
    {
        final Link[] current = peers;
        final Link[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = link;
        peers = next;
        rejection = null;
        signalPeers();
    }

    @Override
    public void onPeerLeft(final Link link)
    {
        final Link[] current = peers;
        for (int i = 0; i < current.length; i++)
        {
            if (current[i] == link)
            {
                final Link[] next = new Link[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                peers = next;
                break;
            }
        }
        signalPeers();
    }

    @Override
    public void onRejected(final String endpoint, final String reason)
    {
        rejection = "the peer at " + endpoint + " refused this " + type + " socket: " + reason;
        signalPeers();
    }

    @Override
    public int receiveCapacity()
    {
        return inbox.capacity();
    }

    @Override
    public void onData(final Link link, final DataFrame frame)
    {
        inbox.add(frame.copy(link));
    }

    @Override
    public void onSubscription(final Link link, final boolean subscribe, final byte[] prefix)
    {
        // only a PUB cares
    }

    @Override
    public List<byte[]> handshakeSubscriptions()
    {
        return List.of();
    }

    private void signalPeers()
    {
        peerLock.lock();
        try
        {
            peersChanged.signalAll();
        }
        finally
        {
            peerLock.unlock();
        }
    }

    // ---------------------------------------------------------------- receiving

    /**
     * Take the next message.
     *
     * @param timeoutNs  how long to wait; negative for forever, 0 to not wait.
     * @param orTimeout  true to throw a TIMEOUT failure at the deadline, false to return null.
     * @return the message, or null on timeout when {@code orTimeout} is false.
     */
    protected final InboundMessage take(final long timeoutNs, final boolean orTimeout)
    {
        if (timeoutNs == 0)
        {
            ensureOpen();
            return inbox.poll();
        }
        final InboundMessage message = takeBefore(Deadlines.of(timeoutNs));
        if (message == null && orTimeout)
        {
            throw new Failure(Failure.Kind.TIMEOUT, "receive timed out after " + Deadlines.describe(timeoutNs) +
                ": no message arrived at the " + type + " socket (" + peers.length + " peers connected)");
        }
        return message;
    }

    /**
     * Wait for the next message until a deadline.
     *
     * @param deadlineNs {@link System#nanoTime()} deadline, or {@link Deadlines#NONE}.
     * @return the message, or null at the deadline.
     */
    protected final InboundMessage takeBefore(final long deadlineNs)
    {
        ensureOpen();
        final InboundMessage message;
        try
        {
            message = inbox.take(deadlineNs, () -> false);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new Failure(Failure.Kind.CLOSED, "interrupted while receiving on the " + type + " socket", ex);
        }
        if (message == null)
        {
            ensureOpen();
        }
        return message;
    }

    /**
     * Take the next message for a long-running consumer (a handler loop), waiting until one comes,
     * the socket closes, or {@code stop} is set.
     *
     * @param stop checked on every wake-up.
     * @return the message, or null when closed or stopped.
     * @throws InterruptedException if the caller is interrupted.
     */
    public final InboundMessage takeUntil(final java.util.function.BooleanSupplier stop) throws InterruptedException
    {
        return closed ? null : inbox.take(Deadlines.NONE, stop);
    }

    /**
     * Wake every consumer waiting in {@link #takeUntil} so it re-checks its stop condition.
     */
    public final void wakeConsumers()
    {
        inbox.wakeAll();
    }

    // ---------------------------------------------------------------- sending

    /**
     * Send to one peer, round-robin over those that can take it now, waiting while none can.
     *
     * @param correlationId REQ/REP correlation id, 0 otherwise.
     * @param topic         topic bytes.
     * @param frames        the parts.
     * @param metadata      the metadata.
     * @param timeoutNs     0 to try once, negative to wait forever.
     * @return the link it went to, or null if {@code timeoutNs} was 0 and no peer could take it.
     */
    protected final Link sendRoundRobin(
        final long correlationId,
        final byte[] topic,
        final DirectBuffer[] frames,
        final Map<String, String> metadata,
        final long timeoutNs)
    {
        final long deadline = Deadlines.of(timeoutNs);
        int attempt = 0;
        while (true)
        {
            ensureOpen();
            final Link[] links = peers;
            final int n = links.length;
            if (n > 0)
            {
                final int start = Math.floorMod(roundRobin.get(), n);
                for (int i = 0; i < n; i++)
                {
                    final int index = (start + i) % n;
                    if (links[index].offerData(correlationId, topic, frames, metadata) > 0)
                    {
                        roundRobin.set(index + 1);
                        return links[index];
                    }
                }
            }
            if (timeoutNs == 0)
            {
                return null;
            }
            if (Deadlines.passed(deadline))
            {
                throw sendTimeout(timeoutNs, n);
            }
            if (n == 0)
            {
                awaitAnyPeer(deadline);
            }
            else
            {
                Deadlines.backoff(attempt++);
            }
        }
    }

    /**
     * Send to one given peer, waiting while it pushes back. If the peer is gone the message is
     * discarded, as ZeroMQ does with a reply whose requester left.
     *
     * @return true if sent or discarded for a gone peer, false if {@code timeoutNs} was 0 and the
     * peer could not take it now.
     */
    protected final boolean sendTo(
        final Link link,
        final long correlationId,
        final byte[] topic,
        final DirectBuffer[] frames,
        final Map<String, String> metadata,
        final long timeoutNs)
    {
        final long deadline = Deadlines.of(timeoutNs);
        int attempt = 0;
        while (true)
        {
            ensureOpen();
            if (!link.isActive())
            {
                return true;
            }
            if (link.offerData(correlationId, topic, frames, metadata) > 0)
            {
                return true;
            }
            if (timeoutNs == 0)
            {
                return false;
            }
            if (Deadlines.passed(deadline))
            {
                throw sendTimeout(timeoutNs, peers.length);
            }
            Deadlines.backoff(attempt++);
        }
    }

    private void awaitAnyPeer(final long deadline)
    {
        peerLock.lock();
        try
        {
            if (peers.length == 0 && !closed)
            {
                final String refused = rejection;
                if (refused != null)
                {
                    throw new Failure(Failure.Kind.INCOMPATIBLE_PEER, refused);
                }
                awaitPeerChange(deadline == Deadlines.NONE ?
                    System.nanoTime() + TimeUnit.SECONDS.toNanos(1) : deadline);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new Failure(Failure.Kind.CLOSED, "interrupted while sending on the " + type + " socket", ex);
        }
        finally
        {
            peerLock.unlock();
        }
    }

    private Failure sendTimeout(final long timeoutNs, final int peerCount)
    {
        return new Failure(Failure.Kind.TIMEOUT, "send timed out after " + Deadlines.describe(timeoutNs) + ": " +
            (peerCount == 0 ? "the " + type + " socket has no peer yet" :
            "none of the " + peerCount + " peers of the " + type + " socket could take the message (high-water " +
            "mark or back pressure)") + "; nothing was sent");
    }

    // ---------------------------------------------------------------- state

    /**
     * @throws Failure of kind CLOSED if the socket is closed.
     */
    protected final void ensureOpen()
    {
        if (closed)
        {
            throw new Failure(Failure.Kind.CLOSED, "the " + type + " socket is closed");
        }
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
        signalPeers();
        onClose();
        engine.close(this, lingerNs);
    }

    /**
     * Pattern-specific cleanup, after blocked callers were woken and before the streams close.
     */
    protected void onClose()
    {
    }
}
