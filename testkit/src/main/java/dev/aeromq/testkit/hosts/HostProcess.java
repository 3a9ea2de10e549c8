package dev.aeromq.testkit.hosts;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A program running on a {@link Host}, spoken to by lines: it reads commands on its standard input
 * and reports on its standard output (standard error is kept for the failure message).
 */
public final class HostProcess implements AutoCloseable
{
    private final String name;
    private final Process process;
    private final File errors;
    private final PrintWriter input;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();

    private HostProcess(final String name, final Process process, final File errors)
    {
        this.name = name;
        this.process = process;
        this.errors = errors;
        this.input = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread.ofVirtual().name(name + "-stdout").start(this::readOutput);
    }

    static HostProcess start(final String name, final String[] command)
    {
        try
        {
            final File errors = File.createTempFile("aeromq-host-", ".err");
            errors.deleteOnExit();
            final ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors);
            return new HostProcess(name, builder.start(), errors);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot start " + name + ": " + ex.getMessage(), ex);
        }
    }

    private void readOutput()
    {
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                lines.add(line);
            }
        }
        catch (final IOException ignore)
        {
            // the process ended
        }
    }

    private String errorTail()
    {
        try
        {
            final String text = Files.readString(errors.toPath(), StandardCharsets.UTF_8);
            return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
        }
        catch (final IOException ex)
        {
            return "(unreadable: " + ex.getMessage() + ")";
        }
    }

    /**
     * @param command a line for the program.
     */
    public void send(final String command)
    {
        input.println(command);
    }

    /**
     * Wait for a line the program prints.
     *
     * @param wanted  which line.
     * @param timeout how long at most.
     * @return the line.
     * @throws AssertionError naming the program, what was awaited and what it printed, if it did not come.
     */
    public String await(final Predicate<String> wanted, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        try
        {
            while (true)
            {
                final long left = deadline - System.nanoTime();
                final String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
                if (line == null)
                {
                    throw new AssertionError(name + " did not print the awaited line within " + timeout +
                        (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")") +
                        "; it printed: " + seen + "; its standard error ends: " + errorTail());
                }
                seen.add(line);
                if (line.startsWith("ERROR"))
                {
                    throw new AssertionError(name + " failed: " + line + "; it printed: " + seen);
                }
                if (wanted.test(line))
                {
                    return line;
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + name, ex);
        }
    }

    /**
     * @param prefix what the awaited line starts with.
     * @param timeout how long at most.
     * @return the rest of the line after the prefix and a space.
     */
    public String awaitLine(final String prefix, final Duration timeout)
    {
        final String line = await((l) -> l.startsWith(prefix), timeout);
        return line.length() > prefix.length() ? line.substring(prefix.length()).strip() : "";
    }

    /**
     * Kill it at once (SIGKILL).
     */
    public void kill()
    {
        process.destroyForcibly();
    }

    /**
     * Ask it to stop (its standard input closes), then kill it if it does not within 10 s.
     */
    @Override
    public void close()
    {
        input.close();
        try
        {
            if (!process.waitFor(10, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
