package dev.aeromq;

import dev.aeromq.patterns.PullCore;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * PULL socket: delegates to {@link PullCore}.
 */
final class PullSocketImpl extends AbstractSocket<PullCore> implements PullSocket
{
    private final AtomicReference<MessageLoop> loop = new AtomicReference<>();

    PullSocketImpl(final PullCore core, final Communicator owner)
    {
        super(core, owner);
    }

    @Override
    public PullSocket bind(final String endpoint)
    {
        doBind(endpoint);
        return this;
    }

    @Override
    public PullSocket connect(final String endpoint)
    {
        doConnect(endpoint);
        return this;
    }

    @Override
    public PullSocket awaitPeers(final int count, final Duration timeout)
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
}
