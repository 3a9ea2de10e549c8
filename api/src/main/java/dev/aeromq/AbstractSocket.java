package dev.aeromq;

import dev.aeromq.patterns.SocketCore;
import dev.aeromq.transport.Failure;
import dev.aeromq.transport.InboundMessage;

import java.time.Duration;

/**
 * The common part of every socket implementation: delegates to its pattern core and turns
 * failures into the public exceptions.
 *
 * @param <C> the pattern core.
 */
abstract class AbstractSocket<C extends SocketCore> implements Socket
{
    final C core;
    final Communicator owner;

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

    static long nanos(final Duration timeout)
    {
        return timeout == null || timeout.isNegative() ? -1 : timeout.toNanos();
    }

    static Message toMessage(final InboundMessage inbound)
    {
        return inbound == null ? null : new Message(inbound.topic(), inbound.frames(), inbound.metadata());
    }
}
