package dev.aeromq.patterns;

import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.transport.DataFrame;
import dev.aeromq.transport.Engine;
import dev.aeromq.transport.Link;
import org.agrona.DirectBuffer;

import java.util.Map;

/**
 * PUSH: each message to one PULL, round-robin over those that can take it; waits (lossless) while
 * none can.
 */
public final class PushCore extends SocketCore implements Sender
{
    /**
     * @param engine   that moves the socket's messages.
     * @param defaults option values.
     */
    public PushCore(final Engine engine, final SocketDefaults defaults)
    {
        super(engine, SocketType.PUSH, defaults);
    }

    /**
     * @param frames    the parts.
     * @param metadata  the metadata.
     * @param timeoutNs 0 to try once, negative for forever.
     * @return false if {@code timeoutNs} was 0 and no PULL could take it.
     */
    @Override
    public boolean send(final DirectBuffer[] frames, final Map<String, String> metadata, final long timeoutNs)
    {
        return sendRoundRobin(0, null, frames, metadata, timeoutNs) != null;
    }

    @Override
    public int receiveCapacity()
    {
        return Integer.MAX_VALUE; // a PUSH reads only control frames
    }

    @Override
    public void onData(final Link link, final DataFrame frame)
    {
        // a PUSH receives nothing
    }
}
