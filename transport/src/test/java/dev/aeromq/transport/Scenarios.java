package dev.aeromq.transport;

import dev.aeromq.codec.DataView;
import dev.aeromq.codec.MalformedWireMessageException;
import dev.aeromq.codec.WireReader;
import dev.aeromq.codec.WireWriter;
import dev.aeromq.codec.sbe.ByeDecoder;
import dev.aeromq.codec.sbe.DataDecoder;
import dev.aeromq.codec.sbe.HelloDecoder;
import dev.aeromq.codec.sbe.MessageHeaderEncoder;
import dev.aeromq.codec.sbe.RejectDecoder;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.codec.sbe.WelcomeDecoder;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The peer streams the transport's fuzzing properties feed a socket: by the protocol ({@link Traffic}:
 * messages of one or many wire messages, whole, aborted, left open and cut short by the next; Chunks at
 * the wrong offset or of no message; Data declaring 1 GiB or 0x7FFFFFFF; malformed wire messages
 * between and inside messages; control wire messages that span fragments, one longer than a socket
 * gathers), every wire message split into fragments of a random size; and the same streams mutated
 * fragment by fragment (dropped, duplicated, swapped, flags changed, bytes overwritten with extreme
 * lengths, cut, random fragments inserted).
 */
final class Scenarios
{
    /** The receiving socket's limit in these scenarios: messages above it are dropped. */
    static final long MAX_MESSAGE_SIZE = 8 * 1024;

    /** The longest fragment a UDP publication with the default MTU carries. */
    static final int UDP_MAX_FRAGMENT = 1408 - 32;

    /** The smallest fragment but the last of a wire message. */
    private static final int MIN_FRAGMENT = 32;

    private static final int[] EXTREMES = {0x7FFF_FFFF, 1 << 30, (1 << 30) + 1, 0x8000_0000, -1, 0xFFFF};

    private Scenarios()
    {
    }

    /**
     * @param forSocket true to leave out what would end the link of a real socket (Hello, Bye).
     * @return streams made by the protocol, with their expected outcome.
     */
    static Arbitrary<Scenario> byTheProtocol(final boolean forSocket)
    {
        return Arbitraries.randomValue(random -> protocol(random, forSocket));
    }

    /**
     * @param forSocket true to leave out what would end the link of a real socket (Hello, Bye).
     * @return streams made by the protocol, then mutated fragment by fragment.
     */
    static Arbitrary<Scenario> mutated(final boolean forSocket)
    {
        final Arbitrary<FragmentMutation> mutation = Combinators.combine(
            Arbitraries.of(FragmentMutation.Kind.class),
            Arbitraries.integers().greaterOrEqual(0),
            Arbitraries.integers())
            .as(FragmentMutation::new);
        return Combinators.combine(byTheProtocol(forSocket), mutation.list().ofMinSize(1).ofMaxSize(6))
            .as((scenario, mutations) -> mutate(scenario, mutations, forSocket));
    }

    private static Scenario protocol(final Random random, final boolean forSocket)
    {
        final Traffic traffic = new Traffic(MAX_MESSAGE_SIZE);
        final int maxFragment = forSocket || random.nextBoolean() ? UDP_MAX_FRAGMENT : 2 * MIN_FRAGMENT;
        for (int steps = 1 + random.nextInt(8); steps > 0; steps--)
        {
            final int mtu = fragmentLength(random, maxFragment);
            switch (random.nextInt(14))
            {
                case 0, 1, 2, 3 ->
                {
                    traffic.begin(message(random), wireLength(random), mtu);
                    while (traffic.nextChunk(fragmentLength(random, maxFragment)))
                    {
                        if (random.nextInt(6) == 0)
                        {
                            interject(random, traffic, mtu, forSocket);
                        }
                    }
                }
                case 4 ->
                {
                    traffic.begin(message(random), wireLength(random), mtu);
                    for (int chunks = random.nextInt(3); chunks > 0; chunks--)
                    {
                        traffic.nextChunk(mtu);
                    }
                    traffic.abort();
                }
                case 5 ->
                {
                    traffic.begin(message(random), wireLength(random), mtu); // left open: cut short by the next
                    traffic.nextChunk(mtu);
                }
                case 6 -> traffic.hugeData(EXTREMES[random.nextInt(3)], mtu);
                case 7 -> traffic.strayChunk(random.nextBoolean() ? random.nextInt(3) : random.nextLong() & 0xFFFF,
                    bytes(random, 1 + random.nextInt(40)), mtu);
                case 8, 9 -> interject(random, traffic, mtu, forSocket);
                case 10 ->
                    traffic.tooLongPrefix(bytes(random, Reassembly.MAX_GATHERED_LENGTH + random.nextInt(9)), mtu);
                case 11 -> traffic.abort();
                default -> traffic.malformed(malformed(random, forSocket), "wire message");
            }
        }
        traffic.begin(message(random), wireLength(random), fragmentLength(random, maxFragment)); // cuts the open one
        traffic.finish(fragmentLength(random, maxFragment));
        return new Scenario(traffic.fragments(), traffic.arrivals(), traffic.malformed(), traffic.dropped(),
            traffic.steps(), random.nextLong());
    }

