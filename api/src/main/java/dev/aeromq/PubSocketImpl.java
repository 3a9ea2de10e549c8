package dev.aeromq;

import dev.aeromq.patterns.PubCore;
import dev.aeromq.transport.Failure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * PUB socket: delegates to {@link PubCore}.
 */
final class PubSocketImpl extends AbstractSocket<PubCore> implements PubSocket
{
    private static final byte[] NO_TOPIC = new byte[0];

    PubSocketImpl(final PubCore core, final Communicator owner)
    {
        super(core, owner);
    }

    @Override
    public PubSocket bind(final String endpoint)
    {
        doBind(endpoint);
        return this;
    }

    @Override
    public PubSocket connect(final String endpoint)
    {
        doConnect(endpoint);
        return this;
    }

    @Override
    public PubSocket awaitPeers(final int count, final Duration timeout)
    {
        doAwaitPeers(count, timeout);
        return this;
    }

    @Override
    public void send(final Message message)
    {
        publish(message.topic(), message, core.sendTimeoutNs());
    }

    @Override
    public boolean trySend(final Message message)
    {
        publish(message.topic(), message, 0);
        return true; // a PUB never blocks: a subscriber that cannot take it misses it
    }

    @Override
    public void publish(final String topic, final Message message)
    {
        publish(topic, message, core.sendTimeoutNs());
    }

    private void publish(final String topic, final Message message, final long timeoutNs)
    {
        try
        {
            core.publish(topic.isEmpty() ? NO_TOPIC : topic.getBytes(StandardCharsets.UTF_8),
                message.frames(), message.metadata(), timeoutNs);
        }
        catch (final Failure f)
        {
            throw Errors.toPublic(f);
        }
    }
}
