package dev.aeromq.patterns;

import dev.aeromq.codec.DataView;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.transport.Assembly;
import dev.aeromq.transport.DropReason;
import dev.aeromq.transport.EngineProxy;
import dev.aeromq.transport.Failure;
import dev.aeromq.transport.Failures;
import dev.aeromq.transport.LeaveReason;
import dev.aeromq.transport.Link;
import org.agrona.DirectBuffer;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * REQ: strict send/receive alternation, requests round-robin over the REPs, and replies matched on
 * the link the request went out on and its correlation id (ids start at a random value), so no other
 * REP can answer a request. A receive that times out leaves the request outstanding (ZeroMQ's rule);
 * only {@code request(m, timeout)} abandons it. A REP that goes away while a request waits on it fails
 * that request with PEER_LOST. {@link #requestAsync} pipelines requests beside the alternation, at most
 * as many at once as the receive high-water mark.
 */
public final class ReqCore extends SocketCore implements ReceivingCore, SendingCore
{
    /** The error a REP's serve handler answers with: a reply carrying this metadata key. */
    public static final String ERROR_KEY = "aeromq.error";

    private final AtomicLong correlationIds = new AtomicLong(ThreadLocalRandom.current().nextLong());
    private final ReentrantLock stateLock = new ReentrantLock();
    private final ConcurrentHashMap<Long, Pending> pendingAsync = new ConcurrentHashMap<>();
    private final int maxPendingAsync;
    /** The request awaiting its reply through receive or poll, null when none. */
    private volatile Outstanding outstanding;

    /**
     * A request awaiting its reply through receive or poll.
     *
     * @param correlationId its id.
     * @param link          the REP it went to; null until the send returned.
     * @param lost          why that REP left before replying, or null.
     */
    private record Outstanding(long correlationId, Link link, LeaveReason lost)
    {
    }

    /**
     * An asynchronous request awaiting its reply.
     *
     * @param reply completed with the reply.
     * @param link  the REP it went to.
     */
    private record Pending(CompletableFuture<InboundMessage> reply, Link link)
    {
    }

    /**
     * @param engine   that moves the socket's messages.
     * @param defaults option values.
     */
    public ReqCore(final EngineProxy engine, final SocketDefaults defaults)
    {
        super(engine, SocketType.REQ, defaults);
        this.maxPendingAsync = Math.max(1, defaults.receiveHighWaterMark());
        open(new DeliveringHandler(this)
        {
            @Override
            public Assembly onMessageBegin(final Link link, final DataView header, final boolean mayWait)
            {
                return onReply(link, header, mayWait);
            }

            @Override
            public void onPeerLeft(final Link link, final LeaveReason reason)
            {
                super.onPeerLeft(link, reason);
                onRepLeft(link, reason);
            }
        });
    }

    @Override
    public void send(final DirectBuffer[] frames, final Map<String, String> metadata, final Timeout timeout)
    {
        if (!sendRequest(frames, metadata, timeout))
        {
            throw sending.timedOut(timeout);
        }
    }

    @Override
    public boolean trySend(final DirectBuffer[] frames, final Map<String, String> metadata)
    {
        return sendRequest(frames, metadata, Timeout.ZERO);
    }

    private boolean sendRequest(final DirectBuffer[] frames, final Map<String, String> metadata, final Timeout timeout)
    {
        stateLock.lock();
        try
        {
            ensureOpen();
            if (outstanding != null)
            {
                throw Failures.of(Failure.Kind.SOCKET_STATE, "a REQ socket must receive the reply to its request " +
                    "before it sends another (strict send/receive alternation); use requestAsync to pipeline");
            }
            final long correlationId = nextCorrelationId();
            outstanding = new Outstanding(correlationId, null, null); // a fast reply must find it
            Link link = null;
            try
            {
                link = sending.toAny(correlationId, frames, metadata, timeout);
                return link != null;
            }
            finally
            {
                // a REP that left before the send returned was not known to be this request's: see it now
                outstanding = link == null ? null :
                    new Outstanding(correlationId, link, link.isActive() ? null : LeaveReason.STREAM_LOST);
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
                "REQ socket's request yet; it is still outstanding (receive again), or send it again with " +
                "request(m, timeout), which gives up on the old one");
        }
        return reply;
    }

    @Override
    public InboundMessage tryReceive(final Timeout timeout)
    {
        return awaitReply(timeout);
    }

    /**
     * Send a request and wait for its reply; at the timeout the request is abandoned (its late reply is
     * dropped) and the socket can send again.
     *
     * @param frames   the frames.
     * @param metadata the metadata.
     * @param timeout  for the send and the reply together.
     * @return the reply, or null at the timeout.
     */
    public InboundMessage request(
        final DirectBuffer[] frames, final Map<String, String> metadata, final Timeout timeout)
    {
        final long deadline = timeout.deadline();
        send(frames, metadata, timeout);
        final Timeout left = timeout.isForever() ? timeout : new Timeout(Math.max(1, deadline - System.nanoTime()));
        final InboundMessage reply = awaitReply(left);
        if (reply == null)
        {
            abandon();
        }
        return reply;
    }

    /**
     * The reply to the outstanding request, or null when none came in time (the request stays
     * outstanding).
     */
    private InboundMessage awaitReply(final Timeout timeout)
    {
        final Outstanding expected = outstanding;
        if (expected == null)
        {
            ensureOpen();
            throw Failures.of(Failure.Kind.SOCKET_STATE,
                "a REQ socket receives only the reply to a request: send a request first");
        }
        final InboundMessage reply = timeout.isZero() ? receiving.take(Timeout.ZERO) :
            receiving.takeBefore(timeout.deadline(), this::lostOutstanding);
        if (reply != null)
        {
            outstanding = null;
            return failedOrReply(reply);
        }
        final Outstanding now = outstanding;
        if (now != null && now.lost() != null)
        {
            abandon();
            throw peerLost(now.link(), now.lost());
        }
        return null;
    }

    private boolean lostOutstanding()
    {
        final Outstanding now = outstanding;
        return now != null && now.lost() != null;
    }

    /**
     * Give up on the outstanding request: its reply, should it come, is dropped on arrival.
     */
    private void abandon()
    {
        outstanding = null;
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
        receiving.ensureNotPolling();
        final Outstanding expected = outstanding;
        if (expected == null)
        {
            ensureOpen();
            throw Failures.of(Failure.Kind.SOCKET_STATE,
                "a REQ socket receives only the reply to a request: send a request first");
        }
        if (expected.lost() != null)
        {
            abandon();
            throw peerLost(expected.link(), expected.lost());
        }
        final int handed = receiving.poll(handler, Math.min(limit, 1));
        if (handed > 0)
        {
            outstanding = null;
        }
        return handed;
    }

    /**
     * Send a request whose reply completes the future; many may be outstanding, up to the receive
     * high-water mark.
     *
     * @param frames       the frames.
     * @param metadata     the metadata.
     * @param timeout      send timeout.
     * @param replyTimeout how long the reply may take once sent.
     * @return the future reply; it fails on error, when the reply timeout passes, when its REP goes
     * away, or when the socket closes.
     */
    public CompletableFuture<InboundMessage> requestAsync(
        final DirectBuffer[] frames,
        final Map<String, String> metadata,
        final Timeout timeout,
        final Timeout replyTimeout)
    {
        ensureOpen();
        if (pendingAsync.size() >= maxPendingAsync)
        {
            throw Failures.of(Failure.Kind.SOCKET_STATE, "the REQ socket has " + pendingAsync.size() +
                " asynchronous requests awaiting replies, its limit (the receive high-water mark): wait for " +
                "some replies first");
        }
        final long correlationId = nextCorrelationId();
        final CompletableFuture<InboundMessage> reply = new CompletableFuture<>();
        reply.whenComplete((r, e) -> pendingAsync.remove(correlationId));
        pendingAsync.put(correlationId, new Pending(reply, null));
        try
        {
            final Link link = sending.toAny(correlationId, frames, metadata, timeout);
            if (link == null)
            {
                reply.completeExceptionally(sending.timedOut(timeout));
                return reply;
            }
            pendingAsync.computeIfPresent(correlationId, (id, pending) -> new Pending(pending.reply(), link));
            if (!link.isActive())
            {
                reply.completeExceptionally(peerLost(link, LeaveReason.STREAM_LOST));
            }
            else if (!replyTimeout.isForever())
            {
                final Throwable timedOut = Failures.of(Failure.Kind.TIMEOUT, "request timed out after " +
                    replyTimeout + " (the REQ socket's receive timeout): no reply to an asynchronous request");
                CompletableFuture.delayedExecutor(replyTimeout.nanos(), TimeUnit.NANOSECONDS)
                    .execute(() -> reply.completeExceptionally(timedOut));
            }
        }
        catch (final RuntimeException ex)
        {
            reply.completeExceptionally(ex);
        }
        return reply;
    }

    private long nextCorrelationId()
    {
        long id;
        do
        {
            id = correlationIds.incrementAndGet();
        }
        while (id == 0);
        return id;
    }

    /**
     * On the duty thread: a reply completes its future, or goes to the receive or poll waiting for
     * it; any other — stale, or from another REP than the request went to — is dropped before anything
     * is placed.
     */
    private Assembly onReply(final Link link, final DataView header, final boolean mayWait)
    {
        final long correlationId = header.correlationId();
        final Pending pending = pendingAsync.get(correlationId);
        if (pending != null && (pending.link() == null || pending.link() == link))
        {
            pendingAsync.remove(correlationId);
            final Consumer<InboundMessage> complete = (reply) ->
                Thread.startVirtualThread(() -> completeAsync(pending.reply(), reply)); // never on the duty thread
            if (header.isWhole())
            {
                complete.accept(delivery.copy(link, header));
                return Assembly.DONE;
            }
            return delivery.assemble(link, header, complete);
        }
        final Outstanding expected = outstanding;
        if (expected != null && expected.correlationId() == correlationId &&
            (expected.link() == null || expected.link() == link))
        {
            return delivery.take(link, header, mayWait);
        }
        observer().dropped(link, DropReason.UNEXPECTED);
        return Assembly.DROP;
    }

    private static void completeAsync(final CompletableFuture<InboundMessage> future, final InboundMessage reply)
    {
        try
        {
            future.complete(failedOrReply(reply));
        }
        catch (final RuntimeException ex)
        {
            future.completeExceptionally(ex);
        }
    }

    /**
     * On the duty thread: a REP left; requests waiting on it fail.
     */
    private void onRepLeft(final Link link, final LeaveReason reason)
    {
        final Outstanding expected = outstanding;
        if (expected != null && expected.link() == link)
        {
            outstanding = new Outstanding(expected.correlationId(), link, reason);
            inbox.wakeAll();
        }
        for (final Pending pending : pendingAsync.values())
        {
            if (pending.link() == link)
            {
                final RuntimeException lost = peerLost(link, reason);
                // never on the duty thread: the future's callbacks are the user's
                Thread.startVirtualThread(() -> pending.reply().completeExceptionally(lost));
            }
        }
    }

    private static InboundMessage failedOrReply(final InboundMessage reply)
    {
        final String error = reply.metadata().get(ERROR_KEY);
        if (error != null)
        {
            throw Failures.of(Failure.Kind.REPLY_FAILED, "the REP at " + reply.link() +
                " could not answer the request: " + error);
        }
        return reply;
    }

    private static RuntimeException peerLost(final Link link, final LeaveReason reason)
    {
        return Failures.of(Failure.Kind.PEER_LOST, "the REP at " + link + " went away before it replied (" +
            reason.description() + "); the request is abandoned and the REQ socket can send again");
    }

    @Override
    protected void onClose()
    {
        final String cause = closeCause();
        final RuntimeException closed = Failures.of(Failure.Kind.CLOSED,
            "the REQ socket was closed before the reply came" + (cause != null ? ": " + cause : ""));
        for (final Pending pending : pendingAsync.values())
        {
            pending.reply().completeExceptionally(closed);
        }
    }
}
