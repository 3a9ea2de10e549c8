package dev.aeromq.transport;

import dev.aeromq.codec.sbe.SocketType;

/**
 * Links for tests of the layers above the transport, which only hold, compare and route to them:
 * a {@link Link} is made by the transport alone, so a test reaches its constructor from here. Such a
 * link has no stream; it never becomes active, and sending on it returns NOT_CONNECTED.
 */
public final class TestLinks
{
    private static final int ATTACHMENT_THRESHOLD = 1024;

    private TestLinks()
    {
    }

    /**
     * @param peerType    the role of the peer it stands for.
     * @param description its name in messages.
     * @return a link without a stream.
     */
    public static Link unconnected(final SocketType peerType, final String description)
    {
        return new Link(null, peerType, description, ATTACHMENT_THRESHOLD);
    }
}
