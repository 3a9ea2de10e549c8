package dev.aeromq;

import dev.aeromq.codec.DataView;
import dev.aeromq.patterns.InboundMessage;
import dev.aeromq.patterns.PollHandler;
import dev.aeromq.patterns.SocketCore;
import dev.aeromq.transport.Link;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A socket's inline {@code poll}: hands the user's handler each message as a {@link MessageView} —
 * the reused {@link InPlaceMessage} for one in the log buffer, a {@link Message} for one queued or
 * assembled. One per socket; a lock keeps two threads' polls of one socket apart.
 */
final class Polling implements PollHandler
{
    private final ReentrantLock lock = new ReentrantLock();
    private final InPlaceMessage inPlace = new InPlaceMessage();
    private Consumer<MessageView> handler;

    /**
     * @param core    the socket's core.
     * @param handler the user's.
     * @param limit   most messages.
     * @return messages handed.
     */
    int poll(final SocketCore core, final Consumer<MessageView> handler, final int limit)
    {
        lock.lock();
        final Consumer<MessageView> outer = this.handler; // non-null only for a poll from within a poll handler
        try
        {
            if (outer == null)
            {
                this.handler = handler;
            }
            return core.poll(this, limit); // from within a poll handler: throws SocketStateException
        }
        finally
        {
            this.handler = outer;
            lock.unlock();
        }
    }

    @Override
    public void onMessage(final Link link, final DataView header)
    {
        try
        {
            handler.accept(inPlace.wrap(header));
        }
        finally
        {
            inPlace.clear();
        }
    }

    @Override
    public void onMessage(final InboundMessage message)
    {
        handler.accept(AbstractSocket.toMessage(message));
    }
}
