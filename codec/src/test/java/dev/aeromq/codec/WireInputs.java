package dev.aeromq.codec;

import dev.aeromq.codec.sbe.MessageHeaderEncoder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;
import java.util.Random;

/**
 * The inputs of the wire fuzzing properties: random bytes; random bytes behind a valid header (so the
 * reader gets past the schema id); and, most of them, valid wire messages of every type with up to
 * five structure-aware mutations (fields, lengths, group counts, var lengths, template ids, versions
 * and block lengths set to extremes, 1 GiB, 0x7FFFFFFF or the bytes left; truncations; appended
 * bytes; flipped bits).
 */
final class WireInputs
{
    private static final ThreadLocal<RandomWireMessages> MESSAGES = ThreadLocal.withInitial(RandomWireMessages::new);

    private WireInputs()
    {
    }

    /**
     * @return any input.
     */
    static Arbitrary<WireInput> any()
    {
        return Arbitraries.frequencyOf(
            Tuple.of(2, randomBytes()),
            Tuple.of(2, headerAndRandomBytes()),
            Tuple.of(8, mutatedMessages()));
    }

    /**
     * @return valid wire messages, unchanged.
     */
    static Arbitrary<WireInput> validMessages()
    {
        return Arbitraries.randomValue(WireInputs::validMessage);
    }

    /**
     * @return valid wire messages with one to five mutations.
     */
    static Arbitrary<WireInput> mutatedMessages()
    {
        return Combinators.combine(validMessages(), mutations()).as(WireInputs::mutate);
    }

    private static Arbitrary<WireInput> randomBytes()
    {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(96).map(bytes -> new WireInput("random", bytes));
    }

    private static Arbitrary<WireInput> headerAndRandomBytes()
    {
        return Combinators.combine(
            Arbitraries.integers().between(0, 12),
            Arbitraries.integers().between(0, 40),
            Arbitraries.integers().between(WireReader.VERSION - 1, WireReader.VERSION + 1),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(96))
            .as(WireInputs::headerAnd);
    }

    private static Arbitrary<List<WireMutation>> mutations()
    {
        return Combinators.combine(
            Arbitraries.of(WireMutation.Kind.class),
            Arbitraries.integers().greaterOrEqual(0),
            Arbitraries.integers())
            .as(WireMutation::new)
            .list().ofMinSize(1).ofMaxSize(5);
    }

    private static WireInput validMessage(final Random random)
    {
        return MESSAGES.get().next(random);
    }

    private static WireInput mutate(final WireInput valid, final List<WireMutation> mutations)
    {
        final List<WireFields.Field> fields = WireFields.of(valid.bytes());
        WireInput input = valid;
        for (final WireMutation mutation : mutations)
        {
            input = mutation.apply(input, fields);
        }
        return input;
    }

    private static WireInput headerAnd(
        final int templateId, final int blockLength, final int version, final byte[] body)
    {
        final byte[] bytes = new byte[MessageHeaderEncoder.ENCODED_LENGTH + body.length];
        new MessageHeaderEncoder().wrap(new UnsafeBuffer(bytes), 0)
            .blockLength(blockLength)
            .templateId(templateId)
            .schemaId(MessageHeaderEncoder.SCHEMA_ID)
            .version(version);
        System.arraycopy(body, 0, bytes, MessageHeaderEncoder.ENCODED_LENGTH, body.length);
        return new WireInput("header (template " + templateId + ", block " + blockLength + ", version " + version +
            ") and random bytes", bytes);
    }
}
