package dev.aeromq.patterns;

import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.transport.DataFrame;
import dev.aeromq.transport.Engine;
import dev.aeromq.transport.Failure;
import dev.aeromq.transport.InboundMessage;
import dev.aeromq.transport.Link;
import org.agrona.DirectBuffer;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * REQ: strict send/receive alternation, requests round-robin over the REPs, and correlation ids so
 * that only the reply to the outstanding request is returned (a late reply to a timed-out request
 * is dropped). {@link #requestAsync} pipelines requests beside the alternation.
 */
public final class ReqCore extends SocketCore implements Receiver, Sender
{
    private final AtomicLong correlationIds = new AtomicLong();
    private final ReentrantLock stateLock = new ReentrantLock();
    private final ConcurrentHashMap<Long, CompletableFuture<InboundMessage>> pendingAsync = new ConcurrentHashMap<>();
    /** Correlation id of the request awaiting its reply through receive(), 0 when none. */
    private volatile long outstanding;

    /**
     * @param engine   that moves the socket's messages.
     * @param defaults option values.
     */
    public ReqCore(final Engine engine, final SocketDefaults defaults)
    {
        super(engine, SocketType.REQ, defaults);
    }

    /**
     * Send a request; the next receive returns its reply.
     *
     * @param frames    the parts.
     * @param metadata  the metadata.
     * @param timeoutNs 0 to try once, negative for forever.
     * @return false if {@code timeoutNs} was 0 and no REP could take it.
     */
    @Override
    public boolean send(final DirectBuffer[] frames, final Map<String, String> metadata, final long timeoutNs)
    {
        stateLock.lock();
        try
        {
            ensureOpen();
            if (outstanding != 0)
            {
                throw new Failure(Failure.Kind.SOCKET_STATE, "a REQ socket must receive the reply to its request " +
                    "before it sends another (strict send/receive alternation); use requestAsync to pipeline");
            }
            final long correlationId = correlationIds.incrementAndGet();
            outstanding = correlationId; // before sending, so a fast reply is not mistaken for a stale one
            try
            {
                if (sendRoundRobin(correlationId, null, frames, metadata, timeoutNs) == null)
                {
                    outstanding = 0;
                    return false;
                }
                return true;
            }
            catch (final RuntimeException ex)
            {
                outstanding = 0;
                throw ex;
            }
        }
        finally
        {
            stateLock.unlock();
        }
    }

    /**
     * Receive the reply to the outstanding request. On timeout the request is abandoned: its late
     * reply will be dropped and the socket can send again.
     *
     * @param timeoutNs negative for forever, 0 to not wait.
     * @param orTimeout throw at the deadline instead of returning null.
     * @return the reply.
     */
    @Override
    public InboundMessage receive(final long timeoutNs, final boolean orTimeout)
    {
        final long expected = outstanding;
        if (expected == 0)
        {
            ensureOpen();
            throw new Failure(Failure.Kind.SOCKET_STATE,
                "a REQ socket receives only the reply to a request: send a request first");
        }
        final long deadline = Deadlines.of(timeoutNs);
        while (true)
        {
            final InboundMessage reply = timeoutNs == 0 ? take(0, false) : takeBefore(deadline);
            if (reply == null)
            {
                if (timeoutNs == 0)
                {
                    return null;
                }
                outstanding = 0;
                if (orTimeout)
                {
                    throw new Failure(Failure.Kind.TIMEOUT, "receive timed out after " + Deadlines.describe(timeoutNs) +
                        ": no reply to the REQ socket's request; the request was abandoned (a late reply is dropped) " +
                        "and the socket can send again");
                }
                return null;
            }
            if (reply.correlationId() == expected)
            {
                outstanding = 0;
                return reply;
            }
            // a stale reply to an abandoned request: drop it and keep waiting
        }
    }

    /**
     * Send a request whose reply completes the future; many may be outstanding.
     *
     * @param frames    the parts.
     * @param metadata  the metadata.
     * @param timeoutNs send timeout.
     * @return the future reply; it fails with a {@link Failure} on error or when the socket closes.
     */
    public CompletableFuture<InboundMessage> requestAsync(
        final DirectBuffer[] frames, final Map<String, String> metadata, final long timeoutNs)
    {
        ensureOpen();
        final long correlationId = correlationIds.incrementAndGet();
        final CompletableFuture<InboundMessage> reply = new CompletableFuture<>();
        pendingAsync.put(correlationId, reply);
        reply.whenComplete((r, e) -> pendingAsync.remove(correlationId));
        try
        {
            if (sendRoundRobin(correlationId, null, frames, metadata, timeoutNs) == null)
            {
                reply.completeExceptionally(new Failure(Failure.Kind.TIMEOUT,
                    "no REP peer could take the request right now"));
            }
        }
        catch (final RuntimeException ex)
        {
            reply.completeExceptionally(ex);
        }
        return reply;
    }

    @Override
    public void onData(final Link link, final DataFrame frame)
    {
        final long correlationId = frame.correlationId();
        final CompletableFuture<InboundMessage> future = pendingAsync.remove(correlationId);
        if (future != null)
        {
            final InboundMessage reply = frame.copy(link);
            // complete off the engine thread: dependent stages must never run on it
            Thread.startVirtualThread(() -> future.complete(reply));
        }
        else if (correlationId == outstanding)
        {
            inbox.add(frame.copy(link));
        }
        // else: a reply to nothing we wait for (stale, or for a closed future): dropped
    }

    @Override
    protected void onClose()
    {
        final Failure closed = new Failure(Failure.Kind.CLOSED, "the REQ socket was closed before the reply came");
        for (final CompletableFuture<InboundMessage> future : pendingAsync.values())
        {
            future.completeExceptionally(closed);
        }
    }
}
