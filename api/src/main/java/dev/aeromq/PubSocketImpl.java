package dev.aeromq;

import dev.aeromq.patterns.PubCore;
import dev.aeromq.patterns.Timeout;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * PUB socket: the shared plumbing plus publishing, over {@link PubCore}.
 */
final class PubSocketImpl extends AbstractSocket<PubSocket, PubCore> implements PubSocket
{
    private static final byte[] NO_TOPIC = new byte[0];

    /** Read and written by any publishing thread; a stale or lost entry only costs a re-encode. */
    private volatile EncodedTopic lastTopic;

    PubSocketImpl(final PubCore core, final Communicator owner)
    {
        super(core, owner);
    }

    @Override
    public void send(final Message message)
    {
        publish(message.topic(), message, core.sendTimeout());
    }

    @Override
    public boolean trySend(final Message message)
    {
        publish(message.topic(), message, Timeout.ZERO);
        return true; // a PUB never blocks: a subscriber that cannot take it misses it
    }

    @Override
    public void publish(final String topic, final Message message)
    {
        publish(topic, message, core.sendTimeout());
    }

    /**
     * Publish one frame from the buffer region under the empty topic (it reaches the SUBs subscribed to
     * the empty prefix); nothing is copied before it goes out and no {@link Message} is built.
     */
    @Override
    public void send(final DirectBuffer buffer, final int offset, final int length)
    {
        publishRegion(buffer, offset, length, core.sendTimeout());
    }

    /**
     * As {@link #send(DirectBuffer, int, int)}; a PUB never blocks, so this is the same and returns true.
     */
    @Override
    public boolean trySend(final DirectBuffer buffer, final int offset, final int length)
    {
        publishRegion(buffer, offset, length, Timeout.ZERO);
        return true;
    }

    private void publishRegion(final DirectBuffer buffer, final int offset, final int length, final Timeout timeout)
    {
        final FrameRegion region = FrameRegion.of(buffer, offset, length);
        try
        {
            core.publish(NO_TOPIC, region.frames(), Map.of(), timeout);
        }
        finally
        {
            region.clear();
        }
    }

    private void publish(final String topic, final Message message, final Timeout timeout)
    {
        core.publish(topicBytes(topic), message.parts(), message.metadata(), timeout);
    }

    /**
     * The topic's UTF-8 bytes, from a one-entry cache: a publisher nearly always repeats its topics,
     * so this spares an encoding and an allocation per publish.
     */
    private byte[] topicBytes(final String topic)
    {
        if (topic.isEmpty())
        {
            return NO_TOPIC;
        }
        final EncodedTopic last = lastTopic;
        if (last != null && last.topic().equals(topic))
        {
            return last.bytes();
        }
        final byte[] bytes = topic.getBytes(StandardCharsets.UTF_8);
        lastTopic = new EncodedTopic(topic, bytes);
        return bytes;
    }

    private record EncodedTopic(String topic, byte[] bytes)
    {
    }
}
