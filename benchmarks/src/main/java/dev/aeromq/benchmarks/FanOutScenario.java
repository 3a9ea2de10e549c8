package dev.aeromq.benchmarks;

/**
 * Scenario "fanout" (to be written).
 */
final class FanOutScenario implements Scenario
{
    @Override
    public String name()
    {
        return "fanout";
    }

    @Override
    public void run(final Settings settings, final Results results)
    {
        throw new UnsupportedOperationException("not written yet");
    }
}
