package dev.aeromq;

import dev.aeromq.patterns.InboundMessage;
import dev.aeromq.patterns.RepCore;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * REP socket: the shared plumbing plus serving, over {@link RepCore}.
 */
final class RepSocketImpl extends AbstractSocket<RepSocket, RepCore> implements RepSocket
{
    RepSocketImpl(final RepCore core, final Communicator owner)
    {
        super(core, owner);
    }

    @Override
    public Subscription onMessage(final Consumer<Message> handler)
    {
        throw new SocketStateException("a REP socket answers requests: use serve(handler), or receive then send");
    }

    @Override
    public Server serve(final Function<Message, Message> handler)
    {
        if (core.isClosed())
        {
            throw new ClosedException("the REP socket is closed");
        }
        return new RequestServer(handler);
    }

    /**
     * The dispatcher: one virtual thread takes requests, each handled and answered on its own
     * virtual thread, the reply routed to that request's requester.
     */
    private final class RequestServer implements Server
    {
        private final Function<Message, Message> handler;
        private final AtomicLong served = new AtomicLong();
        private final Thread dispatcher;
        private volatile boolean stopped;

        RequestServer(final Function<Message, Message> handler)
        {
            this.handler = handler;
            this.dispatcher = Thread.ofVirtual().name("aeromq-REP-serve").start(this::dispatch);
        }

        private void dispatch()
        {
            try
            {
                InboundMessage request;
                while (!stopped && (request = core.takeUntil(() -> stopped)) != null)
                {
                    final InboundMessage req = request;
                    Thread.ofVirtual().start(() -> answer(req));
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }

        private void answer(final InboundMessage request)
        {
            try
            {
                final Message reply = handler.apply(toMessage(request));
                if (reply == null)
                {
                    throw new IllegalStateException("serve handler returned null: no reply sent");
                }
                core.reply(request, reply.frames(), reply.metadata(), core.sendTimeout());
                served.incrementAndGet();
            }
            catch (final ClosedException ignore)
            {
                // the socket closed while the handler ran: nobody to answer
            }
            catch (final RuntimeException | Error ex)
            {
                owner.config().errorHandler().accept(ex);
            }
        }

        @Override
        public long served()
        {
            return served.get();
        }

        @Override
        public void close()
        {
            stopped = true;
            core.wakeConsumers();
            try
            {
                dispatcher.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
