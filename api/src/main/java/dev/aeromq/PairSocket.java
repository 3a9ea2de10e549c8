package dev.aeromq;

import java.time.Duration;

/**
 * Exclusive two-way link with exactly one other PAIR; a second peer is refused with a reason.
 */
public interface PairSocket extends SendingSocket, ReceivingSocket
{
    @Override
    PairSocket bind(String endpoint);

    @Override
    PairSocket connect(String endpoint);

    @Override
    PairSocket awaitPeers(int count, Duration timeout);
}
