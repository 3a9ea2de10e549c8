package dev.aeromq.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Runs the standard set: every scenario, each with AeroMQ, raw Aeron and JeroMQ one after the
 * other in this process; prints the table, writes {@code results/latest.csv} (plus a dated copy)
 * and {@code results/latest.png}.
 * <pre>
 * mvn -q package -DskipTests -Pbench                          # the standard set: ~7.5 min on 2 shared cores
 * mvn -q package -DskipTests -Pbench -Dbench.args=--quick     # ~2.5 min
 * </pre>
 */
public final class BenchmarkMain
{
    /** What raw Aeron's channels are given, for the header lines. */
    static final String RAW_AERON_CHANNELS = "raw Aeron: AeroMQ's term length everywhere; in the large rows " +
        "also AeroMQ's channel settings (" + BenchSupport.largeChannelSettings() + "), elsewhere Aeron's " +
        "default MTU (1408)";

    private BenchmarkMain()
    {
    }

    /**
     * @param args {@code --quick}, {@code --only=throughput,poll,latency,fanout,serve,memory,alloc,large,tensors}.
     * @throws IOException if the results cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        final Settings settings = Settings.parse(args);
        final String machine = machine();
        final String date = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT));
        System.out.println("AeroMQ benchmarks " + (settings.quick() ? "(quick) " : "") + "- " + date + " - " + machine);
        System.out.println("warm-up " + settings.warmup().toMillis() + " ms, measure " + settings.measure().toMillis() +
            " ms per run; profile: SHARED driver threading, backoff idle strategy (defaults) unless a row says " +
            "otherwise");
        System.out.println("JeroMQ runs inproc in the ipc rows and tcp loopback in the udp rows");
        System.out.println(RAW_AERON_CHANNELS);
        System.out.println();
        System.out.println(Results.header());

        final Results results = new Results(System.out);
        final long start = System.nanoTime();
        for (final Scenario scenario : scenarios())
        {
            if (!settings.runs(scenario.name()))
            {
                continue;
            }
            try
            {
                scenario.run(settings, results);
            }
            catch (final Exception | Error ex)
            {
                System.out.println("!! scenario " + scenario.name() + " failed: " + ex);
                ex.printStackTrace(System.out);
            }
        }
        final long seconds = (System.nanoTime() - start) / 1_000_000_000L;

        System.out.println();
        System.out.println("== all figures (" + seconds + " s) - " + date + " - " + machine);
        results.printTable(System.out);
        final Path directory = Path.of("results");
        final String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmm", Locale.ROOT));
        final Path csv = results.writeCsv(directory, stamp);
        results.writeTable(directory, "AeroMQ benchmarks " + (settings.quick() ? "(quick) " : "") + "- " + date +
            " - " + machine + " - SHARED driver threading, backoff idle (defaults); JeroMQ inproc in ipc rows, " +
            "tcp in udp rows; " + RAW_AERON_CHANNELS);
        final Path png = directory.resolve("latest.png");
        results.writeChart(png, machine + ", " + date);
        System.out.println();
        System.out.println("CSV:   " + csv.toAbsolutePath());
        System.out.println("chart: " + png.toAbsolutePath());
        System.exit(0); // JeroMQ's reaper and HdrHistogram's helpers are not ours to wait for
    }

    static List<Scenario> scenarios()
    {
        return List.of(
            new ThroughputScenario(),
            new PollScenario(),
            new LatencyScenario(),
            new FanOutScenario(false),
            new FanOutScenario(true),
            new ServeScenario(),
            new MemoryScenario(), // before the scenarios below: its RSS figures see the process as before them
            new AllocScenario(),
            new LargeScenario(),
            new TensorScenario());
    }

    /**
     * @return CPU model and core count, from /proc/cpuinfo where there is one.
     */
    static String machine()
    {
        String model = System.getProperty("os.arch");
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
            {
                if (line.startsWith("model name"))
                {
                    model = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        }
        catch (final IOException ignore)
        {
            // not Linux: keep the architecture
        }
        return model + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java " +
            Runtime.version().feature() + ", " + ManagementFactory.getOperatingSystemMXBean().getName();
    }
}
