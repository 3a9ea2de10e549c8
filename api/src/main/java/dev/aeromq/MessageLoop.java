package dev.aeromq;

import dev.aeromq.patterns.InboundMessage;
import dev.aeromq.patterns.SocketCore;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A running onMessage handler: one virtual thread that takes messages in arrival order and hands
 * each to the handler.
 */
final class MessageLoop implements Subscription
{
    private final SocketCore core;
    private final Consumer<Message> handler;
    private final Consumer<Throwable> errorHandler;
    private final AtomicReference<MessageLoop> owner;
    private volatile boolean stopped;
    private Thread thread;

    MessageLoop(
        final SocketCore core,
        final Consumer<Message> handler,
        final Consumer<Throwable> errorHandler,
        final AtomicReference<MessageLoop> owner)
    {
        this.core = core;
        this.handler = handler;
        this.errorHandler = errorHandler;
        this.owner = owner;
    }

    void start()
    {
        thread = Thread.ofVirtual().name("aeromq-" + core.type() + "-onMessage").start(this::run);
    }

    private void run()
    {
        try
        {
            InboundMessage inbound;
            while (!stopped && (inbound = core.takeUntil(() -> stopped)) != null)
            {
                try
                {
                    handler.accept(AbstractSocket.toMessage(inbound));
                }
                catch (final RuntimeException | Error ex)
                {
                    errorHandler.accept(ex);
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            owner.compareAndSet(this, null);
        }
    }

    @Override
    public void close()
    {
        stopped = true;
        core.wakeConsumers();
        if (thread != null && Thread.currentThread() != thread)
        {
            try
            {
                thread.join();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
