package dev.aeromq.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The figures of the fault suites (messages sent, lost, duplicated; time to detect each fault): printed
 * and appended to {@code target/fault-figures.txt}, one line per test, for the notes and the README.
 */
final class Figures
{
    private static final Path FILE = Path.of(System.getProperty("basedir", "."), "target", "fault-figures.txt");

    private final String test;
    private final Map<String, Object> values = new LinkedHashMap<>();

    private Figures(final String test)
    {
        this.test = test;
    }

    /**
     * @param test names the test the figures come from.
     * @return an empty set of figures.
     */
    static Figures of(final String test)
    {
        return new Figures(test);
    }

    /**
     * @param name  the figure, e.g. {@code lost}.
     * @param value its value.
     * @return this.
     */
    Figures put(final String name, final Object value)
    {
        values.put(name, value);
        return this;
    }

    /**
     * @param name    the figure, e.g. {@code detectMs}.
     * @param startNs from {@link System#nanoTime()}.
     * @param endNs   from {@link System#nanoTime()}.
     * @return this.
     */
    Figures millis(final String name, final long startNs, final long endNs)
    {
        values.put(name, (endNs - startNs) / 1_000_000);
        return this;
    }

    /**
     * Take the {@code key=value} pairs of a child's {@code FIGURE} line.
     *
     * @param line {@code FIGURE k=v k=v ...}.
     * @return this.
     */
    Figures putAll(final String line)
    {
        for (final String pair : line.split(" "))
        {
            final int eq = pair.indexOf('=');
            if (eq > 0)
            {
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return this;
    }

    /**
     * @param name a figure put before.
     * @return its value as a number.
     */
    long number(final String name)
    {
        final Object value = values.get(name);
        if (value == null)
        {
            throw new AssertionError("no figure '" + name + "' in " + this);
        }
        return value instanceof Number number ? number.longValue() : Long.parseLong(value.toString());
    }

    /**
     * Print the figures and append them to the figures file.
     */
    void record()
    {
        final String line = toString();
        System.out.println(line);
        try
        {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, Instant.now() + " " + line + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + FILE, ex);
        }
    }

    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder("FIGURES ").append(test);
        values.forEach((name, value) -> text.append(' ').append(name).append('=').append(value));
        return text.toString();
    }
}
