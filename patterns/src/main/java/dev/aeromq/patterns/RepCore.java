package dev.aeromq.patterns;

import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.transport.Engine;
import dev.aeromq.transport.Failure;
import dev.aeromq.transport.InboundMessage;
import dev.aeromq.transport.Link;
import org.agrona.DirectBuffer;

import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * REP: receive a request, then send its reply to that requester. The reply carries the request's
 * correlation id; a reply whose requester left is discarded without blocking. Concurrent serving
 * takes requests with {@link #takeUntil} and answers each with {@link #reply}.
 */
public final class RepCore extends SocketCore implements Receiver, Sender
{
    private final ReentrantLock stateLock = new ReentrantLock();
    private InboundMessage current;

    /**
     * @param engine   that moves the socket's messages.
     * @param defaults option values.
     */
    public RepCore(final Engine engine, final SocketDefaults defaults)
    {
        super(engine, SocketType.REP, defaults);
    }

    /**
     * Receive the next request; the next send answers it.
     *
     * @param timeoutNs negative for forever, 0 to not wait.
     * @param orTimeout throw at the deadline instead of returning null.
     * @return the request.
     */
    @Override
    public InboundMessage receive(final long timeoutNs, final boolean orTimeout)
    {
        stateLock.lock();
        try
        {
            if (current != null)
            {
                ensureOpen();
                throw new Failure(Failure.Kind.SOCKET_STATE, "a REP socket must send the reply to its last request " +
                    "before it receives the next (strict receive/send alternation)");
            }
            final InboundMessage request = take(timeoutNs, orTimeout);
            current = request;
            return request;
        }
        finally
        {
            stateLock.unlock();
        }
    }

    /**
     * Send the reply to the last request received.
     *
     * @param frames    the parts.
     * @param metadata  the metadata.
     * @param timeoutNs 0 to try once, negative for forever.
     * @return false if {@code timeoutNs} was 0 and the requester could not take it now.
     */
    @Override
    public boolean send(final DirectBuffer[] frames, final Map<String, String> metadata, final long timeoutNs)
    {
        stateLock.lock();
        try
        {
            ensureOpen();
            final InboundMessage request = current;
            if (request == null)
            {
                throw new Failure(Failure.Kind.SOCKET_STATE,
                    "a REP socket sends only replies: receive a request first");
            }
            if (!reply(request, frames, metadata, timeoutNs))
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
     * Answer a given request, whatever the alternation state (for concurrent serving).
     *
     * @param request   as received.
     * @param frames    the reply's parts.
     * @param metadata  the reply's metadata.
     * @param timeoutNs 0 to try once, negative for forever.
     * @return false if {@code timeoutNs} was 0 and the requester could not take it now.
     */
    public boolean reply(
        final InboundMessage request, final DirectBuffer[] frames, final Map<String, String> metadata,
        final long timeoutNs)
    {
        final Link requester = request.link();
        return sendTo(requester, request.correlationId(), null, frames, metadata, timeoutNs);
    }
}