    private static void interject(final Random random, final Traffic traffic, final int mtu, final boolean forSocket)
    {
        switch (random.nextInt(4))
        {
            case 0 -> traffic.heartbeat();
            case 1 -> traffic.prefix(bytes(random, random.nextInt(4) == 0 ? 3000 : 8), mtu);
            default -> traffic.malformed(malformed(random, forSocket), "wire message");
        }
    }

    private static TrafficMessage message(final Random random)
    {
        final byte[][] frames = new byte[random.nextInt(5)][];
        for (int i = 0; i < frames.length; i++)
        {
            frames[i] = bytes(random, switch (random.nextInt(12))
            {
                case 0 -> random.nextInt(6000);
                case 1 -> (int)MAX_MESSAGE_SIZE + 1 + random.nextInt(100);
                default -> random.nextInt(40);
            });
        }
        final Map<String, String> metadata = random.nextInt(4) == 0 ? Map.of("k" + random.nextInt(9), "v") : Map.of();
        return new TrafficMessage(random.nextLong(), bytes(random, random.nextInt(12)), metadata, frames);
    }

    /**
     * Aeron splits a wire message into fragments of its publication's largest payload, the MTU less the
     * 32-byte frame header, and an MTU is at least 64 bytes.
     */
    private static int fragmentLength(final Random random, final int maxFragment)
    {
        return MIN_FRAGMENT + random.nextInt(maxFragment - MIN_FRAGMENT + 1);
    }

    private static int wireLength(final Random random)
    {
        return WireWriter.CHUNK_HEADER_LENGTH + 1 + random.nextInt(random.nextBoolean() ? 100 : 5000);
    }

    /**
     * A whole wire message a socket must reject as malformed: random bytes, a broken length, count or
     * enum, a Data whose frames do not add up, or a handshake wire message, which has no place on a link.
     */
    private static byte[] malformed(final Random random, final boolean forSocket)
    {
        final WireWriter writer = new WireWriter();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final byte[] bytes = switch (random.nextInt(7))
        {
            case 0 -> bytes(random, 1 + random.nextInt(40));
            case 1 -> welcome(writer, buffer);
            case 2 -> copy(buffer, writer.reject(buffer, 0, SocketType.PULL, 1, 2, "no"));
            case 3 ->
            {
                final int length = writer.heartbeat(buffer, 0);
                buffer.putShort(0, (short)(1 + random.nextInt(9)), ByteOrder.LITTLE_ENDIAN); // block length
                yield copy(buffer, length);
            }
            case 4 ->
            {
                final byte[] data = Arrays.copyOf(copy(buffer, writer.dataHeader(buffer, 0, 0,
                    new TrafficMessage(0, new byte[0], Map.of(), new byte[][] {new byte[4]}).frameBuffers(),
                    Map.of(), new byte[0])), 64);
                new UnsafeBuffer(data).putInt(Traffic.FIRST_FRAME_LENGTH_OFFSET,
                    random.nextBoolean() ? -1 - random.nextInt(10) : random.nextInt(4), ByteOrder.LITTLE_ENDIAN);
                yield data; // a negative frame, or more bytes than the frames add up to
            }
            case 5 ->
            {
                final int length = writer.chunk(buffer, 0, -1 - random.nextInt(1000));
                yield copy(buffer, length); // a negative offset
            }
            default ->
            {
                final int length = writer.prefix(buffer, 0, true, random.nextLong(), bytes(random, 4));
                buffer.putByte(MessageHeaderEncoder.ENCODED_LENGTH, (byte)(3 + random.nextInt(100))); // no action
                yield copy(buffer, length);
            }
        };
        return rejected(bytes) && (!forSocket || !endsTheLink(bytes)) ? bytes : new byte[] {1, 2, 3};
    }

