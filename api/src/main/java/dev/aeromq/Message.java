package dev.aeromq;

import dev.aeromq.codec.WireTensor;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message: an optional topic, zero or more frames (parts) of bytes, optional metadata, and any
 * number of named {@link Tensor}s.
 * <p>
 * Built messages never copy the caller's bytes: a frame is a view of the caller's {@code byte[]},
 * {@link ByteBuffer} or {@link DirectBuffer}, and frames of the attachment threshold (1 KiB by
 * default) or more are gathered straight from that memory into Aeron's log buffer, and so is tensor
 * data. The caller must therefore not change those bytes until {@code send} returns. A received
 * message is immutable; it owns its bytes unless a {@link FrameAllocator} placed them (then they are
 * the allocator's memory).
 */
public final class Message implements MessageView
{
    private static final DirectBuffer[] NO_FRAMES = new DirectBuffer[0];

    private final String topic;
    private final DirectBuffer[] frames;
    private final Map<String, String> metadata;
    private final boolean ownsBytes;
    private final Map<String, Tensor> tensors;
    private final DirectBuffer[] parts;

    Message(final String topic, final DirectBuffer[] frames, final Map<String, String> metadata)
    {
        this(topic, frames, metadata, false);
    }

    Message(
        final String topic, final DirectBuffer[] frames, final Map<String, String> metadata, final boolean ownsBytes)
    {
        this(topic, frames, metadata, ownsBytes, Map.of(), frames);
    }

    /**
     * @param tensors in order, unmodifiable.
     * @param parts   the frames, then the tensors as {@link WireTensor}s: what a send puts on the wire.
     */
    private Message(
        final String topic,
        final DirectBuffer[] frames,
        final Map<String, String> metadata,
        final boolean ownsBytes,
        final Map<String, Tensor> tensors,
        final DirectBuffer[] parts)
    {
        this.topic = topic;
        this.frames = frames;
        this.metadata = metadata;
        this.ownsBytes = ownsBytes;
        this.tensors = tensors;
        this.parts = parts;
    }

    /**
     * A received message.
     *
     * @param tensors the tensors over the memory their data was placed in, in the sender's order.
     */
    static Message received(
        final String topic,
        final DirectBuffer[] frames,
        final Map<String, String> metadata,
        final boolean ownsBytes,
        final WireTensor[] tensors)
    {
        if (tensors.length == 0)
        {
            return new Message(topic, frames, metadata, ownsBytes);
        }
        final Map<String, Tensor> named = new LinkedHashMap<>();
        final DirectBuffer[] parts = new DirectBuffer[frames.length + tensors.length];
        System.arraycopy(frames, 0, parts, 0, frames.length);
        for (int t = 0; t < tensors.length; t++)
        {
            named.put(tensors[t].name(), Tensor.received(tensors[t]));
            parts[frames.length + t] = tensors[t];
        }
        return new Message(topic, frames, metadata, ownsBytes, Collections.unmodifiableMap(named), parts);
    }

    /**
     * @return a message of these frames and metadata and the given tensors (whose names are unique).
     */
    static Message withTensors(
        final String topic,
        final DirectBuffer[] frames,
        final Map<String, String> metadata,
        final boolean ownsBytes,
        final Map<String, Tensor> tensors)
    {
        if (tensors.isEmpty())
        {
            return new Message(topic, frames, metadata, ownsBytes);
        }
        final DirectBuffer[] parts = new DirectBuffer[frames.length + tensors.size()];
        System.arraycopy(frames, 0, parts, 0, frames.length);
        int index = frames.length;
        for (final Map.Entry<String, Tensor> entry : tensors.entrySet())
        {
            parts[index++] = entry.getValue().toWire(entry.getKey());
        }
        return new Message(topic, frames, metadata, ownsBytes,
            Collections.unmodifiableMap(new LinkedHashMap<>(tensors)), parts);
    }

    /**
     * A message of the given frames, in order; no frames makes an empty message.
     *
     * @param frames the parts; each array is used as it is, not copied.
     * @return the message.
     */
    public static Message of(final byte[]... frames)
    {
        Objects.requireNonNull(frames, "frames");
        final var views = new DirectBuffer[frames.length];
        for (int i = 0; i < frames.length; i++)
        {
            if (frames[i] == null)
            {
                throw new NullPointerException("frame " + i + " is null");
            }
            views[i] = new UnsafeBuffer(frames[i]);
        }
        return new Message("", views, Map.of());
    }

    /**
     * A one-frame message holding the UTF-8 bytes of the text.
     *
     * @param text the content.
     * @return the message.
     */
    public static Message of(final String text)
    {
        return of(Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A one-frame message of the buffer's remaining bytes (heap or direct); the buffer's position
     * and limit are not changed.
     *
     * @param buffer the content, used as it is, not copied.
     * @return the message.
     */
    public static Message of(final ByteBuffer buffer)
    {
        return new Message("", new DirectBuffer[]{ view(buffer) }, Map.of());
    }

    /**
     * A one-frame message of a region of an Agrona buffer.
     *
     * @param buffer the memory, used as it is, not copied.
     * @param offset where the frame starts.
     * @param length of the frame in bytes.
     * @return the message.
     */
    public static Message of(final DirectBuffer buffer, final int offset, final int length)
    {
        return new Message("", new DirectBuffer[]{ view(buffer, offset, length) }, Map.of());
    }

    /**
     * @return a builder for a message with a topic, several frames or metadata.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return the number of frames (parts).
     */
    @Override
    public int frameCount()
    {
        return frames.length;
    }

    /**
     * @param index of the frame, from 0.
     * @return a read-only view of the frame's bytes.
     * @throws IndexOutOfBoundsException if there is no such frame.
     */
    @Override
    public DirectBuffer frame(final int index)
    {
        Objects.checkIndex(index, frames.length);
        return frames[index];
    }

    /**
     * @return a copy of frame 0's bytes, or an empty array when the message has no frames.
     */
    public byte[] bytes()
    {
        return frames.length == 0 ? new byte[0] : bytes(0);
    }

    /**
     * @param index of the frame, from 0.
     * @return a copy of that frame's bytes.
     */
    public byte[] bytes(final int index)
    {
        final DirectBuffer frame = frame(index);
        final byte[] copy = new byte[frame.capacity()];
        frame.getBytes(0, copy);
        return copy;
    }

    /**
     * @return frame 0 decoded as UTF-8, or "" when the message has no frames.
     */
    public String text()
    {
        return frames.length == 0 ? "" : text(0);
    }

    /**
     * @param index of the frame, from 0.
     * @return that frame decoded as UTF-8.
     */
    public String text(final int index)
    {
        final DirectBuffer frame = frame(index);
        return frame.getStringWithoutLengthUtf8(0, frame.capacity());
    }

    /**
     * @return the topic, "" when none was set.
     */
    @Override
    public String topic()
    {
        return topic;
    }

    /**
     * @return the metadata, an unmodifiable map (empty when none was set).
     */
    @Override
    public Map<String, String> metadata()
    {
        return metadata;
    }

    /**
     * @return the tensors by name, in the order they were added (an unmodifiable map, empty when none).
     */
    @Override
    public Map<String, Tensor> tensors()
    {
        return tensors;
    }

    /**
     * @return the total number of bytes in all frames and all tensors' data.
     */
    @Override
    public long size()
    {
        long size = 0;
        for (final DirectBuffer part : parts)
        {
            size += part.capacity();
        }
        return size;
    }

    /**
     * @param topic the topic for the copy.
     * @return a message with the same frames, metadata and tensors and the given topic.
     */
    public Message withTopic(final String topic)
    {
        return new Message(Objects.requireNonNull(topic, "topic"), frames, metadata, ownsBytes, tensors, parts);
    }

    /**
     * @return this message if it owns its bytes (received into AeroMQ's own memory), else a copy that
     * does (built over the caller's memory, or received into a {@link FrameAllocator}'s).
     */
    @Override
    public Message copy()
    {
        return ownsBytes ? this : MessageCopies.copyOf(this);
    }

    /**
     * @return what a send puts on the wire: the frames, then the tensors (as {@link WireTensor}s).
     */
    DirectBuffer[] parts()
    {
        return parts;
    }

    /**
     * Two messages are equal when their topics, metadata, frame bytes and tensors are equal.
     */
    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof Message that) || !topic.equals(that.topic) || !metadata.equals(that.metadata) ||
            frames.length != that.frames.length || !tensors.equals(that.tensors))
        {
            return false;
        }
        for (int i = 0; i < frames.length; i++)
        {
            if (!frames[i].equals(that.frames[i]))
            {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode()
    {
        int hash = (topic.hashCode() * 31 + metadata.hashCode()) * 31 + tensors.hashCode();
        for (final DirectBuffer frame : frames)
        {
            hash = hash * 31 + frame.hashCode();
        }
        return hash;
    }

    @Override
    public String toString()
    {
        final var sb = new StringBuilder("Message{");
        if (!topic.isEmpty())
        {
            sb.append("topic='").append(topic).append("', ");
        }
        sb.append("frames=[");
        for (int i = 0; i < frames.length; i++)
        {
            sb.append(i == 0 ? "" : ", ").append(frames[i].capacity()).append('B');
        }
        sb.append(']');
        if (!metadata.isEmpty())
        {
            sb.append(", metadata=").append(metadata);
        }
        if (!tensors.isEmpty())
        {
            sb.append(", tensors=").append(tensors);
        }
        return sb.append('}').toString();
    }

    private static DirectBuffer view(final ByteBuffer buffer)
    {
        Objects.requireNonNull(buffer, "buffer");
        final var frame = new UnsafeBuffer(0, 0);
        frame.wrap(buffer, buffer.position(), buffer.remaining());
        return frame;
    }

    private static DirectBuffer view(final DirectBuffer buffer, final int offset, final int length)
    {
        Objects.requireNonNull(buffer, "buffer");
        Objects.checkFromIndexSize(offset, length, buffer.capacity());
        return new UnsafeBuffer(buffer, offset, length);
    }

    /**
     * Builds a message with a topic, any number of frames, metadata and named tensors. Frames are views
     * of the caller's memory, as with {@link Message#of(byte[]...)}.
     */
    public static final class Builder
    {
        private String topic = "";
        private final List<DirectBuffer> frames = new ArrayList<>(4);
        private final Map<String, String> metadata = new LinkedHashMap<>();
        private final Map<String, Tensor> tensors = new LinkedHashMap<>();

        private Builder()
        {
        }

        /**
         * @param topic the topic subscribers match their prefixes against.
         * @return this builder.
         */
        public Builder topic(final String topic)
        {
            this.topic = Objects.requireNonNull(topic, "topic");
            return this;
        }

        /**
         * @param bytes the next frame, used as it is.
         * @return this builder.
         */
        public Builder frame(final byte[] bytes)
        {
            frames.add(new UnsafeBuffer(Objects.requireNonNull(bytes, "bytes")));
            return this;
        }

        /**
         * @param text the next frame, as UTF-8.
         * @return this builder.
         */
        public Builder frame(final String text)
        {
            return frame(Objects.requireNonNull(text, "text").getBytes(StandardCharsets.UTF_8));
        }

        /**
         * @param buffer the next frame: the buffer's remaining bytes, used as they are.
         * @return this builder.
         */
        public Builder frame(final ByteBuffer buffer)
        {
            frames.add(view(buffer));
            return this;
        }

        /**
         * @param buffer holding the next frame, used as it is.
         * @param offset where the frame starts.
         * @param length of the frame in bytes.
         * @return this builder.
         */
        public Builder frame(final DirectBuffer buffer, final int offset, final int length)
        {
            frames.add(view(buffer, offset, length));
            return this;
        }

        /**
         * @param key   metadata key.
         * @param value metadata value.
         * @return this builder.
         */
        public Builder metadata(final String key, final String value)
        {
            metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Add a named tensor; its data travels beside the frames, gathered from where it lies.
         *
         * @param name   the tensor's name, unique within the message.
         * @param tensor the tensor, used as it is (its data is not copied).
         * @return this builder.
         * @throws IllegalArgumentException if the message already has a tensor of that name.
         */
        public Builder tensor(final String name, final Tensor tensor)
        {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(tensor, "tensor");
            if (tensors.putIfAbsent(name, tensor) != null)
            {
                throw new IllegalArgumentException("the message already has a tensor named '" + name +
                    "'; tensor names are unique within a message");
            }
            return this;
        }

        /**
         * @return the message.
         */
        public Message build()
        {
            return withTensors(topic, frames.toArray(NO_FRAMES), metadata.isEmpty() ? Map.of() :
                Map.copyOf(metadata), false, tensors);
        }
    }
}
