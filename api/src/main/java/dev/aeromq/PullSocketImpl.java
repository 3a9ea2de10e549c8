package dev.aeromq;

import dev.aeromq.patterns.PullCore;

/**
 * PULL socket: all of it is the shared plumbing over {@link PullCore}.
 */
final class PullSocketImpl extends AbstractSocket<PullSocket, PullCore> implements PullSocket
{
    PullSocketImpl(final PullCore core, final Communicator owner)
    {
        super(core, owner);
    }
}
