package dev.aeromq.patterns;

import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.transport.Deadlines;
import dev.aeromq.transport.DropReason;
import dev.aeromq.transport.EngineProxy;
import dev.aeromq.transport.LeaveReason;
import dev.aeromq.transport.Link;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Map;

/**
 * PUB: filters at the publisher, per subscriber, and sends each matching subscriber its own copy.
 * A subscriber that pushes back misses the message (ZeroMQ semantics) unless the publisher was
 * configured to wait.
 */
public final class PubCore extends SocketCore
{
    private final boolean waitForSlowSubscribers;
    private final Subscribers subscribers = new Subscribers();
    private final long stallLimitNs;

    /**
     * @param engine   that moves the socket's messages.
     * @param defaults option values.
     */
    public PubCore(final EngineProxy engine, final SocketDefaults defaults)
    {
        super(engine, SocketType.PUB, defaults);
        this.waitForSlowSubscribers = defaults.publisherWaits();
        this.stallLimitNs = defaults.stallLimitNs();
        open(new DeliveringHandler.SendOnly(this)
        {
            @Override
            public boolean onPrefix(final Link link, final boolean add, final byte[] prefix)
            {
                return subscribers.onPrefix(link, add, prefix);
            }

            @Override
            public void onPeerJoined(final Link link)
            {
                subscribers.join(link);
                super.onPeerJoined(link);
            }

            @Override
            public void onPeerLeft(final Link link, final LeaveReason reason)
            {
                super.onPeerLeft(link, reason);
                subscribers.leave(link);
            }
        });
    }

    /**
     * Publish to every subscriber whose prefixes match the topic.
     *
     * @param topic    UTF-8 topic bytes.
     * @param frames   the frames.
     * @param metadata the metadata.
     * @param timeout  how long a waiting publisher waits for a slow subscriber.
     */
    public void publish(
        final byte[] topic, final DirectBuffer[] frames, final Map<String, String> metadata, final Timeout timeout)
    {
        ensureOpen();
        final long size = sending.checkSize(frames);
        final boolean waits = waitForSlowSubscribers && !timeout.isZero();
        final UnsafeBuffer topicBytes = new UnsafeBuffer(topic); // never escapes: the JIT can scalar-replace it
        for (final Subscribers.Subscriber subscriber : subscribers.snapshot())
        {
            if (subscriber.prefixes().matches(topicBytes, 0, topic.length))
            {
                if (waits)
                {
                    sending.to(subscriber.link(), 0, topic, frames, metadata, timeout);
                }
                else
                {
                    dropIfSlow(subscriber.link(), topic, frames, metadata, size);
                }
            }
        }
    }

    /**
     * ZeroMQ's rule: a subscriber that cannot take the message now misses it, whole. One that took
     * the start of a message longer than one wire message is given the rest as fast as it takes it; if
     * it takes nothing for the stall limit (measured from its last progress, not from the start of the
     * message), it misses the message (its part is discarded at the subscriber).
     */
    private void dropIfSlow(
        final Link link,
        final byte[] topic,
        final DirectBuffer[] frames,
        final Map<String, String> metadata,
        final long size)
    {
        if (link.peerMaxMessageSize() < size)
        {
            observer().dropped(link, DropReason.TOO_LARGE); // that subscriber takes no message this large
            return;
        }
        switch (link.send(0, topic, frames, metadata, Deadlines.NONE, stallLimitNs))
        {
            case SENT -> observer().sent(size);
            case REFUSED ->
                observer().dropped(link, link.isActive() ? DropReason.HIGH_WATER_MARK : DropReason.PEER_GONE);
            case TIMED_OUT -> observer().dropped(link, DropReason.SEND_TIMEOUT);
            case LOST -> observer().dropped(link, DropReason.PEER_GONE);
        }
    }

}
