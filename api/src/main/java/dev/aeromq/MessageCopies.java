package dev.aeromq;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Copies of messages that AeroMQ owns ({@link MessageView#copy()}): one heap array for all the frames,
 * and 64-byte aligned direct memory for each tensor's data.
 */
final class MessageCopies
{
    private static final DirectBuffer[] NO_FRAMES = new DirectBuffer[0];
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private MessageCopies()
    {
    }

    /**
     * @param view any message view.
     * @return an immutable message owning a copy of its bytes.
     */
    static Message copyOf(final MessageView view)
    {
        final DirectBuffer[] frames = copyFrames(view);
        final Map<String, Tensor> tensors = view.tensors();
        if (tensors.isEmpty())
        {
            return new Message(view.topic(), frames, view.metadata(), true);
        }
        final Map<String, Tensor> copies = new LinkedHashMap<>();
        for (final Map.Entry<String, Tensor> entry : tensors.entrySet())
        {
            copies.put(entry.getKey(), entry.getValue().copy());
        }
        return Message.withTensors(view.topic(), frames, view.metadata(), true, copies);
    }

    private static DirectBuffer[] copyFrames(final MessageView view)
    {
        final int count = view.frameCount();
        if (count == 0)
        {
            return NO_FRAMES;
        }
        long size = 0;
        for (int i = 0; i < count; i++)
        {
            size += view.frame(i).capacity();
        }
        final DirectBuffer[] copies = new DirectBuffer[count];
        if (size > MAX_ARRAY)
        {
            for (int i = 0; i < count; i++)
            {
                final DirectBuffer frame = view.frame(i);
                final byte[] bytes = new byte[frame.capacity()];
                frame.getBytes(0, bytes);
                copies[i] = new UnsafeBuffer(bytes);
            }
            return copies;
        }
        final byte[] bytes = new byte[(int)size];
        int offset = 0;
        for (int i = 0; i < count; i++)
        {
            final DirectBuffer frame = view.frame(i);
            frame.getBytes(0, bytes, offset, frame.capacity());
            copies[i] = new UnsafeBuffer(bytes, offset, frame.capacity());
            offset += frame.capacity();
        }
        return copies;
    }
}
