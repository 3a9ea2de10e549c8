package dev.aeromq.patterns;

import dev.aeromq.codec.DataView;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.transport.EngineProxy;
import dev.aeromq.transport.Failure;
import dev.aeromq.transport.Failures;
import dev.aeromq.transport.InboundMessage;
import dev.aeromq.transport.Link;
import org.agrona.DirectBuffer;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

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
            public void onData(final Link link, final DataView data)
            {
                onReply(link, data);
            }
        });
    }

    @Override
    public void send(final DirectBuffer[] frames, final Map<String, String> metadata, final Timeout timeout)
    {
        if (!request(frames, metadata, timeout))
        {
            throw sendTimedOut(timeout);
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
                sent = sendRoundRobin(correlationId, frames, metadata, timeout) != null;
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
                    outstanding = 0;
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
            if (sendRoundRobin(correlationId, frames, metadata, timeout) == null)
            {
                reply.completeExceptionally(sendTimedOut(timeout));
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
     * On the duty thread: a reply completes its future or waits for receive; any other is dropped.
     */
    private void onReply(final Link link, final DataView data)
    {
        final long correlationId = data.correlationId();
        final CompletableFuture<InboundMessage> future = pendingAsync.remove(correlationId);
        if (future != null)
        {
            final InboundMessage reply = InboundMessage.copyOf(link, data);
            // complete off the duty thread: dependent stages must never run on it
            Thread.startVirtualThread(() -> future.complete(reply));
        }
        else if (correlationId == outstanding)
        {
            inbox.add(InboundMessage.copyOf(link, data));
        }
        // else: a reply to nothing we wait for (stale, or for a closed future): dropped
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
