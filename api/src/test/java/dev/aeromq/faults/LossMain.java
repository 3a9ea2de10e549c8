package dev.aeromq.faults;

import dev.aeromq.testkit.ChildSide;

/**
 * Runs one scenario of {@link LossScenarios} in a child JVM whose media drivers drop data frames.
 * Arguments: the scenario's name. Lines: {@code FIGURE ...} with the counts, then {@code DONE}.
 */
public final class LossMain
{
    private LossMain()
    {
    }

    /**
     * @param args the scenario's name.
     */
    public static void main(final String[] args)
    {
        ChildSide.run(side -> LossScenarios.run(side, args[0]));
    }
}
