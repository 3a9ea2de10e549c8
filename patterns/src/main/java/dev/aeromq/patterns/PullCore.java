package dev.aeromq.patterns;

import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.transport.Engine;
import dev.aeromq.transport.InboundMessage;

/**
 * PULL: fair-queues the messages of all its PUSHes (the engine polls every stream in turn, a few
 * fragments each).
 */
public final class PullCore extends SocketCore implements Receiver
{
    /**
     * @param engine   that moves the socket's messages.
     * @param defaults option values.
     */
    public PullCore(final Engine engine, final SocketDefaults defaults)
    {
        super(engine, SocketType.PULL, defaults);
    }

    /**
     * @param timeoutNs negative for forever, 0 to not wait.
     * @param orTimeout throw at the deadline instead of returning null.
     * @return the next message.
     */
    @Override
    public InboundMessage receive(final long timeoutNs, final boolean orTimeout)
    {
        return take(timeoutNs, orTimeout);
    }
}
