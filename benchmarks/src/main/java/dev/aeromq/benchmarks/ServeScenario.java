package dev.aeromq.benchmarks;

/**
 * Scenario "serve" (to be written).
 */
final class ServeScenario implements Scenario
{
    @Override
    public String name()
    {
        return "serve";
    }

    @Override
    public void run(final Settings settings, final Results results)
    {
        throw new UnsupportedOperationException("not written yet");
    }
}
