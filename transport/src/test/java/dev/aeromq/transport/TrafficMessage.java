package dev.aeromq.transport;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

/**
 * A message a fuzzing scenario sends, to compare with what the socket delivers.
 *
 * @param correlationId its correlation id.
 * @param topic         its topic's bytes.
 * @param metadata      its metadata.
 * @param frames        its frames' bytes.
 */
record TrafficMessage(long correlationId, byte[] topic, Map<String, String> metadata, byte[][] frames)
{
    /**
     * @return its frames' bytes together.
     */
    long bodyLength()
    {
        long length = 0;
        for (final byte[] frame : frames)
        {
            length += frame.length;
        }
        return length;
    }

    /**
     * @return the frames as buffers, for the writer.
     */
    DirectBuffer[] frameBuffers()
    {
        final DirectBuffer[] buffers = new DirectBuffer[frames.length];
        for (int i = 0; i < frames.length; i++)
        {
            buffers[i] = new UnsafeBuffer(frames[i]);
        }
        return buffers;
    }

    /**
     * @param other a message.
     * @return true if it has the same content.
     */
    boolean sameAs(final TrafficMessage other)
    {
        return correlationId == other.correlationId && Arrays.equals(topic, other.topic) &&
            metadata.equals(other.metadata) && Arrays.deepEquals(frames, other.frames);
    }

    @Override
    public String toString()
    {
        final StringBuilder out = new StringBuilder("message ").append(correlationId).append(" topic ")
            .append(HexFormat.of().formatHex(topic)).append(" metadata ").append(metadata).append(" frames");
        for (final byte[] frame : frames)
        {
            out.append(' ').append(frame.length);
        }
        return out.toString();
    }
}
