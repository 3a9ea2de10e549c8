package dev.aeromq.codec;

import java.util.HexFormat;

/**
 * One input of the fuzzing properties: bytes offered as a wire message, and how they came about,
 * both shown when a property fails on them.
 *
 * @param origin how the bytes were made: random, or which valid wire message and which mutations.
 * @param bytes  the bytes.
 */
record WireInput(String origin, byte[] bytes)
{
    @Override
    public String toString()
    {
        return origin + ", " + bytes.length + " bytes: " + HexFormat.of().formatHex(bytes);
    }
}
