package dev.aeromq.patterns;

import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.transport.EngineProxy;
import org.agrona.DirectBuffer;

import java.util.Map;

/**
 * PUSH: each message to one PULL, round-robin over those that can take it; waits (lossless) while
 * none can.
 */
public final class PushCore extends SocketCore implements SendingCore
{
    /**
     * @param engine   that moves the socket's messages.
     * @param defaults option values.
     */
    public PushCore(final EngineProxy engine, final SocketDefaults defaults)
    {
        super(engine, SocketType.PUSH, defaults);
        open(new DeliveringHandler.SendOnly(this));
    }

    @Override
    public void send(final DirectBuffer[] frames, final Map<String, String> metadata, final Timeout timeout)
    {
        sending.toAnyOrThrow(0, frames, metadata, timeout);
    }

    @Override
    public boolean trySend(final DirectBuffer[] frames, final Map<String, String> metadata)
    {
        return sending.toAny(0, frames, metadata, Timeout.ZERO) != null;
    }
}
