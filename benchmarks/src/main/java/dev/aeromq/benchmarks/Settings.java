package dev.aeromq.benchmarks;

import java.time.Duration;
import java.util.Set;

/**
 * How long each measurement runs, and which scenarios.
 *
 * @param quick    the short mode.
 * @param warmup   warm-up before each measured run.
 * @param measure  length of each measured run.
 * @param memoryRun length of the memory scenario's run.
 * @param only     scenario names to run; empty for all.
 */
public record Settings(boolean quick, Duration warmup, Duration measure, Duration memoryRun, Set<String> only)
{
    /**
     * @param args {@code --quick}, {@code --only=a,b}.
     * @return the settings.
     */
    public static Settings parse(final String[] args)
    {
        boolean quick = false;
        Set<String> only = Set.of();
        for (final String arg : args)
        {
            if (arg.equals("--quick"))
            {
                quick = true;
            }
            else if (arg.startsWith("--only="))
            {
                only = Set.of(arg.substring("--only=".length()).split(","));
            }
            else if (!arg.isBlank())
            {
                throw new IllegalArgumentException("unknown argument '" + arg + "'; use --quick and/or --only=" +
                    "throughput,poll,latency,fanout,serve,memory,alloc,large");
            }
        }
        if (quick)
        {
            return new Settings(true, Duration.ofMillis(300), Duration.ofMillis(700), Duration.ofSeconds(3), only);
        }
        return new Settings(false, Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(10), only);
    }

    /**
     * @param name a scenario name.
     * @return true if it is to run.
     */
    public boolean runs(final String name)
    {
        return only.isEmpty() || only.contains(name);
    }
}
