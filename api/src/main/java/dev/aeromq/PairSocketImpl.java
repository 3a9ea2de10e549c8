package dev.aeromq;

import dev.aeromq.patterns.PairCore;

/**
 * PAIR socket: all of it is the shared plumbing over {@link PairCore}.
 */
final class PairSocketImpl extends AbstractSocket<PairSocket, PairCore> implements PairSocket
{
    PairSocketImpl(final PairCore core, final Communicator owner)
    {
        super(core, owner);
    }
}
