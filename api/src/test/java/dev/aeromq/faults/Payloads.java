package dev.aeromq.faults;

import dev.aeromq.Message;
import dev.aeromq.MessageView;
import dev.aeromq.testkit.Bytes;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Messages that say which they are and whether they arrived intact: one frame, its first 8 bytes the
 * sequence number, the rest the byte pattern of that number ({@link Bytes#at}). A lost, duplicated,
 * reordered, truncated or mixed-up message is told apart from a good one.
 */
final class Payloads
{
    /** The smallest payload: the sequence number alone. */
    static final int MIN_SIZE = Long.BYTES;

    private Payloads()
    {
    }

    /**
     * @param seq  the message's number.
     * @param size its frame's length, at least {@link #MIN_SIZE}.
     * @return the message.
     */
    static Message of(final long seq, final int size)
    {
        assertTrue(size >= MIN_SIZE, "a payload holds at least its sequence number");
        final byte[] bytes = new byte[size];
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        buffer.putLong(0, seq);
        final int seed = (int)seq;
        for (int i = MIN_SIZE; i < size; i++)
        {
            bytes[i] = Bytes.at(i, seed);
        }
        return Message.of(bytes);
    }

    /**
     * @param message a message made by {@link #of}.
     * @return its sequence number, once its content is checked; fails the test if it is not intact.
     */
    static long check(final MessageView message)
    {
        assertEquals(1, message.frameCount(), "frames of a payload");
        final DirectBuffer frame = message.frame(0);
        final int length = frame.capacity();
        assertTrue(length >= MIN_SIZE, "payload of " + length + " bytes holds no sequence number");
        final long seq = frame.getLong(0);
        final int seed = (int)seq;
        for (int i = MIN_SIZE; i < length; i++)
        {
            if (frame.getByte(i) != Bytes.at(i, seed))
            {
                fail("payload " + seq + " of " + length + " bytes is corrupt at byte " + i);
            }
        }
        return seq;
    }

    /**
     * @param message a message made by {@link #of}.
     * @return its frame's length.
     */
    static int size(final MessageView message)
    {
        return message.frame(0).capacity();
    }
}
