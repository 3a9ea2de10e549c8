package dev.aeromq.patterns;

import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.transport.EngineProxy;

/**
 * PULL: fair-queues the messages of all its PUSHes (the socket's streams are polled in turn, one
 * fragment from each peer per pass).
 */
public final class PullCore extends SocketCore implements ReceivingCore
{
    /**
     * @param engine   that moves the socket's messages.
     * @param defaults option values.
     */
    public PullCore(final EngineProxy engine, final SocketDefaults defaults)
    {
        super(engine, SocketType.PULL, defaults);
        open(new DeliveringHandler(this));
    }

    @Override
    public InboundMessage receive(final Timeout timeout)
    {
        return receiving.takeOrThrow(timeout);
    }

    @Override
    public InboundMessage tryReceive(final Timeout timeout)
    {
        return receiving.take(timeout);
    }
}
