package dev.aeromq;

import dev.aeromq.patterns.ReqCore;
import dev.aeromq.transport.Failure;
import dev.aeromq.transport.InboundMessage;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * REQ socket: delegates to {@link ReqCore}.
 */
final class ReqSocketImpl extends AbstractSocket<ReqCore> implements ReqSocket
{
    ReqSocketImpl(final ReqCore core, final Communicator owner)
    {
        super(core, owner);
    }

    @Override
    public ReqSocket bind(final String endpoint)
    {
        doBind(endpoint);
        return this;
    }

    @Override
    public ReqSocket connect(final String endpoint)
    {
        doConnect(endpoint);
        return this;
    }

    @Override
    public ReqSocket awaitPeers(final int count, final Duration timeout)
    {
        doAwaitPeers(count, timeout);
        return this;
    }

    @Override
    public Subscription onMessage(final Consumer<Message> handler)
    {
        throw new SocketStateException("a REQ socket receives only the reply to its own request: use request, " +
            "receive after send, or requestAsync for callbacks");
    }

    @Override
    public Message request(final Message request, final Duration timeout)
    {
        final long nanos = nanos(timeout);
        try
        {
            final long start = System.nanoTime();
            core.send(request.frames(), request.metadata(), nanos == 0 ? 1 : nanos);
            final long left = nanos < 0 ? -1 : Math.max(1, nanos - (System.nanoTime() - start));
            final Message reply = toMessage(core.receive(left, false));
            if (reply == null)
            {
                throw new TimeoutException("request timed out after " + timeout.toMillis() + " ms: no reply " +
                    "came; the request was abandoned (a late reply is dropped) and the socket can send again");
            }
            return reply;
        }
        catch (final Failure f)
        {
            throw Errors.toPublic(f);
        }
    }

    @Override
    public CompletableFuture<Message> requestAsync(final Message request)
    {
        CompletableFuture<InboundMessage> reply;
        try
        {
            reply = core.requestAsync(request.frames(), request.metadata(), core.sendTimeoutNs());
        }
        catch (final Failure f)
        {
            throw Errors.toPublic(f);
        }
        final long timeout = core.receiveTimeoutNs();
        if (timeout >= 0)
        {
            reply = reply.orTimeout(timeout, TimeUnit.NANOSECONDS);
        }
        return reply.handle((message, error) ->
        {
            if (error == null)
            {
                return toMessage(message);
            }
            final Throwable cause = Errors.toPublic(error);
            throw new CompletionException(cause instanceof java.util.concurrent.TimeoutException ?
                new TimeoutException("request timed out after " + Duration.ofNanos(timeout).toMillis() +
                    " ms (the REQ socket's receive timeout): no reply to an asynchronous request") : cause);
        });
    }
}
