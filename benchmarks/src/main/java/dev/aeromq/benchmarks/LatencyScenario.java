package dev.aeromq.benchmarks;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scenario "latency": REQ/REP round trips at 64 B, 4 KiB and 1 MiB (reply as large as the request)
 * over ipc and udp, for AeroMQ, raw Aeron ping-pong and JeroMQ (inproc / tcp loopback), in two modes:
 * <ul>
 *     <li>{@code req-rep-max}: back to back for the measured duration;</li>
 *     <li>{@code req-rep-rate}: at a fixed offered rate per transport and size ({@link #rate}), each
 *     latency taken from the request's intended send time, so a contender that falls behind is
 *     charged for it (coordinated omission accounted for).</li>
 * </ul>
 * Rows: p50, p99, p99.9 and max in µs per (mode, transport, size).
 * <p>
 * Each contender gets one session per transport (driver, sockets, replier thread), closed before
 * the next contender starts; per size it warms up at full speed for {@link Settings#warmup()}, then
 * measures each mode for {@link Settings#measure()}. A contender that fails gets no figure for that
 * size and a printed reason; its session is reopened for the next size.
 * <p>
 * 1 MiB runs need no iteration cap: they are bounded by the same durations and make only a few
 * hundred round trips (quick: ~700 at full speed over ipc, ~130 over udp; 140 and 35 paced), so the
 * whole scenario stays near 33 s in quick mode and near 2.3 minutes in full.
 */
final class LatencyScenario implements Scenario
{
    /** Bound on every wait: a round trip, a connection, a replier stopping. */
    static final Duration ROUND_TRIP_TIMEOUT = Duration.ofSeconds(5);

    // Offered rates of the req-rep-rate rows, requests per second, chosen so that all three contenders
    // keep up on this 2-core machine with the default profile. Between paced requests every thread
    // backs off into parking, and a park lasts at least Linux's 50 µs timer slack, so each parked hop
    // costs ~55 µs or more to wake: a paced IPC round trip takes ~100 µs, a UDP one (four hops through
    // the SHARED driver) ~300 µs, and a 1 MiB one over UDP 5-7 ms even back to back. 10,000/s or
    // 5,000/s (ipc) and 500/s (1 MiB) made AeroMQ and raw Aeron fall behind here: a few-ms stall of
    // this shared VM then takes long to drain, and the rows would measure the backlog, not the latency.
    // JeroMQ over tcp has 1-5 ms hiccups in ~6% of round trips at 1,000/s here (not at full speed),
    // so UDP small messages are offered at 500/s, where it keeps up as well.
    /** IPC, 64 B and 4 KiB. */
    static final int RATE_IPC_SMALL_PER_SEC = 2_000;
    /** IPC, 1 MiB. */
    static final int RATE_IPC_LARGE_PER_SEC = 200;
    /** UDP, 64 B and 4 KiB. */
    static final int RATE_UDP_SMALL_PER_SEC = 500;
    /** UDP, 1 MiB. */
    static final int RATE_UDP_LARGE_PER_SEC = 50;

    private static final int MIB = 1024 * 1024;
    private static final int[] SIZES = { 64, 4 * 1024, MIB };
    private static final List<String> TRANSPORTS = List.of("ipc", "udp");
    private static final String[] METRICS = { "p50", "p99", "p99.9", "max" };

    /** The two modes, by scenario name in the results. */
    private enum Mode
    {
        MAX("req-rep-max"), RATE("req-rep-rate");

        private final String scenario;

        Mode(final String scenario)
        {
            this.scenario = scenario;
        }
    }

    @Override
    public String name()
    {
        return "latency";
    }

    @Override
    public void run(final Settings settings, final Results results)
    {
        System.out.printf(Locale.ROOT, "  [latency] req-rep-rate offers ipc %,d/s (64 B, 4 KiB) and %,d/s " +
            "(1 MiB), udp %,d/s and %,d/s; latency counted from the intended send time%n", RATE_IPC_SMALL_PER_SEC,
            RATE_IPC_LARGE_PER_SEC, RATE_UDP_SMALL_PER_SEC, RATE_UDP_LARGE_PER_SEC);
        for (final Contender contender : Contender.values())
        {
            compileWarmUp(contender, settings);
        }
        for (final String transport : TRANSPORTS)
        {
            final Map<Contender, Figures[][]> figures = new EnumMap<>(Contender.class);
            for (final Contender contender : Contender.values())
            {
                figures.put(contender, runContender(contender, transport, settings));
            }
            for (final Mode mode : Mode.values())
            {
                for (int s = 0; s < SIZES.length; s++)
                {
                    for (int m = 0; m < METRICS.length; m++)
                    {
                        results.add(Row.of(mode.scenario, transport, SIZES[s], METRICS[m], "us",
                            figure(figures.get(Contender.AEROMQ), mode, s, m),
                            figure(figures.get(Contender.AERON), mode, s, m),
                            figure(figures.get(Contender.JEROMQ), mode, s, m)));
                    }
                }
            }
        }
    }

    /**
     * One untimed run per contender before any is measured, so the first measured one does not pay
     * alone for JIT-compiling code they share (Aeron's client and driver, HdrHistogram, the meter).
     */
    private static void compileWarmUp(final Contender contender, final Settings settings)
    {
        try (LatencyLink link = open(contender, "ipc"))
        {
            link.prepare(SIZES[0]);
            LatencyMeter.fullSpeed(link, settings.warmup().toNanos());
        }
        catch (final Exception | Error ex)
        {
            System.out.println("  [latency] " + label(contender) + ": warm-up failed: " + ex);
        }
    }

    private static LatencyLink open(final Contender contender, final String transport)
    {
        return switch (contender)
        {
            case AEROMQ -> new LatencyAeroMq(transport);
            case AERON -> new LatencyAeron(transport);
            case JEROMQ -> new LatencyJeroMq(transport);
        };
    }

    private static String label(final Contender contender)
    {
        return switch (contender)
        {
            case AEROMQ -> "AeroMQ";
            case AERON -> "raw Aeron";
            case JEROMQ -> "JeroMQ";
        };
    }

    private static Double figure(final Figures[][] figures, final Mode mode, final int size, final int metric)
    {
        final Figures f = figures[mode.ordinal()][size];
        return f == null ? null : f.metric(metric);
    }

    /**
     * One contender on one transport, all sizes and both modes; never throws.
     */
    private static Figures[][] runContender(final Contender contender, final String transport,
        final Settings settings)
    {
        final Figures[][] figures = new Figures[Mode.values().length][SIZES.length];
        final String who = label(contender) + " " + transport;
        LatencyLink link = null;
        try
        {
            for (int s = 0; s < SIZES.length; s++)
            {
                final int size = SIZES[s];
                final String what = who + " " + Results.size(size);
                if (link == null)
                {
                    try
                    {
                        link = open(contender, transport);
                    }
                    catch (final Exception | Error ex)
                    {
                        System.out.println("  [latency] " + who + ": cannot start, no figures: " + ex);
                        return figures;
                    }
                }
                try
                {
                    link.prepare(size);
                    LatencyMeter.fullSpeed(link, settings.warmup().toNanos());
                    final Histogram max = LatencyMeter.fullSpeed(link, settings.measure().toNanos());
                    figures[Mode.MAX.ordinal()][s] = Figures.of(max);
                    final int rate = rate(transport, size);
                    final LatencyMeter.Paced paced = LatencyMeter.paced(link, rate, settings.measure().toNanos());
                    figures[Mode.RATE.ordinal()][s] = Figures.of(paced.histogram());
                    System.out.printf(Locale.ROOT, "  [latency] %s: %,d round trips back to back (mean %.1f us)" +
                        ", %,d at %,d/s (mean %.1f us)%s%n", what, max.getTotalCount(), max.getMean() / 1e3,
                        paced.histogram().getTotalCount(), rate, paced.histogram().getMean() / 1e3, shortfall(paced));
                }
                catch (final Exception | Error ex)
                {
                    System.out.println("  [latency] " + what + ": failed, no figure: " + ex);
                    close(link, who);
                    link = null; // a failed link may be mid-request: start afresh for the next size
                }
            }
        }
        finally
        {
            if (link != null)
            {
                close(link, who);
            }
        }
        return figures;
    }

    /**
     * @param transport ipc or udp.
     * @param size      message size.
     * @return the offered rate of the req-rep-rate run, requests per second.
     */
    static int rate(final String transport, final int size)
    {
        final boolean ipc = transport.equals("ipc");
        if (size >= MIB)
        {
            return ipc ? RATE_IPC_LARGE_PER_SEC : RATE_UDP_LARGE_PER_SEC;
        }
        return ipc ? RATE_IPC_SMALL_PER_SEC : RATE_UDP_SMALL_PER_SEC;
    }

    private static String shortfall(final LatencyMeter.Paced paced)
    {
        if (paced.unsent() > 0)
        {
            return " - FELL BEHIND, " + paced.unsent() + " never sent (recorded as their wait so far)";
        }
        return paced.late() > 0 ? " (" + paced.late() + " sent late)" : "";
    }

    private static void close(final LatencyLink link, final String who)
    {
        try
        {
            link.close();
        }
        catch (final Exception | Error ex)
        {
            System.out.println("  [latency] " + who + ": close failed: " + ex);
        }
    }

    /**
     * The four figures of one run, in µs.
     *
     * @param p50  median.
     * @param p99  99th percentile.
     * @param p999 99.9th percentile.
     * @param max  maximum.
     */
    private record Figures(double p50, double p99, double p999, double max)
    {
        static Figures of(final Histogram ns)
        {
            if (ns.getTotalCount() == 0)
            {
                return null;
            }
            return new Figures(ns.getValueAtPercentile(50) / 1e3, ns.getValueAtPercentile(99) / 1e3,
                ns.getValueAtPercentile(99.9) / 1e3, ns.getMaxValue() / 1e3);
        }

        double metric(final int index)
        {
            return switch (index)
            {
                case 0 -> p50;
                case 1 -> p99;
                case 2 -> p999;
                default -> max;
            };
        }
    }
}
