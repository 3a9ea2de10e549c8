package dev.aeromq.benchmarks;

/**
 * One benchmark scenario: runs the three contenders one after the other with the same sizes,
 * warm-up and durations, and adds its figures to the results.
 */
public interface Scenario
{
    /**
     * @return the name used by {@code --only=} and in the CSV.
     */
    String name();

    /**
     * @param settings durations.
     * @param results  where the figures go.
     * @throws Exception if a contender fails; the runner reports it and goes on with the next scenario.
     */
    void run(Settings settings, Results results) throws Exception;
}
