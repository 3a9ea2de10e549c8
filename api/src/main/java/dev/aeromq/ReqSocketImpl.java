package dev.aeromq;

import dev.aeromq.patterns.InboundMessage;
import dev.aeromq.patterns.ReqCore;
import dev.aeromq.patterns.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * REQ socket: the shared plumbing plus requests, over {@link ReqCore}.
 */
final class ReqSocketImpl extends AbstractSocket<ReqSocket, ReqCore> implements ReqSocket
{
    ReqSocketImpl(final ReqCore core, final Communicator owner)
    {
        super(core, owner);
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
        final Timeout wait = Timeout.of(timeout);
        final InboundMessage reply = core.request(request.parts(), request.metadata(), wait);
        if (reply == null)
        {
            throw new TimeoutException("request timed out after " + wait + ": no reply came; the request was " +
                "abandoned (a late reply is dropped) and the socket can send again");
        }
        return toMessage(reply);
    }

    @Override
    public CompletableFuture<Message> requestAsync(final Message request)
    {
        return core.requestAsync(request.parts(), request.metadata(), core.sendTimeout(), core.receiveTimeout())
            .thenApply(AbstractSocket::toMessage);
    }
}
