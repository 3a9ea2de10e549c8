package dev.aeromq.transport;

import java.util.List;

/**
 * A peer's stream for a fuzzing property, and what a socket must make of it.
 *
 * @param fragments what the peer sends, fragment by fragment.
 * @param arrivals  the messages that must arrive, in order; null where the stream was mutated below
 *                  the protocol (then only the safety properties hold).
 * @param malformed wire messages the socket must count as malformed (at least, for a mutated stream).
 * @param dropped   messages the socket must count as dropped (unknown, -1, for a mutated stream).
 * @param steps     how the stream was made.
 * @param seed      for the socket's own choices (take a message in place, push back).
 */
record Scenario(
    List<Fragment> fragments,
    List<TrafficMessage> arrivals,
    long malformed,
    long dropped,
    List<String> steps,
    long seed)
{
    private static final int MAX_FRAGMENTS_SHOWN = 40;

    @Override
    public String toString()
    {
        final int shown = Math.min(fragments.size(), MAX_FRAGMENTS_SHOWN);
        return "scenario (seed " + seed + "): " + String.join("; ", steps) + "\n  " + fragments.size() +
            " fragments: " + fragments.subList(0, shown) + (shown < fragments.size() ? "..." : "");
    }
}
