package dev.aeromq;

import dev.aeromq.patterns.PushCore;

import java.time.Duration;

/**
 * PUSH socket: delegates to {@link PushCore}.
 */
final class PushSocketImpl extends AbstractSocket<PushCore> implements PushSocket
{
    PushSocketImpl(final PushCore core, final Communicator owner)
    {
        super(core, owner);
    }

    @Override
    public PushSocket bind(final String endpoint)
    {
        doBind(endpoint);
        return this;
    }

    @Override
    public PushSocket connect(final String endpoint)
    {
        doConnect(endpoint);
        return this;
    }

    @Override
    public PushSocket awaitPeers(final int count, final Duration timeout)
    {
        doAwaitPeers(count, timeout);
        return this;
    }
}
