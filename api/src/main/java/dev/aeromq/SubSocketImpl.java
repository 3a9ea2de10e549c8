package dev.aeromq;

import dev.aeromq.patterns.SubCore;
import dev.aeromq.transport.Failure;

import java.time.Duration;

/**
 * SUB socket: delegates to {@link SubCore}.
 */
final class SubSocketImpl extends AbstractSocket<SubCore> implements SubSocket
{
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
