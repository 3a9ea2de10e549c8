package dev.aeromq.transport;

import dev.aeromq.codec.DataView;
import dev.aeromq.codec.sbe.SocketType;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Random;

/**
 * A socket's engine side for driving a {@link Reassembly} directly, checking what it does: each
 * frame's memory lies between guard bytes that nothing may touch (with Agrona's bounds checks off an
 * overrun would land there), at most one message is open at a time, a message is completed or
 * abandoned once, and what is open never exceeds the socket's limit. Makes the socket's choices at
 * random: take a whole message in place, push back (when the message may wait), have no room.
 * Used from the test thread only.
 */
final class GuardedHandler implements SocketHandler
{
    private static final int GUARD = 16;
    private static final byte GUARD_BYTE = (byte)0xA5;

    private final Random random;
    private final long maxMessageSize;
    private final List<TrafficMessage> arrivals = new ArrayList<>();
    private GuardedAssembly open;
    private long maxOpenBytes;
    private int assemblies;

    /**
     * @param seed           of the socket's choices.
     * @param maxMessageSize its limit.
     */
    GuardedHandler(final long seed, final long maxMessageSize)
    {
        this.random = new Random(seed);
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public SocketType type()
    {
        return SocketType.PULL;
    }

    @Override
    public long socketId()
    {
        return 1;
    }

    @Override
    public String admit(final SocketType peerType)
    {
        return null;
    }

    @Override
    public void onPeerJoined(final Link link)
    {
    }

    @Override
    public void onPeerLeft(final Link link, final LeaveReason reason)
    {
    }

    @Override
    public void onRejected(final String endpoint, final String reason)
    {
    }

    @Override
    public int receiveCapacity()
    {
        return random.nextInt(8) == 0 ? 0 : 1;
    }

    @Override
    public long maxMessageSize()
    {
        return maxMessageSize;
    }

    @Override
    public Assembly onMessageBegin(final Link link, final DataView header, final boolean mayWait)
    {
        if (open != null)
        {
            throw new AssertionError("a message began while another is open: " + open.message);
        }
        if (header.bodyLength() > maxMessageSize)
        {
            throw new AssertionError("offered a message of " + header.bodyLength() + " bytes, above the limit");
        }
        if (mayWait && random.nextInt(4) == 0)
        {
            return Assembly.NOT_NOW;
        }
        final byte[] topic = new byte[header.topicLength()];
        header.copyTopic(topic);
        final byte[][] frames = new byte[header.frameCount()][];
        for (int i = 0; i < frames.length; i++)
        {
            frames[i] = new byte[header.frameLength(i)];
        }
        final TrafficMessage message = new TrafficMessage(
            header.correlationId(), topic, new HashMap<>(header.metadata()), frames);
        if (header.isWhole() && random.nextBoolean())
        {
            for (int i = 0; i < frames.length; i++)
            {
                header.buffer().getBytes(header.frameOffset(i), frames[i]);
            }
            arrivals.add(message);
            return Assembly.DONE;
        }
        open = new GuardedAssembly(message);
        assemblies++;
        maxOpenBytes = Math.max(maxOpenBytes, header.bodyLength());
        return open;
    }

    @Override
    public boolean onPrefix(final Link link, final boolean add, final byte[] prefix)
    {
        return true;
    }

    @Override
    public List<byte[]> handshakePrefixes()
    {
        return List.of();
    }

    /**
     * @return the messages completed, in order.
     */
    List<TrafficMessage> arrivals()
    {
        return arrivals;
    }

    /**
     * @return the message assembling now, or null.
     */
    TrafficMessage openMessage()
    {
        return open == null ? null : open.message;
    }

    /**
     * @return the most bytes one open message held.
     */
    long maxOpenBytes()
    {
        return maxOpenBytes;
    }

    /**
     * @return assemblies handed out.
     */
    int assemblies()
    {
        return assemblies;
    }

    /**
     * Frames' memory with guard bytes on both sides.
     */
    private final class GuardedAssembly implements Assembly
    {
        private final TrafficMessage message;
        private final byte[][] memory;
        private final UnsafeBuffer[] views;
        private boolean ended;

        GuardedAssembly(final TrafficMessage message)
        {
            this.message = message;
            final byte[][] frames = message.frames();
            memory = new byte[frames.length][];
            views = new UnsafeBuffer[frames.length];
            for (int i = 0; i < frames.length; i++)
            {
                memory[i] = new byte[frames[i].length + 2 * GUARD];
                Arrays.fill(memory[i], GUARD_BYTE);
                views[i] = new UnsafeBuffer(memory[i], GUARD, frames[i].length);
            }
        }

        @Override
        public MutableDirectBuffer frame(final int index)
        {
            if (ended)
            {
                throw new AssertionError("frame " + index + " asked for after the message ended: " + message);
            }
            return views[index];
        }

        @Override
        public void complete()
        {
            end("completed");
            for (int i = 0; i < memory.length; i++)
            {
                System.arraycopy(memory[i], GUARD, message.frames()[i], 0, message.frames()[i].length);
            }
            arrivals.add(message);
        }

        @Override
        public void abandon()
        {
            end("abandoned");
        }

        private void end(final String how)
        {
            if (ended || open != this)
            {
                throw new AssertionError(how + " a message that already ended: " + message);
            }
            ended = true;
            open = null;
            for (final byte[] frame : memory)
            {
                for (int i = 0; i < GUARD; i++)
                {
                    if (frame[i] != GUARD_BYTE || frame[frame.length - 1 - i] != GUARD_BYTE)
                    {
                        throw new AssertionError("a write ran outside a frame's memory of " + message);
                    }
                }
            }
        }
    }
}
