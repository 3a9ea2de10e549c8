package dev.aeromq;

import dev.aeromq.patterns.SubCore;
import dev.aeromq.transport.Failure;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * SUB socket: delegates to {@link SubCore}.
 */
final class SubSocketImpl extends AbstractSocket<SubCore> implements SubSocket
{
    private final AtomicReference<MessageLoop> loop = new AtomicReference<>();

    SubSocketImpl(final SubCore core, final Communicator owner)
    {
        super(core, owner);
    }

    @Override
    public SubSocket bind(final String endpoint)
    {
        doBind(endpoint);
        return this;
    }

    @Override
    public SubSocket connect(final String endpoint)
    {
        doConnect(endpoint);
        return this;
    }

    @Override
    public SubSocket awaitPeers(final int count, final Duration timeout)
    {
        doAwaitPeers(count, timeout);
        return this;
    }

    @Override
    public Message receive()
    {
        return Delivery.receive(core, core);
    }

    @Override
    public Optional<Message> receive(final Duration timeout)
    {
        return Delivery.receive(core, timeout);
    }

    @Override
    public Optional<Message> tryReceive()
    {
        return Delivery.tryReceive(core);
    }

    @Override
    public Subscription onMessage(final Consumer<Message> handler)
    {
        return Delivery.onMessage(core, loop, handler, owner.config().errorHandler());
    }

    @Override
    public void subscribe(final String prefix)
    {
        try
        {
            core.subscribe(java.util.Objects.requireNonNull(prefix, "prefix"));
        }
        catch (final Failure f)
        {
            throw Errors.toPublic(f);
        }
    }

    @Override
    public void unsubscribe(final String prefix)
    {
        try
        {
            core.unsubscribe(java.util.Objects.requireNonNull(prefix, "prefix"));
        }
        catch (final Failure f)
        {
            throw Errors.toPublic(f);
        }
    }
}
