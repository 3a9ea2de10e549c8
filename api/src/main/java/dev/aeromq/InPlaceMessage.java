package dev.aeromq;

import dev.aeromq.codec.DataView;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Map;

/**
 * A message handed to a poll handler in place in the transport's log buffer: a flyweight over the
 * transport's view of it, reused for every message, so handing it over allocates nothing (unless the
 * handler asks for the topic, the metadata or a copy). Valid only during the handler's call. A message
 * with tensors is never handed over in place (its tensors' data is placed, aligned, first), so this one
 * has none.
 */
final class InPlaceMessage implements MessageView
{
    private DataView data;
    private UnsafeBuffer[] frames = newViews(4);

    InPlaceMessage wrap(final DataView data)
    {
        this.data = data;
        final int count = data.frameCount();
        if (count > frames.length)
        {
            frames = newViews(Math.max(count, frames.length * 2));
        }
        for (int i = 0; i < count; i++)
        {
            frames[i].wrap(data.buffer(), data.frameOffset(i), data.frameLength(i));
        }
        return this;
    }

    void clear()
    {
        final int count = data == null ? 0 : data.frameCount();
        for (int i = 0; i < count; i++)
        {
            frames[i].wrap(0, 0); // do not keep the log buffer reachable through a stale view
        }
        data = null;
    }

    @Override
    public int frameCount()
    {
        return data.frameCount();
    }

    @Override
    public DirectBuffer frame(final int index)
    {
        if (index < 0 || index >= data.frameCount())
        {
            throw new IndexOutOfBoundsException("frame " + index + " of a message with " + data.frameCount());
        }
        return frames[index];
    }

    @Override
    public String topic()
    {
        return data.topic();
    }

    @Override
    public Map<String, String> metadata()
    {
        return data.metadata();
    }

    @Override
    public long size()
    {
        return data.bodyLength();
    }

    @Override
    public Map<String, Tensor> tensors()
    {
        return Map.of();
    }

    @Override
    public Message copy()
    {
        return MessageCopies.copyOf(this);
    }

    private static UnsafeBuffer[] newViews(final int count)
    {
        final UnsafeBuffer[] views = new UnsafeBuffer[count];
        for (int i = 0; i < count; i++)
        {
            views[i] = new UnsafeBuffer(0, 0);
        }
        return views;
    }
}
