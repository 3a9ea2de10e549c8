package dev.aeromq.patterns;

import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.transport.Engine;
import dev.aeromq.transport.InboundMessage;
import org.agrona.DirectBuffer;

import java.util.Map;

/**
 * PAIR: exclusive two-way link with one other PAIR. A second peer is refused at the handshake; the
 * check runs on the engine thread, so two peers racing in cannot both be admitted.
 */
public final class PairCore extends SocketCore implements Receiver, Sender
{
    /**
     * @param engine   that moves the socket's messages.
     * @param defaults option values.
     */
    public PairCore(final Engine engine, final SocketDefaults defaults)
    {
        super(engine, SocketType.PAIR, defaults);
    }

    @Override
    public String admit(final SocketType peerType)
    {
        return peerCount() > 0 ? "this PAIR already has its one peer (PAIR is exclusive)" : null;
    }

    /**
     * @param frames    the parts.
     * @param metadata  the metadata.
     * @param timeoutNs 0 to try once, negative for forever.
     * @return false if {@code timeoutNs} was 0 and the peer could not take it.
     */
    @Override
    public boolean send(final DirectBuffer[] frames, final Map<String, String> metadata, final long timeoutNs)
    {
        return sendRoundRobin(0, null, frames, metadata, timeoutNs) != null;
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
