package dev.aeromq.transport;

import dev.aeromq.codec.FanOutOffer;
import dev.aeromq.codec.Liveness;
import dev.aeromq.codec.WireWriter;
import dev.aeromq.codec.sbe.SocketType;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import org.agrona.ExpandableDirectByteBuffer;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A link's control wire messages of variable length — the handshake (Hello, Welcome, Reject) and Prefix —
 * encoded into a staging buffer of their own and offered on the link's publication, under the link's send
 * lock (shared with {@link Link}'s data and small control messages, so one wire message goes out at a time).
 */
final class ControlOffers
{
    private static final int MAX_ADMIN_RETRIES = 3;

    private final ExclusivePublication publication;
    private final ReentrantLock sendLock;
    private final WireWriter writer = new WireWriter();
    private final ExpandableDirectByteBuffer control = new ExpandableDirectByteBuffer(256);

    ControlOffers(final ExclusivePublication publication, final ReentrantLock sendLock)
    {
        this.publication = publication;
        this.sendLock = sendLock;
    }

    /**
     * Offer a Prefix; the caller holds the send lock.
     *
     * @param add      true to add, false to drop.
     * @param sequence its sequence on the link.
     * @param prefix   the prefix bytes.
     * @return Aeron's result: a position if it went out, else a {@link Publication} code.
     */
    long offerPrefix(final boolean add, final long sequence, final byte[] prefix)
    {
        return offerControl(writer.prefix(control, 0, add, sequence, prefix));
    }

    /**
     * Offer a Hello: to dial (the link is not active, nothing else sends on it) or, once linked, as
     * the connector's heartbeat. Only tries the lock: the duty thread never waits for a sender.
     *
     * @param hello what it says.
     * @return true if it went out; false if the stream pushes back or a sender holds the link.
     */
    boolean offerHello(final HelloFields hello)
    {
        if (!sendLock.tryLock())
        {
            return false;
        }
        try
        {
            return offerControl(writer.hello(control, 0, hello.type(), hello.socketId(), hello.nonce(),
                hello.replyStreamId(), hello.replyPort(), hello.maxMessageSize(), hello.liveness(),
                fitting(hello.prefixes()))) > 0;
        }
        finally
        {
            sendLock.unlock();
        }
    }

    long offerWelcome(
        final SocketType type,
        final long socketId,
        final long nonce,
        final long maxMessageSize,
        final Liveness liveness,
        final List<byte[]> prefixes,
        final FanOutOffer fanOutOffer)
    {
        sendLock.lock();
        try
        {
            return offerControl(writer.welcome(
                control, 0, type, socketId, nonce, maxMessageSize, liveness, fitting(prefixes), fanOutOffer));
        }
        finally
        {
            sendLock.unlock();
        }
    }

    long offerReject(final SocketType type, final long socketId, final long nonce, final String reason)
    {
        sendLock.lock();
        try
        {
            return offerControl(writer.reject(control, 0, type, socketId, nonce, reason));
        }
        finally
        {
            sendLock.unlock();
        }
    }

    /**
     * A handshake must fit one fragment (nothing more is read from a peer not yet admitted): the
     * prefixes that fit go in it, the rest follow as Prefix wire messages once the peer joined.
     */
    private List<byte[]> fitting(final List<byte[]> prefixes)
    {
        int room = publication.maxPayloadLength() - WireWriter.HANDSHAKE_FIXED_LENGTH;
        for (int i = 0; i < prefixes.size(); i++)
        {
            room -= WireWriter.PREFIX_ENTRY_LENGTH + prefixes.get(i).length;
            if (room < 0)
            {
                return prefixes.subList(0, i);
            }
        }
        return prefixes;
    }

    private long offerControl(final int length)
    {
        long result;
        int attempts = 0;
        do
        {
            result = publication.offer(control, 0, length);
        }
        while (result == Publication.ADMIN_ACTION && ++attempts < MAX_ADMIN_RETRIES);
        return result;
    }
}
