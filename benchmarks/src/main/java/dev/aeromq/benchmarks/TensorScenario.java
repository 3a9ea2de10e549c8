package dev.aeromq.benchmarks;

import dev.aeromq.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Scenario "tensors": a 10 MB float32 tensor ([2500, 1000], 10^7 bytes) one-way (PUSH/PULL) and round
 * trip (REQ/REP, the REP sending the tensor back), AeroMQ over IPC and UDP loopback against JeroMQ over
 * tcp loopback moving the same bytes plus a small shape header (JeroMQ's figures are in the udp rows).
 * Figures are MB/s (10^6 bytes) of tensor data received: for a round trip, the rate each way.
 */
final class TensorScenario implements Scenario
{
    /** Rows' scenario names. */
    static final String ONE_WAY = "tensor-oneway";
    /** One-way into the receiver's own memory (a FrameAllocator reusing one block). */
    static final String ONE_WAY_OWN = "tensor-oneway-own";
    static final String ROUND_TRIP = "tensor-roundtrip";
    /** The tensor: 2500 x 1000 float32 = 10 MB. */
    static final long[] SHAPE = { 2500, 1000 };
    static final int BYTES = 2500 * 1000 * Float.BYTES;
    /** AeroMQ's term length here: the benchmarks' usual 16 MiB (wire messages of 2 MiB, so 5 per tensor). */
    static final int TERM_LENGTH = BenchSupport.TERM_LENGTH;

    private static final long JOIN_MS = 10_000;

    @Override
    public String name()
    {
        return "tensors";
    }

    @Override
    public void run(final Settings settings, final Results results)
    {
        final Figures figures = measureAll(settings.warmup(), settings.measure());
        results.add(Row.of(ONE_WAY, "ipc", BYTES, "bandwidth", "MB/s", figures.ipcOneWay(), null, null));
        results.add(Row.of(ONE_WAY, "udp", BYTES, "bandwidth", "MB/s", figures.udpOneWay(), null,
            figures.tcpOneWay()));
        results.add(Row.of(ROUND_TRIP, "ipc", BYTES, "bandwidth", "MB/s", figures.ipcRoundTrip(), null, null));
        results.add(Row.of(ROUND_TRIP, "udp", BYTES, "bandwidth", "MB/s", figures.udpRoundTrip(), null,
            figures.tcpRoundTrip()));
        final Tensor tensor = tensor();
        results.add(Row.of(ONE_WAY_OWN, "ipc", BYTES, "bandwidth", "MB/s", measure("AeroMQ ipc own memory", ONE_WAY,
            settings.warmup(), settings.measure(), () -> TensorAeroMq.open("ipc", tensor, TERM_LENGTH, true)), null,
            null));
        results.add(Row.of(ONE_WAY_OWN, "udp", BYTES, "bandwidth", "MB/s", measure("AeroMQ udp own memory", ONE_WAY,
            settings.warmup(), settings.measure(), () -> TensorAeroMq.open("udp", tensor, TERM_LENGTH, true)), null,
            null));
    }

    private static Tensor tensor()
    {
        final float[] values = new float[BYTES / Float.BYTES];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = i * 0.001f;
        }
        return Tensor.of(values, SHAPE);
    }

    /**
     * One pass: every contender and mode, one after the other, each set up and torn down completely.
     *
     * @param warmup  before counting.
     * @param measure counted window.
     * @return MB/s of each, null where one failed.
     */
    static Figures measureAll(final Duration warmup, final Duration measure)
    {
        final Tensor tensor = tensor();
        final float[] values = tensor.toFloatArray();
        final byte[] bytes = new byte[BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
        final List<String> modes = List.of(ONE_WAY, ROUND_TRIP);
        final Double[] figures = new Double[6];
        int i = 0;
        for (final String mode : modes)
        {
            figures[i++] = measure("AeroMQ ipc " + mode, mode, warmup, measure,
                () -> TensorAeroMq.open("ipc", tensor, TERM_LENGTH));
            figures[i++] = measure("AeroMQ udp " + mode, mode, warmup, measure,
                () -> TensorAeroMq.open("udp", tensor, TERM_LENGTH));
            figures[i++] = measure("JeroMQ tcp " + mode, mode, warmup, measure,
                () -> TensorJeroMq.open(SHAPE, bytes));
        }
        return new Figures(figures[0], figures[1], figures[2], figures[3], figures[4], figures[5]);
    }

    /**
     * Run one contender in one mode: its two loops on threads of their own, a warm-up, then the bytes
     * received in the measured window.
     *
     * @return MB/s, or null (after saying why) if it failed.
     */
    static Double measure(
        final String what,
        final String mode,
        final Duration warmup,
        final Duration measure,
        final Supplier<TensorContender> opener)
    {
        final AtomicBoolean running = new AtomicBoolean(true);
        final TensorContender.ByteCounter received = new TensorContender.ByteCounter();
        final boolean oneWay = ONE_WAY.equals(mode);
        try (TensorContender contender = opener.get())
        {
            final Thread first = Thread.ofPlatform().name(what + " a").start(oneWay ?
                () -> contender.sendLoop(running::get) : () -> contender.replyLoop(running::get));
            final Thread second = Thread.ofPlatform().name(what + " b").start(oneWay ?
                () -> contender.receiveLoop(received, running::get) :
                () -> contender.requestLoop(received, running::get));
            try
            {
                TimeUnit.NANOSECONDS.sleep(warmup.toNanos());
                final long startBytes = received.bytes();
                final long start = System.nanoTime();
                TimeUnit.NANOSECONDS.sleep(measure.toNanos());
                final long bytes = received.bytes() - startBytes;
                final double seconds = (System.nanoTime() - start) / 1e9;
                return bytes / seconds / 1e6;
            }
            finally
            {
                running.set(false);
                first.join(JOIN_MS);
                second.join(JOIN_MS);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return null;
        }
        catch (final RuntimeException ex)
        {
            System.out.println("!! " + what + ": no figure, " + ex);
            return null;
        }
    }

    /**
     * MB/s of one pass.
     *
     * @param ipcOneWay    AeroMQ over IPC, one-way.
     * @param udpOneWay    AeroMQ over UDP loopback, one-way.
     * @param tcpOneWay    JeroMQ over tcp loopback, one-way.
     * @param ipcRoundTrip AeroMQ over IPC, round trip (each way).
     * @param udpRoundTrip AeroMQ over UDP loopback, round trip.
     * @param tcpRoundTrip JeroMQ over tcp loopback, round trip.
     */
    record Figures(
        Double ipcOneWay, Double udpOneWay, Double tcpOneWay, Double ipcRoundTrip, Double udpRoundTrip,
        Double tcpRoundTrip)
    {
        @Override
        public String toString()
        {
            return String.format(Locale.ROOT, "one-way ipc %s udp %s tcp(JeroMQ) %s | round trip ipc %s udp %s " +
                "tcp(JeroMQ) %s MB/s", f(ipcOneWay), f(udpOneWay), f(tcpOneWay), f(ipcRoundTrip), f(udpRoundTrip),
                f(tcpRoundTrip));
        }

        private static String f(final Double value)
        {
            return value == null ? "-" : String.format(Locale.ROOT, "%.0f", value);
        }
    }
}
