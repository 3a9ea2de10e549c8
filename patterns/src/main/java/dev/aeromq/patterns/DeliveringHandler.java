package dev.aeromq.patterns;

import dev.aeromq.codec.DataView;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.transport.Assembly;
import dev.aeromq.transport.DropReason;
import dev.aeromq.transport.LeaveReason;
import dev.aeromq.transport.Link;
import dev.aeromq.transport.SocketHandler;

import java.util.List;

/**
 * The engine side of a socket that receives: peers join and leave its {@link Peers}, the messages it
 * wants go to its {@link Delivery} (inline to a poll, or into its inbox), whose room is the socket's
 * receive capacity. Patterns override what they do differently (a SUB filters, a REQ matches replies,
 * a PUB tracks prefixes, a PAIR admits one).
 * <p>
 * Threads: called under the socket's duty lock (see {@link SocketHandler}); it touches only the
 * thread-safe {@link Peers} and {@link Inbox}, and the {@link Delivery}, which that lock guards.
 */
class DeliveringHandler implements SocketHandler
{
    protected final SocketCore core;

    DeliveringHandler(final SocketCore core)
    {
        this.core = core;
    }

    @Override
    public final SocketType type()
    {
        return core.type();
    }

    @Override
    public final long socketId()
    {
        return core.socketId();
    }

    @Override
    public String admit(final SocketType peerType)
    {
        return null;
    }

    @Override
    public void onPeerJoined(final Link link)
    {
        core.peers.join(link);
    }

    @Override
    public void onPeerLeft(final Link link, final LeaveReason reason)
    {
        core.peers.leave(link);
    }

    @Override
    public final void onRejected(final String endpoint, final String reason)
    {
        core.peers.rejected(endpoint, reason);
    }

    @Override
    public int receiveCapacity()
    {
        return core.delivery.capacity();
    }

    @Override
    public long maxMessageSize()
    {
        return core.maxMessageSize();
    }

    @Override
    public Assembly onMessageBegin(final Link link, final DataView header, final boolean mayWait)
    {
        return wanted(link, header) ? core.delivery.take(link, header, mayWait) :
            dropped(link, DropReason.NOT_SUBSCRIBED);
    }

    /**
     * Drop a message before anything of it is placed, counted.
     *
     * @param link   it comes in on.
     * @param reason why.
     * @return {@link Assembly#DROP}.
     */
    final Assembly dropped(final Link link, final DropReason reason)
    {
        core.observer().dropped(link, reason);
        return Assembly.DROP;
    }

    /**
     * @param link   it comes in on.
     * @param header the message's header.
     * @return false to drop the message before anything is placed: only a SUB's filter says so, and
     * the message is counted as dropped for {@link DropReason#NOT_SUBSCRIBED}.
     */
    boolean wanted(final Link link, final DataView header)
    {
        return true;
    }

    @Override
    public boolean onPrefix(final Link link, final boolean add, final byte[] prefix)
    {
        return true; // only a PUB cares
    }

    @Override
    public List<byte[]> handshakePrefixes()
    {
        return List.of();
    }

    /**
     * The engine side of a socket that only sends (PUSH, PUB): it reads control messages only, so it
     * never pushes back, and ignores any data.
     */
    static class SendOnly extends DeliveringHandler
    {
        SendOnly(final SocketCore core)
        {
            super(core);
        }

        @Override
        public int receiveCapacity()
        {
            return Integer.MAX_VALUE;
        }

        @Override
        public Assembly onMessageBegin(final Link link, final DataView header, final boolean mayWait)
        {
            return dropped(link, DropReason.UNEXPECTED); // a sending-only socket receives nothing
        }
    }
}
