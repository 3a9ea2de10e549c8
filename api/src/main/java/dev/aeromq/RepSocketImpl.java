package dev.aeromq;

import dev.aeromq.patterns.InboundMessage;
import dev.aeromq.patterns.RepCore;
import dev.aeromq.patterns.ReqCore;
import org.agrona.DirectBuffer;

import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * REP socket: the shared plumbing plus serving, over {@link RepCore}.
 */
final class RepSocketImpl extends AbstractSocket<RepSocket, RepCore> implements RepSocket
{
    private static final DirectBuffer[] NO_FRAMES = new DirectBuffer[0];

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
            throw new ClosedException(core.closedMessage());
        }
        return new RequestServer(handler, core.receiveHighWaterMark());
    }

    @Override
    public Server serve(final Function<Message, Message> handler, final int maxConcurrentHandlers)
    {
        if (maxConcurrentHandlers < 1)
        {
            throw new IllegalArgumentException("maxConcurrentHandlers must be 1 or more, was " +
                maxConcurrentHandlers);
        }
        if (core.isClosed())
        {
            throw new ClosedException(core.closedMessage());
        }
        return new RequestServer(handler, maxConcurrentHandlers);
    }

    /**
     * The dispatcher: one virtual thread takes requests, each handled and answered on its own
     * virtual thread, the reply routed to that request's requester. At most {@code maxConcurrent}
     * handlers run at once: the dispatcher takes the next request only when one finished, so a flood
     * of requests fills the inbox and pushes back on the requesters instead of filling the heap.
     */
    private final class RequestServer implements Server
    {
        private static final long STOP_CHECK_MS = 100;

        private final Function<Message, Message> handler;
        private final Semaphore running;
        private final AtomicLong served = new AtomicLong();
        private final Thread dispatcher;
        private volatile boolean stopped;

        RequestServer(final Function<Message, Message> handler, final int maxConcurrent)
        {
            this.handler = handler;
            this.running = new Semaphore(maxConcurrent);
            this.dispatcher = Thread.ofVirtual().name("aeromq-REP-serve").start(this::dispatch);
        }

        private void dispatch()
        {
            try
            {
                while (!stopped)
                {
                    if (!running.tryAcquire(STOP_CHECK_MS, TimeUnit.MILLISECONDS))
                    {
                        continue;
                    }
                    final InboundMessage request = core.takeUntil(() -> stopped);
                    if (request == null)
                    {
                        running.release();
                        return;
                    }
                    Thread.ofVirtual().start(() -> answer(request));
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
                    throw new IllegalStateException("the serve handler returned null");
                }
                core.reply(request, reply.parts(), reply.metadata(), core.sendTimeout());
                served.incrementAndGet();
            }
            catch (final ClosedException ignore)
            {
                // the socket closed while the handler ran: nobody to answer
            }
            catch (final RuntimeException | Error ex)
            {
                replyFailed(request, ex);
            }
            finally
            {
                running.release();
            }
        }

        /**
         * Tell the requester its request failed here, rather than leave it waiting, and report why.
         */
        private void replyFailed(final InboundMessage request, final Throwable failure)
        {
            owner.report(failure);
            try
            {
                core.reply(request, NO_FRAMES, Map.of(ReqCore.ERROR_KEY, String.valueOf(failure)), core.sendTimeout());
            }
            catch (final ClosedException ignore)
            {
                // the socket closed: nobody to answer
            }
            catch (final RuntimeException ex)
            {
                owner.report(ex);
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
