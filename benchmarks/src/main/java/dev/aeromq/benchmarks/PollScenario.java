package dev.aeromq.benchmarks;

import java.util.List;

/**
 * Scenario "poll": PUSH/PULL one-way throughput through AeroMQ's zero-copy path, rows
 * {@code push-pull-poll} at 64 B and 1 KiB over IPC and UDP loopback. AeroMQ's sender calls
 * {@code push.send(DirectBuffer, 0, size)} from one reused direct buffer (no {@code Message} built); its
 * receiver loops {@code pull.poll(handler, 10)} on a platform thread, idling with the backoff strategy
 * when a poll hands nothing, so each message is handed in place in the log buffer. Raw Aeron and
 * JeroMQ are the contenders of the "throughput" scenario, unchanged, run again beside it; the meter,
 * warm-up and window are that scenario's too ({@link ThroughputMeter}). The {@code push-pull} rows
 * (send(Message) and receive()) stay as they were, for contrast.
 */
final class PollScenario implements Scenario
{
    static final String SCENARIO = "push-pull-poll";
    static final int[] SIZES = { 64, 1024 };

    @Override
    public String name()
    {
        return "poll";
    }

    @Override
    public void run(final Settings settings, final Results results)
    {
        for (final String transport : List.of("ipc", "udp"))
        {
            for (final int size : SIZES)
            {
                final byte[] payload = BenchSupport.payload(size);
                ThroughputScenario.run(SCENARIO, transport, size, settings, results,
                    () -> ThroughputAeroMq.openInline(transport, payload));
            }
        }
    }
}
