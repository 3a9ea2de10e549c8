package dev.aeromq.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Another JVM, on the test's own class path, running a main class: a media driver, or a program that opens
 * a communicator, for tests that kill processes, stop them or let them exit. Started with the java command
 * of this JVM and the JVM flag Aeron needs; its standard output and error are collected line by line.
 * Always close it (try-with-resources): closing kills it if it still runs.
 */
public final class ChildJvm implements AutoCloseable
{
    /** How long a child may take to start and print what a test waits for, on a loaded machine. */
    public static final Duration START = Duration.ofSeconds(60);

    private static final String AERON_FLAG = "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED";

    private final String name;
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private volatile boolean ended;

    private ChildJvm(final String name, final Process process)
    {
        this.name = name;
        this.process = process;
        Thread.ofPlatform().daemon().name("child-output-" + name).start(this::collectOutput);
    }

    /**
     * @param mainClass  the class whose main runs.
     * @param jvmOptions e.g. {@code -Dname=value}.
     * @param args       the program's arguments.
     * @return the running child.
     */
    public static ChildJvm start(final String mainClass, final List<String> jvmOptions, final String... args)
    {
        final String java = ProcessHandle.current().info().command().orElse(
            System.getProperty("java.home") + "/bin/java");
        final List<String> command = new ArrayList<>();
        command.add(java);
        command.add(AERON_FLAG);
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            return new ChildJvm(mainClass.substring(mainClass.lastIndexOf('.') + 1) + "-" + process.pid(), process);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start " + command, ex);
        }
    }

    /**
     * @return the child's process id.
     */
    public long pid()
    {
        return process.pid();
    }

    /**
     * @return true while it runs.
     */
    public boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * Wait for a line of output starting with a prefix, failing the test if none comes within {@link #START}
     * or the child exits first.
     *
     * @param prefix the line's start, e.g. {@code "DIR "}.
     * @return the rest of the first such line.
     */
    public String awaitLine(final String prefix)
    {
        return awaitLine(prefix, START);
    }

    /**
     * Wait for a line of output starting with a prefix.
     *
     * @param prefix  the line's start.
     * @param timeout how long.
     * @return the rest of the first such line.
     */
    public String awaitLine(final String prefix, final Duration timeout)
    {
        Await.await(() -> name + " to print a line starting with '" + prefix + "'; it printed:\n" + output(),
            timeout, () -> find(prefix) != null || (!process.isAlive() && outputEnded()));
        final String line = find(prefix);
        if (line == null)
        {
            fail(name + " exited with " + process.exitValue() + " before printing '" + prefix + "':\n" + output());
        }
        return line.substring(prefix.length());
    }

    /**
     * Wait for the child to exit by itself.
     *
     * @param timeout how long.
     * @return its exit code.
     */
    public int awaitExit(final Duration timeout)
    {
        Await.await(() -> name + " to exit; it printed:\n" + output(), timeout, () -> !process.isAlive());
        return process.exitValue();
    }

    /**
     * Kill it with SIGKILL (no shutdown hook runs) and wait until it is gone.
     */
    public void kill()
    {
        process.destroyForcibly();
        waitForExit();
    }

    /**
     * Send it SIGTERM (its shutdown hooks run); does not wait.
     */
    public void terminate()
    {
        process.destroy();
    }

    /**
     * Send it a signal with the {@code kill} command.
     *
     * @param signal e.g. {@code "STOP"} or {@code "CONT"}.
     */
    public void signal(final String signal)
    {
        try
        {
            final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                .redirectErrorStream(true).start();
            if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0)
            {
                fail("kill -" + signal + " " + process.pid() + " failed");
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            fail("interrupted while sending SIG" + signal);
        }
    }

    /**
     * @return everything it printed so far, one line each.
     */
    public String output()
    {
        return String.join("\n", lines);
    }

    /**
     * Kill it if it still runs.
     */
    @Override
    public void close()
    {
        if (process.isAlive())
        {
            process.destroyForcibly();
            waitForExit();
        }
    }

    @Override
    public String toString()
    {
        return name;
    }

    private String find(final String prefix)
    {
        for (final String line : lines)
        {
            if (line.startsWith(prefix))
            {
                return line;
            }
        }
        return null;
    }

    private boolean outputEnded()
    {
        return ended;
    }

    private void collectOutput()
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
            // the child is gone
        }
        finally
        {
            ended = true;
        }
    }

    private void waitForExit()
    {
        boolean interrupted = false;
        while (true)
        {
            try
            {
                process.waitFor();
                break;
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }
}
