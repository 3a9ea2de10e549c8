package dev.aeromq.benchmarks;

/**
 * Scenario "throughput" (to be written).
 */
final class ThroughputScenario implements Scenario
{
    @Override
    public String name()
    {
        return "throughput";
    }

    @Override
    public void run(final Settings settings, final Results results)
    {
        throw new UnsupportedOperationException("not written yet");
    }
}
