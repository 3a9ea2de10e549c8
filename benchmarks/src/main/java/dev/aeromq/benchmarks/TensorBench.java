package dev.aeromq.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The tensor benchmark on its own, repeated: {@link TensorScenario}'s passes N times (the machine is
 * noisy), then the median of each figure and the ratios the tensors issue sets as targets — AeroMQ IPC
 * one-way against the seed's published ~2000 MB/s for 10 MB tensors over local TCP, and AeroMQ UDP
 * against JeroMQ tcp in the same run.
 * <pre>
 * mvn -q package -DskipTests -Pbench -Dbench.main=dev.aeromq.benchmarks.TensorBench -Dbench.args="--runs=5"
 * </pre>
 * Arguments: {@code --runs=N} (default 5), {@code --warmup=MS} (default 1000), {@code --measure=MS}
 * (default 3000).
 */
public final class TensorBench
{
    /** The seed's published figure for 10 MB tensors over local TCP, MB/s. */
    static final double SEED_TCP_MBPS = 2000;

    private TensorBench()
    {
    }

    /**
     * @param args {@code --runs=N}, {@code --warmup=MS}, {@code --measure=MS}.
     */
    public static void main(final String[] args)
    {
        int runs = 5;
        Duration warmup = Duration.ofSeconds(1);
        Duration measure = Duration.ofSeconds(3);
        for (final String arg : args)
        {
            if (arg.startsWith("--runs="))
            {
                runs = Integer.parseInt(arg.substring("--runs=".length()));
            }
            else if (arg.startsWith("--warmup="))
            {
                warmup = Duration.ofMillis(Long.parseLong(arg.substring("--warmup=".length())));
            }
            else if (arg.startsWith("--measure="))
            {
                measure = Duration.ofMillis(Long.parseLong(arg.substring("--measure=".length())));
            }
            else
            {
                System.err.println("usage: TensorBench [--runs=N] [--warmup=MS] [--measure=MS]");
                System.exit(2);
            }
        }
        System.out.println("Tensor benchmark - 10 MB float32 [2500, 1000] - " + BenchmarkMain.machine());
        System.out.println(runs + " passes, warm-up " + warmup.toMillis() + " ms, measure " + measure.toMillis() +
            " ms each; MB/s = 10^6 bytes of tensor data received per second (round trip: each way)");
        final List<TensorScenario.Figures> passes = new ArrayList<>();
        for (int i = 1; i <= runs; i++)
        {
            final TensorScenario.Figures figures = TensorScenario.measureAll(warmup, measure);
            passes.add(figures);
            System.out.println("pass " + i + ": " + figures);
        }
        final TensorScenario.Figures median = new TensorScenario.Figures(
            median(passes, TensorScenario.Figures::ipcOneWay), median(passes, TensorScenario.Figures::udpOneWay),
            median(passes, TensorScenario.Figures::tcpOneWay), median(passes, TensorScenario.Figures::ipcRoundTrip),
            median(passes, TensorScenario.Figures::udpRoundTrip),
            median(passes, TensorScenario.Figures::tcpRoundTrip));
        System.out.println("median: " + median);
        System.out.printf(Locale.ROOT, "one-way:    AeroMQ IPC / seed's %.0f MB/s = %s; AeroMQ UDP / JeroMQ tcp = %s%n",
            SEED_TCP_MBPS, ratio(median.ipcOneWay(), SEED_TCP_MBPS), ratio(median.udpOneWay(), median.tcpOneWay()));
        System.out.printf(Locale.ROOT, "round trip: AeroMQ IPC / JeroMQ tcp = %s; AeroMQ UDP / JeroMQ tcp = %s%n",
            ratio(median.ipcRoundTrip(), median.tcpRoundTrip()), ratio(median.udpRoundTrip(), median.tcpRoundTrip()));
        System.exit(0); // JeroMQ's reaper is not ours to wait for
    }

    private static Double median(final List<TensorScenario.Figures> passes,
        final Function<TensorScenario.Figures, Double> figure)
    {
        final List<Double> values = passes.stream().map(figure).filter(Objects::nonNull).sorted().toList();
        if (values.isEmpty())
        {
            return null;
        }
        final int middle = values.size() / 2;
        return values.size() % 2 == 1 ? values.get(middle) : (values.get(middle - 1) + values.get(middle)) / 2;
    }

    private static String ratio(final Double a, final Double b)
    {
        return a == null || b == null ? "-" : String.format(Locale.ROOT, "%.2fx", a / b);
    }
}
