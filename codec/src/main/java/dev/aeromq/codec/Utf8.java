package dev.aeromq.codec;

/**
 * UTF-8 lengths without encoding: sizing a header must not allocate.
 */
public final class Utf8
{
    private Utf8()
    {
    }

    /**
     * @param text any string; unpaired surrogates count as '?' does when Java encodes them (1 byte).
     * @return the number of bytes its UTF-8 encoding takes.
     */
    public static int length(final CharSequence text)
    {
        int bytes = 0;
        for (int i = 0, n = text.length(); i < n; i++)
        {
            final char c = text.charAt(i);
            if (c < 0x80)
            {
                bytes += 1;
            }
            else if (c < 0x800)
            {
                bytes += 2;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1)))
            {
                bytes += 4;
                i++;
            }
            else if (Character.isSurrogate(c))
            {
                bytes += 1;
            }
            else
            {
                bytes += 3;
            }
        }
        return bytes;
    }
}
