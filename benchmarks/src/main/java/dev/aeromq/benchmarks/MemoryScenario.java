package dev.aeromq.benchmarks;

/**
 * Scenario "memory" (to be written).
 */
final class MemoryScenario implements Scenario
{
    @Override
    public String name()
    {
        return "memory";
    }

    @Override
    public void run(final Settings settings, final Results results)
    {
        throw new UnsupportedOperationException("not written yet");
    }
}
