package dev.aeromq.patterns;

import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.transport.DataFrame;
import dev.aeromq.transport.Engine;
import dev.aeromq.transport.Link;
import org.agrona.DirectBuffer;

import java.util.Map;

/**
 * PUB: filters at the publisher, per subscriber, and sends each matching subscriber its own copy.
 * A subscriber that pushes back misses the message (ZeroMQ semantics) unless the publisher was
 * configured to wait.
 */
public final class PubCore extends SocketCore
{
    private final boolean waitForSlowSubscribers;

    /**
     * @param engine   that moves the socket's messages.
     * @param defaults option values.
     */
    public PubCore(final Engine engine, final SocketDefaults defaults)
    {
        super(engine, SocketType.PUB, defaults);
        this.waitForSlowSubscribers = defaults.publisherWaits();
    }

    /**
     * Publish to every subscriber whose prefixes match the topic.
     *
     * @param topic     UTF-8 topic bytes.
     * @param frames    the parts.
     * @param metadata  the metadata.
     * @param timeoutNs how long a waiting publisher waits for a slow subscriber.
     */
    public void publish(
        final byte[] topic, final DirectBuffer[] frames, final Map<String, String> metadata, final long timeoutNs)
    {
        ensureOpen();
        for (final Link link : peers())
        {
            final PrefixSet prefixes = (PrefixSet)link.attachment;
            if (prefixes != null && prefixes.matches(topic))
            {
                if (waitForSlowSubscribers && timeoutNs != 0)
                {
                    sendTo(link, 0, topic, frames, metadata, timeoutNs);
                }
                else
                {
                    link.offerData(0, topic, frames, metadata); // a subscriber that pushes back misses it
                }
            }
        }
    }

    @Override
    public void onSubscription(final Link link, final boolean subscribe, final byte[] prefix)
    {
        PrefixSet prefixes = (PrefixSet)link.attachment;
        if (prefixes == null)
        {
            prefixes = new PrefixSet();
            link.attachment = prefixes;
        }
        if (subscribe)
        {
            prefixes.add(prefix);
        }
        else
        {
            prefixes.remove(prefix);
        }
    }

    @Override
    public void onPeerJoined(final Link link)
    {
        if (link.attachment == null)
        {
            link.attachment = new PrefixSet();
        }
        super.onPeerJoined(link);
    }

    @Override
    public void onPeerLeft(final Link link)
    {
        super.onPeerLeft(link);
        link.attachment = null; // a returning connector starts from its handshake again
    }

    @Override
    public int receiveCapacity()
    {
        return Integer.MAX_VALUE; // a PUB reads only control frames
    }

    @Override
    public void onData(final Link link, final DataFrame frame)
    {
        // a PUB receives nothing
    }
}
