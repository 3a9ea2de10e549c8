package dev.aeromq.testkit;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Recognisable byte patterns, to check that data arrives intact: in order, unshifted, not mixed with
 * another message's bytes. Each seed gives a different pattern.
 */
public final class Bytes
{
    private Bytes()
    {
    }

    /**
     * @param index position in the pattern.
     * @param seed  varies the pattern.
     * @return the byte of the pattern at that position.
     */
    public static byte at(final int index, final int seed)
    {
        return (byte)(index * 31 + seed);
    }

    /**
     * @param length bytes.
     * @param seed   varies the content.
     * @return bytes with the pattern of this seed.
     */
    public static byte[] pattern(final int length, final int seed)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = at(i, seed);
        }
        return bytes;
    }

    /**
     * @param bytes to check.
     * @param seed  of the expected pattern.
     * @return true if the bytes are the pattern of this seed, of their length.
     */
    public static boolean isPattern(final byte[] bytes, final int seed)
    {
        return firstMismatch(bytes, seed) < 0;
    }

    /**
     * Fail the test unless the bytes are the pattern of this seed and of this length, naming the
     * first byte that differs.
     *
     * @param expectedLength length the bytes must have.
     * @param seed           of the expected pattern.
     * @param actual         bytes to check.
     */
    public static void assertPattern(final int expectedLength, final int seed, final byte[] actual)
    {
        assertEquals(expectedLength, actual.length, "length of the pattern of seed " + seed);
        final int mismatch = firstMismatch(actual, seed);
        if (mismatch >= 0)
        {
            fail("byte " + mismatch + " of " + actual.length + " is " + actual[mismatch] + ", the pattern of seed " +
                seed + " has " + at(mismatch, seed) + " there");
        }
    }

    /**
     * @param buffer read without moving its position.
     * @return a copy of its remaining bytes.
     */
    public static byte[] toArray(final ByteBuffer buffer)
    {
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static int firstMismatch(final byte[] bytes, final int seed)
    {
        for (int i = 0; i < bytes.length; i++)
        {
            if (bytes[i] != at(i, seed))
            {
                return i;
            }
        }
        return -1;
    }
}
