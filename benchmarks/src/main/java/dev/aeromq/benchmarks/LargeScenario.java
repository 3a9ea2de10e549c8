package dev.aeromq.benchmarks;

import dev.aeromq.Config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Scenario "large": single large messages — 1 MiB, 64 MiB and 1 GiB —
 * over IPC and UDP loopback, one-way, in MB/s (10^6 bytes) for moving N whole messages one after the
 * other (see {@link LargeRun}: a few warm-up messages, then the clock runs from the first timed send to
 * the receiver having the last one whole). Every contender sends from one shared direct source buffer and
 * receives into one shared direct destination buffer ({@link LargeBuffers}), so the heap is neither used
 * nor the bottleneck; the destination is zeroed before each contender and compared with the source after
 * it (a mismatch gives no figure).
 * <ul>
 *     <li>AeroMQ ({@link LargeAeroMq}): PUSH {@code send(DirectBuffer, 0, size)}, PULL with a
 *     {@code FrameAllocator} returning the destination, taking messages with {@code poll}; the default
 *     configuration (16 MiB term, so messages go as 2 MiB chunks; maxMessageSize 1 GiB).</li>
 *     <li>Raw Aeron ({@link LargeAeron}): chunked as Aeron's FileSender sample does, reassembled into the
 *     destination as FileReceiver does. Its channels have exactly AeroMQ's settings — the same term length
 *     (16 MiB), the same MTU (65504, which AeroMQ gives IPC and loopback UDP) and on UDP the same socket
 *     receive buffer and receiver window (2 MiB, capped by net.core.rmem_max) — so the comparison is like
 *     for like. (The raw Aeron contenders of the other scenarios keep Aeron's default MTU of 1408.)</li>
 *     <li>JeroMQ ({@link LargeJeroMq}): one frame per message, the same bytes; tcp loopback in the udp rows
 *     (read straight into the destination through a MsgAllocator), inproc in the ipc rows (no transport
 *     at all: the receiver copies the sender's buffer into the destination, so that figure is the cost of
 *     one memory copy).</li>
 * </ul>
 */
final class LargeScenario implements Scenario
{
    static final String SCENARIO = "large";
    static final int MIB = 1024 * 1024;
    static final int GIB = 1024 * MIB;

    /** Below this the run is not worth waiting for: the limit of each run is set from it. */
    private static final double SLOWEST_MB_PER_S = 100;
    private static final Duration SET_UP = Duration.ofSeconds(20);

    /**
     * Messages of one size.
     *
     * @param size   bytes.
     * @param warmup messages before the clock starts.
     * @param count  messages timed.
     */
    record Case(int size, int warmup, int count)
    {
    }

    @Override
    public String name()
    {
        return "large";
    }

    /**
     * @param quick the short mode.
     * @return the sizes and message counts: about 2 GiB timed per row (300 MiB to 1 GiB in quick mode).
     */
    static List<Case> cases(final boolean quick)
    {
        if (quick)
        {
            return List.of(new Case(MIB, 20, 300), new Case(64 * MIB, 1, 6), new Case(GIB, 1, 1));
        }
        return List.of(new Case(MIB, 100, 2000), new Case(64 * MIB, 2, 32), new Case(GIB, 1, 2));
    }

    @Override
    public void run(final Settings settings, final Results results)
    {
        final List<Case> cases = cases(settings.quick());
        System.out.println("== large: raw Aeron's channels have AeroMQ's settings (" +
            BenchSupport.largeChannelSettings() + ")");
        final int capacity = cases.stream().mapToInt(Case::size).max().orElseThrow();
        final Config config = Config.builder().build();
        try (LargeBuffers buffers = new LargeBuffers(capacity))
        {
            for (final String transport : List.of("ipc", "udp"))
            {
                for (final Case c : cases)
                {
                    final Double aeromq = measure(Contender.AEROMQ, transport, c, buffers,
                        () -> LargeAeroMq.open(transport, buffers, config, true));
                    final Double aeron = measure(Contender.AERON, transport, c, buffers,
                        () -> LargeAeron.open(transport, buffers));
                    final Double jeromq = measure(Contender.JEROMQ, transport, c, buffers,
                        () -> LargeJeroMq.open(transport, buffers));
                    results.add(Row.of(SCENARIO, transport, c.size(), "bandwidth", "MB/s", aeromq, aeron, jeromq));
                }
            }
        }
    }

    /**
     * @return MB/s, or null (after saying why) if the contender failed, took too long or delivered wrong
     * bytes; never throws, so one contender's failure does not cost the others their figures.
     */
    private static Double measure(final Contender contender, final String transport, final Case c,
        final LargeBuffers buffers, final LargeRun.Opener opener)
    {
        final String label = String.format(Locale.ROOT, "%s %s %s %s", SCENARIO, transport, Results.size(c.size()),
            contender.name().toLowerCase(Locale.ROOT));
        final double bytes = (double)c.size() * (c.warmup() + c.count());
        final Duration limit = SET_UP.plusSeconds((long)(bytes / 1e6 / SLOWEST_MB_PER_S));
        try
        {
            buffers.clearDestination(c.size());
            final LargeRun.Figures figures = LargeRun.measure(opener, c.size(), c.warmup(), c.count(), limit);
            if (!buffers.delivered(c.size()))
            {
                System.out.println("!! " + label + ": the destination does not hold the bytes sent");
                return null;
            }
            return figures.megabytesPerSecond();
        }
        catch (final InterruptedException ex)
        {
            buffers.leaveToGc();
            Thread.currentThread().interrupt();
            System.out.println("!! " + label + " interrupted");
            return null;
        }
        catch (final Exception | Error ex)
        {
            buffers.leaveToGc();
            System.out.println("!! " + label + " failed: " + ex);
            if (ex.getCause() != null && ex.getCause() != ex)
            {
                System.out.println("!!   cause: " + ex.getCause());
            }
            return null;
        }
    }
}
