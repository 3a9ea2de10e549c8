package dev.aeromq.benchmarks;

/**
 * Scenario "latency" (to be written).
 */
final class LatencyScenario implements Scenario
{
    @Override
    public String name()
    {
        return "latency";
    }

    @Override
    public void run(final Settings settings, final Results results)
    {
        throw new UnsupportedOperationException("not written yet");
    }
}
