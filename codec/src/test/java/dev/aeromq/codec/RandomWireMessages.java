package dev.aeromq.codec;

import dev.aeromq.codec.sbe.SocketType;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Valid wire messages of every type with random fields, written by {@link WireWriter}: the seeds the
 * fuzzing properties mutate. Small on purpose (few prefixes, frames and metadata entries), so that a
 * mutation lands on a length or a count often; now and then a Data's frames are longer than its header
 * (a first fragment), or a Chunk carries a few hundred bytes.
 */
final class RandomWireMessages
{
    private static final String[] WORDS = {"", "a", "topic.", "ü", "€uro", "\uD83D\uDE00", "k", "clé"};
    private static final SocketType[] TYPES = {
        SocketType.REQ, SocketType.REP, SocketType.PUB, SocketType.SUB, SocketType.PUSH, SocketType.PULL,
        SocketType.PAIR};

    private final WireWriter writer = new WireWriter();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * 1024]);

    /**
     * @param random source of every choice.
     * @return the type's name and the bytes of one valid wire message (a Data's frames' bytes possibly
     * cut short: the start of a longer one).
     */
    WireInput next(final Random random)
    {
        return switch (random.nextInt(11))
        {
            case 0 -> input("Hello", writer.hello(buffer, 0, type(random), random.nextLong(), random.nextLong(),
                random.nextInt(), random.nextInt(0x10000), random.nextLong(), liveness(random), prefixes(random)));
            case 1 -> input("Welcome", writer.welcome(buffer, 0, type(random), random.nextLong(), random.nextLong(),
                random.nextLong(), liveness(random), prefixes(random)));
            case 2 -> input("Reject", writer.reject(buffer, 0, type(random), random.nextLong(), random.nextLong(),
                word(random) + word(random)));
            case 3, 4 -> data(random);
            case 5 -> input("Heartbeat", writer.heartbeat(buffer, 0));
            case 6 -> input("Bye", writer.bye(buffer, 0, random.nextBoolean()));
            case 7 -> input("Prefix", writer.prefix(buffer, 0, random.nextBoolean(), random.nextLong(),
                bytes(random, 6)));
            case 8 -> chunk(random);
            case 9 -> input("PrefixAck", writer.prefixAck(buffer, 0, random.nextLong()));
            default -> input("Abort", writer.abort(buffer, 0));
        };
    }

    private static Liveness liveness(final Random random)
    {
        return new Liveness(random.nextLong(), random.nextLong());
    }

    private WireInput data(final Random random)
    {
        final int frameCount = random.nextInt(8) == 0 ? random.nextInt(40) : random.nextInt(4);
        final DirectBuffer[] frames = new DirectBuffer[frameCount];
        long bodyLength = 0;
        for (int i = 0; i < frameCount; i++)
        {
            frames[i] = new UnsafeBuffer(new byte[random.nextInt(8) == 0 ? random.nextInt(600) : random.nextInt(12)]);
            bodyLength += frames[i].capacity();
        }
        final Map<String, String> metadata = new LinkedHashMap<>();
        for (int i = random.nextInt(3); i > 0; i--)
        {
            metadata.put(word(random) + i, word(random));
        }
        final byte[] topic = word(random).getBytes(StandardCharsets.UTF_8);
        final int header = writer.dataHeader(buffer, 0, random.nextLong(), frames, metadata, topic);
        final int present = random.nextInt(4) == 0 ? random.nextInt((int)bodyLength + 1) : (int)bodyLength;
        for (int i = 0; i < present; i++)
        {
            buffer.putByte(header + i, (byte)i);
        }
        return input(present == bodyLength ? "Data" : "Data (first " + present + " of " + bodyLength + " bytes)",
            header + present);
    }

    private WireInput chunk(final Random random)
    {
        final long bodyOffset = random.nextBoolean() ? random.nextInt(100) : random.nextLong() & Long.MAX_VALUE;
        final int header = writer.chunk(buffer, 0, bodyOffset);
        final byte[] body = bytes(random, random.nextInt(8) == 0 ? 600 : 16);
        buffer.putBytes(header, body);
        return input("Chunk", header + body.length);
    }

    private WireInput input(final String type, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return new WireInput(type, bytes);
    }

    private static SocketType type(final Random random)
    {
        return TYPES[random.nextInt(TYPES.length)];
    }

    private static List<byte[]> prefixes(final Random random)
    {
        final List<byte[]> prefixes = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--)
        {
            prefixes.add(bytes(random, 6));
        }
        return prefixes;
    }

    private static String word(final Random random)
    {
        return WORDS[random.nextInt(WORDS.length)];
    }

    private static byte[] bytes(final Random random, final int maxLength)
    {
        final byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(bytes);
        return bytes;
    }
}
