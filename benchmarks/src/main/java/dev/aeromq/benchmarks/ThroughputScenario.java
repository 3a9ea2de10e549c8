package dev.aeromq.benchmarks;

import java.util.List;
import java.util.Locale;

/**
 * Scenario "throughput": PUSH/PULL one-way throughput at 64 B, 1 KiB, 64 KiB and 1 MiB, over IPC and
 * UDP loopback (JeroMQ: inproc and tcp loopback). For each transport and size the three contenders
 * run one after the other, each set up and torn down completely, with the same warm-up and measured
 * window (see {@link ThroughputMeter}); each pair of rows gives messages/s and MB/s (10^6 bytes).
 */
final class ThroughputScenario implements Scenario
{
    static final String SCENARIO = "push-pull";
    static final List<String> TRANSPORTS = List.of("ipc", "udp");
    static final int[] SIZES = { 64, 1024, 64 * 1024, 1024 * 1024 };

    @Override
    public String name()
    {
        return "throughput";
    }

    @Override
    public void run(final Settings settings, final Results results)
    {
        for (final String transport : TRANSPORTS)
        {
            for (final int size : SIZES)
            {
                final byte[] payload = BenchSupport.payload(size);
                run(SCENARIO, transport, size, settings, results, () -> ThroughputAeroMq.open(transport, payload));
            }
        }
    }

    /**
     * Measure the three contenders one after the other and add the msgs/s and MB/s rows.
     *
     * @param scenario  the rows' scenario name.
     * @param transport ipc or udp.
     * @param size      payload size.
     * @param settings  durations.
     * @param results   where the rows go.
     * @param aeromq    opens AeroMQ's link (raw Aeron's and JeroMQ's are this scenario's own).
     */
    static void run(final String scenario, final String transport, final int size, final Settings settings,
        final Results results, final ThroughputMeter.Opener aeromq)
    {
        final byte[] payload = BenchSupport.payload(size);
        final ThroughputMeter.Figures ours = measure(scenario, Contender.AEROMQ, transport, size, settings, aeromq);
        final ThroughputMeter.Figures aeron = measure(scenario, Contender.AERON, transport, size, settings,
            () -> ThroughputAeron.open(transport, payload));
        final ThroughputMeter.Figures jeromq = measure(scenario, Contender.JEROMQ, transport, size, settings,
            () -> ThroughputJeroMq.open(transport, payload));
        results.add(Row.of(scenario, transport, size, "throughput", "msgs/s", rate(ours), rate(aeron),
            rate(jeromq)));
        results.add(Row.of(scenario, transport, size, "bandwidth", "MB/s", bandwidth(ours), bandwidth(aeron),
            bandwidth(jeromq)));
    }

    /**
     * @return the figures, or null (after saying why) if the contender failed; never throws, so one
     * contender's failure does not cost the others their figures.
     */
    private static ThroughputMeter.Figures measure(final String scenario, final Contender contender,
        final String transport, final int size, final Settings settings, final ThroughputMeter.Opener opener)
    {
        try
        {
            return ThroughputMeter.measure(opener, size, settings);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            System.out.println("!! " + label(scenario, contender, transport, size) + " interrupted");
            return null;
        }
        catch (final Exception | Error ex)
        {
            // an Error too (e.g. OutOfMemoryError at 1 MiB): the next contender starts from a clean slate
            System.out.println("!! " + label(scenario, contender, transport, size) + " failed: " + ex);
            for (final Throwable suppressed : ex.getSuppressed())
            {
                System.out.println("!!   also: " + suppressed);
            }
            if (ex.getCause() != null && ex.getCause() != ex)
            {
                System.out.println("!!   cause: " + ex.getCause());
            }
            return null;
        }
    }

    private static String label(final String scenario, final Contender contender, final String transport,
        final int size)
    {
        return String.format(Locale.ROOT, "%s %s %s %s", scenario, transport, Results.size(size),
            contender.name().toLowerCase(Locale.ROOT));
    }

    private static Double rate(final ThroughputMeter.Figures figures)
    {
        return figures == null ? null : figures.messagesPerSecond();
    }

    private static Double bandwidth(final ThroughputMeter.Figures figures)
    {
        return figures == null ? null : figures.megabytesPerSecond();
    }
}
