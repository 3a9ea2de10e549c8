package dev.aeromq.transport;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

/**
 * One change to a stream below the protocol, fragment by fragment. The two numbers pick where and
 * what, so jqwik can shrink a failing sequence towards fewer and simpler changes.
 *
 * @param kind  what is changed.
 * @param where picks the fragment and the offset in it.
 * @param what  picks the value.
 */
record FragmentMutation(Kind kind, int where, int what)
{
    /** Ways to change a stream. */
    enum Kind
    {
        /** A fragment goes missing. */
        DROP,
        /** A fragment comes twice. */
        DUPLICATE,
        /** Two fragments come in the other order. */
        SWAP,
        /** A fragment's begin and end flags change. */
        FLAGS,
        /** Four bytes of a fragment become an extreme length (0x7FFFFFFF, 1 GiB...) or any value. */
        OVERWRITE,
        /** A fragment is cut short. */
        TRUNCATE,
        /** A fragment of random bytes and flags comes in between. */
        INSERT
    }

    /**
     * @param fragments the stream, changed in place.
     * @return what was done.
     */
    String apply(final List<Fragment> fragments)
    {
        if (fragments.isEmpty())
        {
            return "nothing to " + kind;
        }
        final int index = where % fragments.size();
        final Fragment fragment = fragments.get(index);
        final byte flags = (byte)(what & (Fragment.BEGIN | Fragment.END));
        switch (kind)
        {
            case DROP -> fragments.remove(index);
            case DUPLICATE -> fragments.add(index, fragment);
            case SWAP ->
            {
                final int other = (index + 1) % fragments.size();
                fragments.set(index, fragments.get(other));
                fragments.set(other, fragment);
            }
            case FLAGS -> fragments.set(index, new Fragment(flags, fragment.bytes()));
            case OVERWRITE ->
            {
                if (fragment.bytes().length < 4)
                {
                    return "fragment " + index + " too short to overwrite";
                }
                final byte[] bytes = fragment.bytes().clone();
                final int offset = (where >>> 8) % (bytes.length - 3);
                final int value = (what & 0x100) == 0 ? Scenarios.extreme(what >>> 9) : what;
                new UnsafeBuffer(bytes).putInt(offset, value, ByteOrder.LITTLE_ENDIAN);
                fragments.set(index, new Fragment(fragment.flags(), bytes));
                return "fragment " + index + " at " + offset + " = 0x" + Integer.toHexString(value);
            }
            case TRUNCATE -> fragments.set(index, new Fragment(fragment.flags(),
                Arrays.copyOf(fragment.bytes(), (where >>> 8) % (fragment.bytes().length + 1))));
            case INSERT ->
            {
                final byte[] bytes = new byte[1 + Math.floorMod(what >> 4, 64)];
                Arrays.fill(bytes, (byte)(what >>> 12));
                fragments.add(index, new Fragment(flags, bytes));
            }
        }
        return kind + " fragment " + index;
    }
}
