package dev.aeromq.patterns;

import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.transport.EngineProxy;
import org.agrona.DirectBuffer;

import java.util.Map;

/**
 * PAIR: exclusive two-way link with one other PAIR. A second peer is refused at the handshake; the
 * check runs on the socket's duty thread, so two peers racing in cannot both be admitted.
 */
public final class PairCore extends SocketCore implements ReceivingCore, SendingCore
{
    /**
     * @param engine   that moves the socket's messages.
     * @param defaults option values.
     */
    public PairCore(final EngineProxy engine, final SocketDefaults defaults)
    {
        super(engine, SocketType.PAIR, defaults);
        open(new DeliveringHandler(this)
        {
            @Override
            public String admit(final SocketType peerType)
            {
                return peers.count() > 0 ? "this PAIR already has its one peer (PAIR is exclusive)" : null;
            }
        });
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
