package dev.aeromq.patterns;

import dev.aeromq.codec.DataView;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.transport.Assembly;
import dev.aeromq.transport.EngineProxy;
import dev.aeromq.transport.Failure;
import dev.aeromq.transport.Failures;
import dev.aeromq.transport.Link;
import org.agrona.DirectBuffer;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * REQ: strict send/receive alternation, requests round-robin over the REPs, and correlation ids so
 * that only the reply to the outstanding request is returned (a late reply to a timed-out request
 * is dropped). {@link #requestAsync} pipelines requests beside the alternation.
 */
public final class ReqCore extends SocketCore implements ReceivingCore, SendingCore
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
    public ReqCore(final EngineProxy engine, final SocketDefaults defaults)
    {
        super(engine, SocketType.REQ, defaults);
        open(new DeliveringHandler(this)
        {
            @Override
            public Assembly onMessageBegin(final Link link, final DataView header, final boolean mayWait)
            {
                return onReply(link, header, mayWait);
            }
        });
    }

    @Override
    public void send(final DirectBuffer[] frames, final Map<String, String> metadata, final Timeout timeout)
    {
        if (!request(frames, metadata, timeout))
        {
            throw sending.timedOut(timeout);
        }
    }

    @Override
    public boolean trySend(final DirectBuffer[] frames, final Map<String, String> metadata)
    {
        return request(frames, metadata, Timeout.ZERO);
    }

    private boolean request(final DirectBuffer[] frames, final Map<String, String> metadata, final Timeout timeout)
    {
        stateLock.lock();
        try
        {
            ensureOpen();
            if (outstanding != 0)
            {
                throw Failures.of(Failure.Kind.SOCKET_STATE, "a REQ socket must receive the reply to its request " +
                    "before it sends another (strict send/receive alternation); use requestAsync to pipeline");
            }
            final long correlationId = correlationIds.incrementAndGet();
            outstanding = correlationId; // before sending, so a fast reply is not mistaken for a stale one
            boolean sent = false;
            try
            {
                sent = sending.toAny(correlationId, frames, metadata, timeout) != null;
                return sent;
            }
            finally
            {
                if (!sent)
                {
                    outstanding = 0;
                }
            }
        }
        finally
        {
            stateLock.unlock();
        }
    }

    @Override
    public InboundMessage receive(final Timeout timeout)
    {
        final InboundMessage reply = awaitReply(timeout);
        if (reply == null)
        {
            throw Failures.of(Failure.Kind.TIMEOUT, "receive timed out after " + timeout + ": no reply to the " +
                "REQ socket's request; the request was abandoned (a late reply is dropped) and the socket can " +
                "send again");
        }
        return reply;
    }

    @Override
    public InboundMessage tryReceive(final Timeout timeout)
    {
        return awaitReply(timeout);
    }

    /**
     * The reply to the outstanding request. When a timeout (not a look with {@link Timeout#ZERO})
     * passes, the request is abandoned: its late reply will be dropped and the socket can send again.
     */
    private InboundMessage awaitReply(final Timeout timeout)
    {
        final long expected = outstanding;
        if (expected == 0)
        {
            ensureOpen();
            throw Failures.of(Failure.Kind.SOCKET_STATE,
                "a REQ socket receives only the reply to a request: send a request first");
        }
        final long deadline = timeout.deadline();
        while (true)
        {
            final InboundMessage reply = timeout.isZero() ? take(Timeout.ZERO) : takeBefore(deadline);
            if (reply == null)
            {
                if (!timeout.isZero())
                {
                    abandon();
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
     * Give up on the outstanding request: its reply, should it come, is dropped on arrival.
     */
    private void abandon()
    {
        outstanding = 0;
        while (inbox.poll() != null)
        {
            // a reply that raced the abandon: nobody waits for it now
        }
    }

    /**
     * A REQ polls for the reply to its outstanding request only.
     *
     * @param handler gets the reply.
     * @param limit   ignored beyond 1.
     * @return 1 if the reply was handed, else 0.
     */
    @Override
    public int poll(final PollHandler handler, final int limit)
    {
        if (outstanding == 0)
        {
            ensureOpen();
            throw Failures.of(Failure.Kind.SOCKET_STATE,
                "a REQ socket receives only the reply to a request: send a request first");
        }
        final int handed = pollInline(handler, Math.min(limit, 1));
        if (handed > 0)
        {
            outstanding = 0;
        }
        return handed;
    }

    /**
     * Send a request whose reply completes the future; many may be outstanding.
     *
     * @param frames       the frames.
     * @param metadata     the metadata.
     * @param timeout      send timeout.
     * @param replyTimeout how long the reply may take once sent.
     * @return the future reply; it fails on error, when the reply timeout passes, or when the socket closes.
     */
    public CompletableFuture<InboundMessage> requestAsync(
        final DirectBuffer[] frames,
        final Map<String, String> metadata,
        final Timeout timeout,
        final Timeout replyTimeout)
    {
        ensureOpen();
        final long correlationId = correlationIds.incrementAndGet();
        final CompletableFuture<InboundMessage> reply = new CompletableFuture<>();
        pendingAsync.put(correlationId, reply);
        reply.whenComplete((r, e) -> pendingAsync.remove(correlationId));
        try
        {
            if (sending.toAny(correlationId, frames, metadata, timeout) == null)
            {
                reply.completeExceptionally(sending.timedOut(timeout));
            }
            else if (!replyTimeout.isForever())
            {
                CompletableFuture.delayedExecutor(replyTimeout.nanos(), TimeUnit.NANOSECONDS)
                    .execute(() -> reply.completeExceptionally(replyTimedOut(replyTimeout)));
            }
        }
        catch (final RuntimeException ex)
        {
            reply.completeExceptionally(ex);
        }
        return reply;
    }

    private static RuntimeException replyTimedOut(final Timeout replyTimeout)
    {
        return Failures.of(Failure.Kind.TIMEOUT, "request timed out after " + replyTimeout +
            " (the REQ socket's receive timeout): no reply to an asynchronous request");
    }

    /**
     * On the duty thread: a reply completes its future, or goes to the receive or poll waiting for
     * it; any other is dropped before anything is placed.
     */
    private Assembly onReply(final Link link, final DataView header, final boolean mayWait)
    {
        final long correlationId = header.correlationId();
        final CompletableFuture<InboundMessage> future = pendingAsync.remove(correlationId);
        if (future != null)
        {
            final Consumer<InboundMessage> complete = (reply) ->
                Thread.startVirtualThread(() -> future.complete(reply)); // never on the duty thread
            if (header.isWhole())
            {
                complete.accept(delivery.copy(link, header));
                return Assembly.DONE;
            }
            return delivery.assemble(link, header, complete);
        }
        if (correlationId == outstanding)
        {
            return delivery.take(link, header, mayWait);
        }
        return Assembly.DROP; // a reply to nothing we wait for (stale, or for a closed future)
    }

    @Override
    protected void onClose()
    {
        final RuntimeException closed = Failures.of(Failure.Kind.CLOSED,
            "the REQ socket was closed before the reply came");
        for (final CompletableFuture<InboundMessage> future : pendingAsync.values())
        {
            future.completeExceptionally(closed);
        }
    }
}
