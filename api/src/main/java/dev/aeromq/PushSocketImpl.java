package dev.aeromq;

import dev.aeromq.patterns.PushCore;

/**
 * PUSH socket: all of it is the shared plumbing over {@link PushCore}.
 */
final class PushSocketImpl extends AbstractSocket<PushSocket, PushCore> implements PushSocket
{
    PushSocketImpl(final PushCore core, final Communicator owner)
    {
        super(core, owner);
    }
}
