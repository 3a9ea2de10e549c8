package dev.aeromq.codec;

import dev.aeromq.codec.sbe.ChunkDecoder;
import dev.aeromq.codec.sbe.DataDecoder;
import dev.aeromq.testkit.Allocations;
import dev.aeromq.testkit.FuzzTries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fuzzing the frame reader ({@link WireReader} and {@link DataView}) and the handshake decoders it
 * wraps, with random bytes and mutated valid wire messages ({@link WireInputs}): whatever comes in,
 * a read either succeeds with every field inside the input or throws
 * {@link MalformedWireMessageException}; nothing else escapes, nothing depends on the bytes around the
 * input, and nothing allocates for lengths the input declares but does not carry.
 * <p>
 * The build runs each property briefly, twice: with Agrona's bounds checks on (an out-of-bounds read
 * would throw) and off (it would read the surroundings, which differ between the placements compared).
 * {@code AEROMQ_FUZZ_TRIES=1000000} runs each a million times (README, "Tests").
 */
class WireReaderFuzzTest
{
    /** What one read may allocate: an exception and its message at most. */
    private static final long READ_ALLOCATION_BOUND = 64 * 1024;

    /** What reading a Data's header (frame lengths, topic, metadata as strings) may allocate per input byte. */
    private static final long DATA_VIEW_ALLOCATION_PER_BYTE = 32;

    private static final int CI_TRIES = 5_000;
    private static final int SURROUNDING = 64;

    private final WireReads reads = new WireReads();
    private final UnsafeBuffer exact = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer surrounded = new UnsafeBuffer(new byte[64 * 1024]);
    private final UnsafeBuffer otherwiseSurrounded = new UnsafeBuffer(new byte[64 * 1024]);

    @Provide
    Arbitrary<WireInput> inputs()
    {
        return WireInputs.any();
    }

    @Property(tries = CI_TRIES)
    @FuzzTries
    void readAcceptsOnlyWhatLiesInsideTheInput(@ForAll("inputs") final WireInput input)
    {
        final String alone = read(input, () -> reads.read(exact(input), 0, input.bytes().length));
        final String inside = read(input, () -> reads.read(place(surrounded, input, (byte)0), SURROUNDING,
            input.bytes().length));
        final String insideOther = read(input, () -> reads.read(place(otherwiseSurrounded, input, (byte)0xFF),
            SURROUNDING + 3, input.bytes().length));

        assertEquals(inside, insideOther, () -> "the outcome depends on the bytes around the input " + input);
        assertEquals(alone, inside, () -> "the outcome depends on where the input lies " + input);
    }

    @Property(tries = CI_TRIES)
    @FuzzTries
    void readPrefixAcceptsOnlyTheStartOfADataOrChunk(@ForAll("inputs") final WireInput input)
    {
        final int length = input.bytes().length;
        final String alone = read(input, () -> reads.readPrefix(exact(input), 0, length));
        final String inside = read(input, () -> reads.readPrefix(place(surrounded, input, (byte)0x55), SURROUNDING,
            length));
        assertEquals(alone, inside, () -> "the outcome depends on the bytes around the input " + input);

        final int whole = templateOf(() -> reads.reader().read(exact(input), 0, length));
        final int start = templateOf(() -> reads.reader().readPrefix(exact(input), 0, length));
        if (whole == DataDecoder.TEMPLATE_ID || whole == ChunkDecoder.TEMPLATE_ID)
        {
            assertEquals(whole, start, () -> "a whole wire message is not read as its own start " + input);
        }
        if (start == WireReader.INCOMPLETE)
        {
            assertEquals(-2, whole, () -> "a header that runs past the bytes is not malformed when read whole " +
                input);
        }
    }

    @Property(tries = CI_TRIES)
    @FuzzTries
    void readingAllocatesNothingForLengthsTheInputDoesNotCarry(@ForAll("inputs") final WireInput input)
    {
        final DirectBuffer buffer = exact(input);
        final int length = input.bytes().length;
        assertAllocatesAtMost(READ_ALLOCATION_BOUND, "read", input, () -> templateOf(
            () -> reads.reader().read(buffer, 0, length)));
        assertAllocatesAtMost(READ_ALLOCATION_BOUND, "readPrefix", input, () -> templateOf(
            () -> reads.reader().readPrefix(buffer, 0, length)));
        final long dataBound = READ_ALLOCATION_BOUND + DATA_VIEW_ALLOCATION_PER_BYTE * length;
        assertAllocatesAtMost(dataBound, "DataView of a whole Data", input, () -> viewData(buffer, length, false));
        assertAllocatesAtMost(dataBound, "DataView of a first fragment", input, () -> viewData(buffer, length, true));
    }

    private int viewData(final DirectBuffer buffer, final int length, final boolean firstFragment)
    {
        final WireReader reader = reads.reader();
        try
        {
            final int templateId = firstFragment ?
                reader.readPrefix(buffer, 0, length) : reader.read(buffer, 0, length);
            if (templateId == DataDecoder.TEMPLATE_ID)
            {
                final DataView view = reads.view().wrap(reader);
                return view.topic().length() + view.metadata().size();
            }
            return templateId;
        }
        catch (final MalformedWireMessageException ex)
        {
            return -2;
        }
    }

    /**
     * Measure twice if need be: the first call of a path may link its string concatenation or load a
     * class, once per JVM; the bound is for what the input makes it allocate.
     */
    private static void assertAllocatesAtMost(
        final long bound, final String what, final WireInput input, final Supplier<Integer> call)
    {
        long allocated = measure(call);
        if (allocated > bound)
        {
            allocated = measure(call);
        }
        final long used = allocated;
        assertTrue(used <= bound, () -> what + " allocated " + used + " bytes (at most " + bound + " allowed) for " +
            input);
    }

    private static long measure(final Supplier<Integer> call)
    {
        final long before = Allocations.ofCurrentThread();
        call.get();
        return Allocations.ofCurrentThread() - before;
    }

    private static int templateOf(final Supplier<Integer> read)
    {
        try
        {
            return read.get();
        }
        catch (final MalformedWireMessageException ex)
        {
            return -2;
        }
    }

    private DirectBuffer exact(final WireInput input)
    {
        exact.wrap(input.bytes());
        return exact;
    }

    private static DirectBuffer place(final UnsafeBuffer buffer, final WireInput input, final byte fill)
    {
        buffer.setMemory(0, buffer.capacity(), fill);
        final int offset = fill == (byte)0xFF ? SURROUNDING + 3 : SURROUNDING;
        buffer.putBytes(offset, input.bytes());
        return buffer;
    }

    private static String read(final WireInput input, final Supplier<String> read)
    {
        try
        {
            return read.get();
        }
        catch (final RuntimeException ex)
        {
            return fail(ex + " escaped reading " + input, ex);
        }
    }
}