    /**
     * @param bytes a whole wire message.
     * @return true if a socket must reject it: the reader refuses it, its frames do not add up, or it
     * is a handshake wire message.
     */
    static boolean rejected(final byte[] bytes)
    {
        final WireReader reader = new WireReader();
        try
        {
            final int templateId = reader.read(new UnsafeBuffer(bytes), 0, bytes.length);
            if (templateId == DataDecoder.TEMPLATE_ID)
            {
                new DataView().wrap(reader);
            }
            return templateId == HelloDecoder.TEMPLATE_ID || templateId == WelcomeDecoder.TEMPLATE_ID ||
                templateId == RejectDecoder.TEMPLATE_ID;
        }
        catch (final MalformedWireMessageException ex)
        {
            return true;
        }
    }

    /**
     * @param bytes the first fragment of a wire message.
     * @return true if a real socket would take it as a Hello (a reset) or a Bye (the peer leaves).
     */
    static boolean endsTheLink(final byte[] bytes)
    {
        if (bytes.length < 4)
        {
            return false;
        }
        final int templateId = new UnsafeBuffer(bytes).getShort(2, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        return templateId == HelloDecoder.TEMPLATE_ID || templateId == ByeDecoder.TEMPLATE_ID;
    }

    private static Scenario mutate(
        final Scenario scenario, final List<FragmentMutation> mutations, final boolean forSocket)
    {
        final List<Fragment> fragments = new ArrayList<>(scenario.fragments());
        final List<String> steps = new ArrayList<>(scenario.steps());
        for (final FragmentMutation mutation : mutations)
        {
            steps.add(mutation.apply(fragments));
        }
        if (forSocket)
        {
            fragments.replaceAll(Scenarios::harmless);
        }
        return new Scenario(fragments, null, leastMalformed(fragments), -1, steps, scenario.seed());
    }

    /**
     * What a socket must count as malformed in any stream, at least, from the fragments' flags and the
     * reader alone: a wire message begun before the last ended (it cuts that one short), a fragment
     * that continues none, and a whole wire message the reader rejects.
     */
    static long leastMalformed(final List<Fragment> fragments)
    {
        long malformed = 0;
        boolean open = false;
        for (final Fragment fragment : fragments)
        {
            if (fragment.begins() ? open || fragment.ends() && rejected(fragment.bytes()) : !open)
            {
                malformed++;
            }
            open = !fragment.ends();
        }
        return malformed;
    }

    /**
     * A fragment that would begin a Hello or a Bye begins a wire message of an unknown type instead.
     */
    private static Fragment harmless(final Fragment fragment)
    {
        if (!fragment.begins() || !endsTheLink(fragment.bytes()))
        {
            return fragment;
        }
        final byte[] changed = fragment.bytes().clone();
        new UnsafeBuffer(changed).putShort(2, (short)0x7FFF, ByteOrder.LITTLE_ENDIAN);
        return new Fragment(fragment.flags(), changed);
    }

    /**
     * @return an extreme length or count: 0x7FFFFFFF, 1 GiB, 1 GiB + 1, 2^31, -1, 0xFFFF.
     */
    static int extreme(final int index)
    {
        return EXTREMES[Math.floorMod(index, EXTREMES.length)];
    }

    private static byte[] welcome(final WireWriter writer, final UnsafeBuffer buffer)
    {
        return copy(buffer, writer.welcome(buffer, 0, SocketType.PULL, 1, 2, 3, TestSessions.LIVENESS, List.of()));
    }

    private static byte[] copy(final UnsafeBuffer buffer, final int length)
    {
        return Arrays.copyOf(buffer.byteArray(), length);
    }

    private static byte[] bytes(final Random random, final int length)
    {
        final byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
