package dev.aeromq.benchmarks.jmh;

import dev.aeromq.Message;
import dev.aeromq.codec.FrameReader;
import dev.aeromq.codec.sbe.BooleanType;
import dev.aeromq.codec.sbe.DataDecoder;
import dev.aeromq.codec.sbe.DataEncoder;
import dev.aeromq.codec.sbe.MessageHeaderEncoder;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Micro-benchmarks of the per-message codec work on AeroMQ's hot path:
 * <ul>
 *     <li>{@link #encodeData()}: a DATA header as a sender writes it (socket id, correlation id, two
 *     inline parts of 32 B, no metadata, a topic, 64 inline bytes) into an {@link UnsafeBuffer};</li>
 *     <li>{@link #readData()}: {@link FrameReader#read} of such a frame (every length validated) and
 *     then its correlation id, as the engine does for every frame it polls;</li>
 *     <li>{@link #messageOf()}: {@code Message.of(byte[])} and {@code frame(0).capacity()}, what an
 *     application pays to wrap a payload ({@link #messageOfEscaping()}: the message escapes, as into
 *     {@code send}).</li>
 * </ul>
 * Run (after {@code mvn -q install -DskipTests}):
 * <pre>
 * cd benchmarks
 * CP="target/classes:$(cd .. &amp;&amp; mvn -q -o -pl benchmarks dependency:build-classpath \
 *     -Dmdep.outputFile=/dev/stdout)"
 * java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -cp "$CP" org.openjdk.jmh.Main CodecBenchmark \
 *     -f 1 -wi 3 -i 5
 * </pre>
 * ({@code -prof gc} adds the allocation rate.) {@link #main} does the same with those defaults. The
 * class is not final because JMH generates subclasses of its {@code @State} classes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED")
public class CodecBenchmark
{
    private static final int PART_LENGTH = 32;
    private static final int VAR_HEADER_LENGTH = 4;

    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final DataEncoder dataEncoder = new DataEncoder();
    private final FrameReader reader = new FrameReader();
    private final UnsafeBuffer encodeBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(1024, 64));
    private final UnsafeBuffer frame = new UnsafeBuffer(BufferUtil.allocateDirectAligned(1024, 64));
    private final byte[] topic = "prices.eur".getBytes(StandardCharsets.UTF_8);
    private final UnsafeBuffer part0 = new UnsafeBuffer(new byte[PART_LENGTH]);
    private final UnsafeBuffer part1 = new UnsafeBuffer(new byte[PART_LENGTH]);
    private final byte[] payload = new byte[64];
    private int frameLength;
    private long correlationId;

    /**
     * Encode the frame {@link #readData()} reads.
     */
    @Setup
    public void setUp()
    {
        for (int i = 0; i < PART_LENGTH; i++)
        {
            part0.putByte(i, (byte)i);
            part1.putByte(i, (byte)(PART_LENGTH + i));
        }
        frameLength = encode(frame, 42);
    }

    /**
     * @return the encoded length, so the work is not eliminated.
     */
    @Benchmark
    public int encodeData()
    {
        return encode(encodeBuffer, ++correlationId);
    }

    /**
     * @return the frame's correlation id.
     */
    @Benchmark
    public long readData()
    {
        if (reader.read(frame, 0, frameLength) != DataDecoder.TEMPLATE_ID)
        {
            throw new IllegalStateException("not a DATA frame");
        }
        return reader.data().correlationId();
    }

    /**
     * @return the frame's length.
     */
    @Benchmark
    public int messageOf()
    {
        return Message.of(payload).frame(0).capacity();
    }

    /**
     * The same, but the message escapes (as it does into {@code send}), so its allocation is paid:
     * in {@link #messageOf()} escape analysis may remove the message altogether.
     *
     * @return the message, consumed by JMH.
     */
    @Benchmark
    public Message messageOfEscaping()
    {
        return Message.of(payload);
    }

    /**
     * The layout the sender writes (see {@code Link.encodeData}): the inline parts are one SBE var
     * field gathered from several frames, written by hand since the generated encoder takes one source.
     */
    private int encode(final UnsafeBuffer buffer, final long correlationId)
    {
        dataEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
            .socketId(7)
            .correlationId(correlationId);
        dataEncoder.partsCount(2)
            .next().length(PART_LENGTH).attached(BooleanType.FALSE)
            .next().length(PART_LENGTH).attached(BooleanType.FALSE);
        dataEncoder.metadataCount(0);
        dataEncoder.putTopic(topic, 0, topic.length);
        final int limit = dataEncoder.limit();
        buffer.putInt(limit, 2 * PART_LENGTH, ByteOrder.LITTLE_ENDIAN);
        buffer.putBytes(limit + VAR_HEADER_LENGTH, part0, 0, PART_LENGTH);
        buffer.putBytes(limit + VAR_HEADER_LENGTH + PART_LENGTH, part1, 0, PART_LENGTH);
        final int end = limit + VAR_HEADER_LENGTH + 2 * PART_LENGTH;
        dataEncoder.limit(end);
        return end;
    }

    /**
     * @param args JMH arguments; none runs this class with {@code -f 1 -wi 3 -i 5}.
     * @throws Exception if JMH fails.
     */
    public static void main(final String[] args) throws Exception
    {
        org.openjdk.jmh.Main.main(args.length > 0 ? args :
            new String[]{ CodecBenchmark.class.getSimpleName(), "-f", "1", "-wi", "3", "-i", "5" });
    }
}
