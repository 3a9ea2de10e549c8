package dev.aeromq;

import java.time.Duration;

/**
 * Pipeline sink. Fair-queues the messages of all connected PUSHes.
 */
public interface PullSocket extends ReceivingSocket
{
    @Override
    PullSocket bind(String endpoint);

    @Override
    PullSocket connect(String endpoint);

    @Override
    PullSocket awaitPeers(int count, Duration timeout);
}
