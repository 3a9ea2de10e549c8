package dev.aeromq;

import dev.aeromq.patterns.PairCore;

import java.time.Duration;

/**
 * PAIR socket: delegates to {@link PairCore}.
 */
final class PairSocketImpl extends AbstractSocket<PairCore> implements PairSocket
{
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
}
