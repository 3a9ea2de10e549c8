package dev.aeromq;

import dev.aeromq.patterns.SubCore;

import java.util.Objects;

/**
 * SUB socket: the shared plumbing plus prefixes, over {@link SubCore}.
 */
final class SubSocketImpl extends AbstractSocket<SubSocket, SubCore> implements SubSocket
{
    SubSocketImpl(final SubCore core, final Communicator owner)
    {
        super(core, owner);
    }

    @Override
    public void subscribe(final String prefix)
    {
        core.subscribe(Objects.requireNonNull(prefix, "prefix"), core.sendTimeout());
    }

    @Override
    public void unsubscribe(final String prefix)
    {
        core.unsubscribe(Objects.requireNonNull(prefix, "prefix"));
    }
}
