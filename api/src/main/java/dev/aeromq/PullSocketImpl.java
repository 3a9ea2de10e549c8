package dev.aeromq;

import dev.aeromq.patterns.PullCore;

import java.time.Duration;

/**
 * PULL socket: delegates to {@link PullCore}.
 */
final class PullSocketImpl extends AbstractSocket<PullCore> implements PullSocket
{
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
}
