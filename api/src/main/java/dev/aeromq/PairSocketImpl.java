package dev.aeromq;

import dev.aeromq.patterns.PairCore;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * PAIR socket: delegates to {@link PairCore}.
 */
final class PairSocketImpl extends AbstractSocket<PairCore> implements PairSocket
{
    private final AtomicReference<MessageLoop> loop = new AtomicReference<>();

    PairSocketImpl(final PairCore core, final Communicator owner)
    {
        super(core, owner);
    }

    @Override
    public PairSocket bind(final String endpoint)
    {
        doBind(endpoint);
        return this;
    }

    @Override
    public PairSocket connect(final String endpoint)
    {
        doConnect(endpoint);
        return this;
    }

    @Override
    public PairSocket awaitPeers(final int count, final Duration timeout)
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
    public void send(final Message message)
    {
        Delivery.send(core, core, message);
    }

    @Override
    public boolean trySend(final Message message)
    {
        return Delivery.trySend(core, message);
    }
}
