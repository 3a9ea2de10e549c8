package dev.aeromq;

import dev.aeromq.patterns.InboundMessage;
import dev.aeromq.patterns.ReceivingCore;
import dev.aeromq.patterns.SendingCore;
import dev.aeromq.patterns.SocketCore;
import dev.aeromq.patterns.Timeout;
import org.agrona.DirectBuffer;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The plumbing every socket shares: endpoints, options and waiting for peers, each returning the
 * socket's own type ({@code S}), all delegated to its pattern core. The receive and send methods here
 * implement {@link ReceivingSocket} and {@link SendingSocket} for the subclasses whose interfaces
 * declare them; the others do not expose them. Errors from below already are the public exceptions
 * (see {@code dev.aeromq.internal.PublicFailures}).
 *
 * @param <S> the socket's public interface.
 * @param <C> its pattern core.
 */
abstract class AbstractSocket<S extends Socket, C extends SocketCore> implements Socket
{
    final C core;
    final Communicator owner;
    private final AtomicReference<MessageLoop> loop = new AtomicReference<>();
    private final Polling polling = new Polling();

    AbstractSocket(final C core, final Communicator owner)
    {
        this.core = core;
        this.owner = owner;
    }

    @SuppressWarnings("unchecked")
    private S self()
    {
        return (S)this;
    }

    @Override
    public final S bind(final String endpoint)
    {
        core.bind(endpoint);
        return self();
    }

    @Override
    public final S connect(final String endpoint)
    {
        core.connect(endpoint);
        return self();
    }

    @Override
    public final S awaitPeers(final int count, final Duration timeout)
    {
        core.awaitPeers(count, Timeout.of(timeout));
        return self();
    }

    @Override
    public final void unbind(final String endpoint)
    {
        core.unbind(endpoint);
    }

    @Override
    public final void disconnect(final String endpoint)
    {
        core.disconnect(endpoint);
    }

    @Override
    public final String endpoint()
    {
        return core.endpoint();
    }

    @Override
    public final void sendTimeout(final Duration timeout)
    {
        core.sendTimeout(Timeout.of(timeout));
    }

    @Override
    public final void receiveTimeout(final Duration timeout)
    {
        core.receiveTimeout(Timeout.of(timeout));
    }

    @Override
    public final void receiveHighWaterMark(final int messages)
    {
        core.receiveHighWaterMark(messages);
    }

    @Override
    public final void receiveHighWaterMarkBytes(final long bytes)
    {
        core.receiveHighWaterMarkBytes(bytes);
    }

    @Override
    public final void maxMessageSize(final long bytes)
    {
        core.maxMessageSize(bytes);
    }

    @Override
    public final void linger(final Duration linger)
    {
        if (linger == null || linger.isNegative())
        {
            throw new IllegalArgumentException("linger must be zero or more, was " + linger);
        }
        core.linger(linger.toNanos());
    }

    @Override
    public final int peerCount()
    {
        return core.peerCount();
    }

    @Override
    public final SocketStats stats()
    {
        return Observations.stats(core);
    }

    @Override
    public final Subscription monitor(final Consumer<SocketEvent> listener)
    {
        Objects.requireNonNull(listener, "listener");
        if (core.isClosed())
        {
            throw new ClosedException("the " + core.type() + " socket is closed");
        }
        final AutoCloseable delivery =
            core.observer().monitor((event) -> listener.accept(Observations.toPublic(event)));
        return () -> stop(delivery);
    }

    private static void stop(final AutoCloseable delivery)
    {
        try
        {
            delivery.close();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex); // never: stopping a delivery throws nothing
        }
    }

    @Override
    public final SocketType type()
    {
        return SocketType.valueOf(core.type().name());
    }

    @Override
    public final boolean isClosed()
    {
        return core.isClosed();
    }

    @Override
    public void close()
    {
        core.close();
        owner.forget(this);
    }

    /**
     * Close because the communicator lost its media driver: every blocked and later call fails with the cause.
     *
     * @param cause what happened and what to do.
     */
    void closeLost(final String cause)
    {
        core.close(cause);
        owner.forget(this);
    }

    @Override
    public String toString()
    {
        return type() + " socket" + (isClosed() ? " (closed)" : "") + ", " + peerCount() + " peers";
    }

    // ---------------------------------------------------------------- ReceivingSocket

    public Message receive()
    {
        return toMessage(((ReceivingCore)core).receive(core.receiveTimeout()));
    }

    public Optional<Message> receive(final Duration timeout)
    {
        return Optional.ofNullable(toMessage(((ReceivingCore)core).tryReceive(Timeout.of(timeout))));
    }

    public Optional<Message> tryReceive()
    {
        return Optional.ofNullable(toMessage(((ReceivingCore)core).tryReceive(Timeout.ZERO)));
    }

    public Subscription onMessage(final Consumer<Message> handler)
    {
        if (core.isClosed())
        {
            throw new ClosedException(core.closedMessage());
        }
        final MessageLoop next = new MessageLoop(core, handler, owner::report, loop);
        if (!loop.compareAndSet(null, next))
        {
            throw new SocketStateException("the " + core.type() + " socket already has an onMessage handler; " +
                "close its Subscription first");
        }
        next.start();
        return next;
    }

    public void frameAllocator(final FrameAllocator allocator)
    {
        if (allocator == null)
        {
            core.frameSink(null);
            return;
        }
        final HeaderView header = new HeaderView(); // the sink runs on one duty thread at a time
        core.frameSink((data, index, length) -> allocator.allocate(header.wrap(data), index, length));
    }

    public int poll(final Consumer<MessageView> handler, final int limit)
    {
        return polling.poll(core, Objects.requireNonNull(handler, "handler"), limit);
    }

    // ---------------------------------------------------------------- SendingSocket

    public void send(final Message message)
    {
        ((SendingCore)core).send(message.parts(), message.metadata(), core.sendTimeout());
    }

    public boolean trySend(final Message message)
    {
        return ((SendingCore)core).trySend(message.parts(), message.metadata());
    }

    public void send(final DirectBuffer buffer, final int offset, final int length)
    {
        final FrameRegion region = FrameRegion.of(buffer, offset, length);
        try
        {
            ((SendingCore)core).send(region.frames(), Map.of(), core.sendTimeout());
        }
        finally
        {
            region.clear();
        }
    }

    public boolean trySend(final DirectBuffer buffer, final int offset, final int length)
    {
        final FrameRegion region = FrameRegion.of(buffer, offset, length);
        try
        {
            return ((SendingCore)core).trySend(region.frames(), Map.of());
        }
        finally
        {
            region.clear();
        }
    }

    static Message toMessage(final InboundMessage inbound)
    {
        if (inbound == null)
        {
            return null;
        }
        return Message.received(inbound.topic(), inbound.frames(), inbound.metadata(), inbound.ownsBytes(),
            inbound.tensors());
    }
}
