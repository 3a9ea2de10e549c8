package dev.aeromq.benchmarks.jmh;

import dev.aeromq.Message;
import dev.aeromq.codec.DataView;
import dev.aeromq.codec.WireReader;
import dev.aeromq.codec.WireWriter;
import dev.aeromq.codec.sbe.DataDecoder;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.Main;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Micro-benchmarks of the per-message codec work on AeroMQ's hot path:
 * <ul>
 *     <li>{@link #encodeData()}: a Data wire message as a sender writes it ({@link WireWriter#dataHeader}:
 *     correlation id, two frames of 32 B, no metadata, a topic; then the frames' 64 bytes) into an
 *     {@link UnsafeBuffer};</li>
 *     <li>{@link #readData()}: {@link WireReader#read} of such a wire message (every length validated)
 *     and {@link DataView#wrap}, as a socket's duty thread does for every message it polls;</li>
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

    private final WireWriter writer = new WireWriter();
    private final WireReader reader = new WireReader();
    private final DataView view = new DataView();
    private final UnsafeBuffer encodeBuffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(1024, 64));
    private final UnsafeBuffer frame = new UnsafeBuffer(BufferUtil.allocateDirectAligned(1024, 64));
    private final byte[] topic = "prices.eur".getBytes(StandardCharsets.UTF_8);
    private final UnsafeBuffer part0 = new UnsafeBuffer(new byte[PART_LENGTH]);
    private final UnsafeBuffer part1 = new UnsafeBuffer(new byte[PART_LENGTH]);
    private final DirectBuffer[] frames = { part0, part1 };
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
     * @return the message's correlation id.
     */
    @Benchmark
    public long readData()
    {
        if (reader.read(frame, 0, frameLength) != DataDecoder.TEMPLATE_ID)
        {
            throw new IllegalStateException("not a Data wire message");
        }
        return view.wrap(reader).correlationId();
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
     * The layout the sender writes (see {@code Link.offerData}): the header, then the frames' bytes.
     */
    private int encode(final UnsafeBuffer buffer, final long correlationId)
    {
        int cursor = writer.dataHeader(buffer, 0, correlationId, frames, Map.of(), topic);
        for (final DirectBuffer part : frames)
        {
            buffer.putBytes(cursor, part, 0, PART_LENGTH);
            cursor += PART_LENGTH;
        }
        return cursor;
    }

    /**
     * @param args JMH arguments; none runs this class with {@code -f 1 -wi 3 -i 5}.
     * @throws Exception if JMH fails.
     */
    public static void main(final String[] args) throws Exception
    {
        Main.main(args.length > 0 ? args :
            new String[]{ CodecBenchmark.class.getSimpleName(), "-f", "1", "-wi", "3", "-i", "5" });
    }
}
