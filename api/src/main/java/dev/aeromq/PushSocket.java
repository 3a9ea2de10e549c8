package dev.aeromq;

import java.time.Duration;

/**
 * Pipeline source. Each message goes to one PULL, round-robin over those that can take it; when
 * none can, {@code send} waits (lossless).
 */
public interface PushSocket extends SendingSocket
{
    @Override
    PushSocket bind(String endpoint);

    @Override
    PushSocket connect(String endpoint);

    @Override
    PushSocket awaitPeers(int count, Duration timeout);
}
