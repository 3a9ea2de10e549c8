package dev.aeromq;

import dev.aeromq.codec.DataView;

import java.util.Map;

/**
 * What a {@link FrameAllocator} sees of an arriving message: a flyweight over the transport's view of
 * its header, reused, valid only during the allocator's call.
 */
final class HeaderView implements MessageHeader
{
    private DataView data;

    HeaderView wrap(final DataView data)
    {
        this.data = data;
        return this;
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
    public int frameCount()
    {
        return data.frameCount();
    }

    @Override
    public int frameLength(final int index)
    {
        if (index < 0 || index >= data.frameCount())
        {
            throw new IndexOutOfBoundsException("frame " + index + " of a message with " + data.frameCount());
        }
        return data.frameLength(index);
    }

    @Override
    public long size()
    {
        return data.bodyLength();
    }

    @Override
    public int tensorCount()
    {
        return data.tensorCount();
    }

    @Override
    public String tensorName(final int index)
    {
        return data.tensorName(checkTensor(index));
    }

    @Override
    public DType tensorDType(final int index)
    {
        return DType.of(data.tensorType(checkTensor(index)));
    }

    @Override
    public long[] tensorShape(final int index)
    {
        return data.tensorShape(checkTensor(index));
    }

    private int checkTensor(final int index)
    {
        if (index < 0 || index >= data.tensorCount())
        {
            throw new IndexOutOfBoundsException("tensor " + index + " of a message with " + data.tensorCount());
        }
        return index;
    }
}
