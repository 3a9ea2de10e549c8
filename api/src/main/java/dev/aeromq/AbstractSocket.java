package dev.aeromq;

import dev.aeromq.patterns.Receiver;
import dev.aeromq.patterns.Sender;
import dev.aeromq.patterns.SocketCore;
import dev.aeromq.transport.Failure;
import dev.aeromq.transport.InboundMessage;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The common part of every socket implementation: delegates to its pattern core and turns
 * failures into the public exceptions. The receive and send methods here implement
 * {@link ReceivingSocket} and {@link SendingSocket} for the subclasses whose interfaces declare
 * them; the others do not expose them.
 *
 * @param <C> the pattern core.
 */
abstract class AbstractSocket<C extends SocketCore> implements Socket
{
    final C core;
    final Communicator owner;
    private final AtomicReference<MessageLoop> loop = new AtomicReference<>();

    AbstractSocket(final C core, final Communicator owner)
    {
        this.core = core;
        this.owner = owner;
    }

    final void doBind(final String endpoint)
    {
        try
        {
            core.bind(endpoint);
        }
        catch (final Failure f)
        {
            throw Errors.toPublic(f);
        }
    }

    final void doConnect(final String endpoint)
    {
        try
        {
            core.connect(endpoint);
        }
        catch (final Failure f)
        {
            throw Errors.toPublic(f);
        }
    }

    @Override
    public final void unbind(final String endpoint)
    {
        try
        {
            core.unbind(endpoint);
        }
        catch (final Failure f)
        {
            throw Errors.toPublic(f);
        }
    }

    @Override
    public final void disconnect(final String endpoint)
    {
        try
        {
            core.disconnect(endpoint);
        }
        catch (final Failure f)
        {
            throw Errors.toPublic(f);
        }
    }

    @Override
    public final String endpoint()
    {
        try
        {
            return core.endpoint();
        }
        catch (final Failure f)
        {
            throw Errors.toPublic(f);
        }
    }

    @Override
    public final void sendTimeout(final Duration timeout)
    {
        core.sendTimeout(nanos(timeout));
    }

    @Override
    public final void receiveTimeout(final Duration timeout)
    {
        core.receiveTimeout(nanos(timeout));
    }

    @Override
    public final void receiveHighWaterMark(final int messages)
    {
        core.receiveHighWaterMark(messages);
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

    final void doAwaitPeers(final int count, final Duration timeout)
    {
        try
        {
            core.awaitPeers(count, nanos(timeout));
        }
        catch (final Failure f)
        {
            throw Errors.toPublic(f);
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

    @Override
    public String toString()
    {
        return type() + " socket" + (isClosed() ? " (closed)" : "") + ", " + peerCount() + " peers";
    }

    // ---------------------------------------------------------------- ReceivingSocket

    public Message receive()
    {
        try
        {
            return toMessage(((Receiver)core).receive(core.receiveTimeoutNs(), true));
        }
        catch (final Failure f)
        {
            throw Errors.toPublic(f);
        }
    }

    public Optional<Message> receive(final Duration timeout)
    {
        try
        {
            final long nanos = nanos(timeout);
            return Optional.ofNullable(toMessage(((Receiver)core).receive(nanos == 0 ? 1 : nanos, false)));
        }
        catch (final Failure f)
        {
            throw Errors.toPublic(f);
        }
    }

    public Optional<Message> tryReceive()
    {
        try
        {
            return Optional.ofNullable(toMessage(((Receiver)core).receive(0, false)));
        }
        catch (final Failure f)
        {
            throw Errors.toPublic(f);
        }
    }

    public Subscription onMessage(final Consumer<Message> handler)
    {
        if (core.isClosed())
        {
            throw new ClosedException("the " + core.type() + " socket is closed");
        }
        final MessageLoop next = new MessageLoop(core, handler, owner.config().errorHandler(), loop);
        if (!loop.compareAndSet(null, next))
        {
            throw new SocketStateException("the " + core.type() + " socket already has an onMessage handler; " +
                "close its Subscription first");
        }
        next.start();
        return next;
    }

    // ---------------------------------------------------------------- SendingSocket

    public void send(final Message message)
    {
        try
        {
            final long timeout = core.sendTimeoutNs();
            ((Sender)core).send(message.frames(), message.metadata(), timeout == 0 ? 1 : timeout);
        }
        catch (final Failure f)
        {
            throw Errors.toPublic(f);
        }
    }

    public boolean trySend(final Message message)
    {
        try
        {
            return ((Sender)core).send(message.frames(), message.metadata(), 0);
        }
        catch (final Failure f)
        {
            throw Errors.toPublic(f);
        }
    }

    static long nanos(final Duration timeout)
    {
        return timeout == null || timeout.isNegative() ? -1 : timeout.toNanos();
    }

    static Message toMessage(final InboundMessage inbound)
    {
        return inbound == null ? null : new Message(inbound.topic(), inbound.frames(), inbound.metadata());
    }
}
