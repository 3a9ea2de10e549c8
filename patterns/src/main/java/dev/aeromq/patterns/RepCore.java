package dev.aeromq.patterns;

import dev.aeromq.codec.DataView;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.transport.EngineProxy;
import dev.aeromq.transport.Failure;
import dev.aeromq.transport.Failures;
import dev.aeromq.transport.Link;
import org.agrona.DirectBuffer;

import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * REP: receive a request, then send its reply to that requester. The reply carries the request's
 * correlation id; a reply whose requester left is discarded without blocking. Concurrent serving
 * takes requests with {@link #takeUntil} and answers each with {@link #reply}.
 */
public final class RepCore extends SocketCore implements ReceivingCore, SendingCore
{
    private final ReentrantLock stateLock = new ReentrantLock();
    private final RequestRecorder recorder = new RequestRecorder();
    private Requester current;

    /**
     * Whom the next reply goes to.
     *
     * @param link          the requester's link.
     * @param correlationId its request's.
     */
    private record Requester(Link link, long correlationId)
    {
    }

    /**
     * @param engine   that moves the socket's messages.
     * @param defaults option values.
     */
    public RepCore(final EngineProxy engine, final SocketDefaults defaults)
    {
        super(engine, SocketType.REP, defaults);
        open(new DeliveringHandler(this));
    }

    @Override
    public InboundMessage receive(final Timeout timeout)
    {
        final InboundMessage request = tryReceive(timeout);
        if (request == null)
        {
            throw receiving.timedOut(timeout);
        }
        return request;
    }

    @Override
    public InboundMessage tryReceive(final Timeout timeout)
    {
        stateLock.lock();
        try
        {
            if (current != null)
            {
                ensureOpen();
                throw Failures.of(Failure.Kind.SOCKET_STATE, "a REP socket must send the reply to its last " +
                    "request before it receives the next (strict receive/send alternation)");
            }
            final InboundMessage request = receiving.take(timeout);
            current = request == null ? null : new Requester(request.link(), request.correlationId());
            return request;
        }
        finally
        {
            stateLock.unlock();
        }
    }

    @Override
    public void send(final DirectBuffer[] frames, final Map<String, String> metadata, final Timeout timeout)
    {
        if (!answer(frames, metadata, timeout))
        {
            throw sending.timedOut(timeout);
        }
    }

    @Override
    public boolean trySend(final DirectBuffer[] frames, final Map<String, String> metadata)
    {
        return answer(frames, metadata, Timeout.ZERO);
    }

    private boolean answer(final DirectBuffer[] frames, final Map<String, String> metadata, final Timeout timeout)
    {
        stateLock.lock();
        try
        {
            ensureOpen();
            final Requester requester = current;
            if (requester == null)
            {
                throw Failures.of(Failure.Kind.SOCKET_STATE,
                    "a REP socket sends only replies: receive a request first");
            }
            if (!sending.to(requester.link(), requester.correlationId(), NO_TOPIC, frames, metadata, timeout))
            {
                return false;
            }
            current = null;
            return true;
        }
        finally
        {
            stateLock.unlock();
        }
    }

    /**
     * A REP polls one request at a time: the next send answers it.
     *
     * @param handler gets the request.
     * @param limit   ignored beyond 1.
     * @return 1 if a request was handed, else 0.
     */
    @Override
    public int poll(final PollHandler handler, final int limit)
    {
        receiving.ensureNotPolling(); // before the recorder is touched: the outer poll still uses it
        stateLock.lock();
        try
        {
            if (current != null)
            {
                ensureOpen();
                throw Failures.of(Failure.Kind.SOCKET_STATE, "a REP socket must send the reply to its last " +
                    "request before it receives the next (strict receive/send alternation)");
            }
            recorder.handler = handler;
            return receiving.poll(recorder, Math.min(limit, 1));
        }
        finally
        {
            recorder.handler = null;
            stateLock.unlock();
        }
    }

    /**
     * Remembers the requester of a polled request, then hands it on.
     */
    private final class RequestRecorder implements PollHandler
    {
        private PollHandler handler;

        @Override
        public void onMessage(final Link link, final DataView header)
        {
            current = new Requester(link, header.correlationId());
            handler.onMessage(link, header);
        }

        @Override
        public void onMessage(final InboundMessage message)
        {
            current = new Requester(message.link(), message.correlationId());
            handler.onMessage(message);
        }
    }

    /**
     * Answer a given request, whatever the alternation state (for concurrent serving).
     *
     * @param request  as received.
     * @param frames   the reply's frames.
     * @param metadata the reply's metadata.
     * @param timeout  how long to wait while the requester pushes back.
     * @return false if the requester did not take it in time.
     */
    public boolean reply(
        final InboundMessage request, final DirectBuffer[] frames, final Map<String, String> metadata,
        final Timeout timeout)
    {
        return sending.to(request.link(), request.correlationId(), NO_TOPIC, frames, metadata, timeout);
    }
}
