package dev.aeromq.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A Java main run in a JVM of its own, on this JVM's class path, that a test talks to in lines: the
 * child writes one line per event on its standard output ({@code READY udp://127.0.0.1:40123},
 * {@code GOT 17}, {@code DONE}), the test reads them as they come and may write commands on the child's
 * standard input. The child's side of this is {@link ChildSide}.
 * <p>
 * {@link #kill()} is SIGKILL ({@link Process#destroyForcibly()}): no shutdown hook and no {@code finally}
 * runs in the child, as in a crash. {@link #close()} kills the child if it still runs, so a test holds
 * each child in try-with-resources and none outlives it; {@link #terminate()} is SIGTERM (its shutdown hooks
 * run) and {@link #signal} sends any other signal (STOP/CONT). A line starting with {@link ChildSide#ERROR}
 * fails every later wait at once, naming that line and the child's last lines of standard error.
 */
public final class ChildJvm implements AutoCloseable
{
    private static final int STDERR_LINES_KEPT = 60;

    private final String name;
    private final Process process;
    private final OutputStream commands;
    private final Consumer<String> listener;
    private final List<String> lines = new ArrayList<>();
    private final ArrayDeque<String> stderrTail = new ArrayDeque<>();
    private final Thread stdoutReader;
    private final Thread stderrReader;
    private volatile String error;
    private volatile long killedAtNs;

    private ChildJvm(final String name, final Process process, final Consumer<String> listener)
    {
        this.name = name;
        this.process = process;
        this.commands = process.getOutputStream();
        this.listener = listener;
        this.stdoutReader = Thread.ofPlatform().daemon(true).name(name + "-stdout")
            .start(() -> readLines(process.getInputStream(), this::onLine));
        this.stderrReader = Thread.ofPlatform().daemon(true).name(name + "-stderr")
            .start(() -> readLines(process.getErrorStream(), this::onStderrLine));
    }

    /**
     * @param name      names the child in failure messages and thread names.
     * @param mainClass a class with a {@code public static void main(String[])} on this JVM's class path.
     * @return a builder of the child.
     */
    public static Builder builder(final String name, final Class<?> mainClass)
    {
        return new Builder(name, mainClass.getName());
    }

    /**
     * @return the name given to the builder.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the child's process id.
     */
    public long pid()
    {
        return process.pid();
    }

    /**
     * @return true while the child runs.
     */
    public boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * Wait up to {@link Await#WAIT} for the first line that starts with a prefix.
     *
     * @param prefix the line's start, e.g. {@code "READY "}.
     * @return the whole line.
     */
    public String awaitLine(final String prefix)
    {
        return awaitLine(prefix, Await.WAIT);
    }

    /**
     * Wait for the first line (since the child started) that starts with a prefix, failing the test at
     * the deadline, when the child exits without writing it, or when the child reports an error.
     *
     * @param prefix  the line's start, e.g. {@code "READY "}.
     * @param timeout how long to wait at most.
     * @return the whole line.
     */
    public String awaitLine(final String prefix, final Duration timeout)
    {
        final int[] scanned = {0};
        final String[] found = new String[1];
        Await.await(() -> "line '" + prefix + "...' from " + describe(), timeout, () ->
        {
            found[0] = find(prefix, scanned);
            if (found[0] == null)
            {
                checkHealthy("waiting for '" + prefix + "...'");
            }
            return found[0] != null;
        });
        return found[0];
    }

    /**
     * @param prefix the line's start.
     * @return the first line so far that starts with it, if any.
     */
    public Optional<String> line(final String prefix)
    {
        return Optional.ofNullable(find(prefix, new int[] {0}));
    }

    /**
     * @return every line the child wrote so far, in order.
     */
    public List<String> lines()
    {
        synchronized (lines)
        {
            return List.copyOf(lines);
        }
    }

    /**
     * Fail the test if the child reported an error or exited while it should still run.
     *
     * @param doing what the test is doing, for the failure message.
     */
    public void checkHealthy(final String doing)
    {
        if (error != null)
        {
            fail(name + " reported an error while the test was " + doing + ": " + error + "\n" + describe());
        }
        if (!process.isAlive() && killedAtNs == 0)
        {
            fail(name + " exited while the test was " + doing + "\n" + describe());
        }
    }

    /**
     * Write one command line on the child's standard input.
     *
     * @param command the line, without its end.
     */
    public void send(final String command)
    {
        try
        {
            commands.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            commands.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot send '" + command + "' to " + describe(), ex);
        }
    }

    /**
     * Kill the child with SIGKILL and wait until it is gone; its unread output can still be read.
     *
     * @return {@link System#nanoTime()} just before the signal was sent.
     */
    public long kill()
    {
        final long nowNs = System.nanoTime();
        killedAtNs = nowNs;
        process.destroyForcibly();
        awaitExit(Await.WAIT);
        return nowNs;
    }

    /**
     * Send the child SIGTERM ({@link Process#destroy()}): its shutdown hooks run. Does not wait; its exit is
     * expected from now on ({@link #checkHealthy} no longer fails on it).
     */
    public void terminate()
    {
        killedAtNs = System.nanoTime();
        process.destroy();
    }

    /**
     * Send the child a signal with the {@code kill} command, e.g. {@code STOP} and {@code CONT} to pause it
     * as a long GC pause would.
     *
     * @param signal the signal's name without {@code SIG}.
     */
    public void signal(final String signal)
    {
        try
        {
            final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                .redirectErrorStream(true).start();
            if (!kill.waitFor(Await.WAIT.toNanos(), TimeUnit.NANOSECONDS) || kill.exitValue() != 0)
            {
                fail("kill -" + signal + " " + process.pid() + " failed\n" + describe());
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot send SIG" + signal + " to " + describe(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal + " to " + name, ex);
        }
    }

    /**
     * Wait for the child to exit by itself.
     *
     * @param timeout how long to wait at most.
     * @return its exit code.
     */
    public int awaitExit(final Duration timeout)
    {
        try
        {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS))
            {
                fail(name + " did not exit within " + timeout + "\n" + describe());
            }
            stdoutReader.join(timeout.toMillis()); // its last lines are read before we answer
            return process.exitValue();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, ex);
        }
    }

    /**
     * @return the child's name, pid, state, its last lines of output and of standard error: for failure
     * messages.
     */
    public String describe()
    {
        final StringBuilder text = new StringBuilder(name).append(" (pid ").append(process.pid()).append(", ")
            .append(process.isAlive() ? "running" : "exited with " + process.exitValue()).append(")");
        final List<String> out = lines();
        text.append("\n  last stdout lines:");
        out.subList(Math.max(0, out.size() - 10), out.size()).forEach(line -> text.append("\n    ").append(line));
        synchronized (stderrTail)
        {
            text.append("\n  last stderr lines:");
            stderrTail.forEach(line -> text.append("\n    ").append(line));
        }
        return text.toString();
    }

    /**
     * Kill the child if it still runs and wait until it is gone.
     */
    @Override
    public void close()
    {
        if (process.isAlive())
        {
            kill();
        }
    }

    private String find(final String prefix, final int[] scanned)
    {
        synchronized (lines)
        {
            for (int i = scanned[0]; i < lines.size(); i++)
            {
                if (lines.get(i).startsWith(prefix))
                {
                    return lines.get(i);
                }
            }
            scanned[0] = lines.size();
            return null;
        }
    }

    private void onLine(final String line)
    {
        if (line.startsWith(ChildSide.ERROR) && error == null)
        {
            error = line;
        }
        synchronized (lines)
        {
            lines.add(line);
        }
        listener.accept(line);
    }

    private void onStderrLine(final String line)
    {
        synchronized (stderrTail)
        {
            if (stderrTail.size() == STDERR_LINES_KEPT)
            {
                stderrTail.removeFirst();
            }
            stderrTail.addLast(line);
        }
    }

    private static void readLines(final InputStream stream, final Consumer<String> onLine)
    {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                onLine.accept(line);
            }
        }
        catch (final IOException ignore)
        {
            // the child is gone: nothing more to read
        }
    }

    /**
     * What to run in the child JVM, and how.
     */
    public static final class Builder
    {
        private final String name;
        private final String mainClass;
        private final List<String> jvmOptions = new ArrayList<>();
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final List<String> args = new ArrayList<>();
        private Consumer<String> listener = line -> {};

        private Builder(final String name, final String mainClass)
        {
            this.name = Objects.requireNonNull(name, "name");
            this.mainClass = mainClass;
        }

        /**
         * @param options JVM options, e.g. {@code -Xmx256m} or {@code --add-opens ...} (one word each).
         * @return this builder.
         */
        public Builder jvmOptions(final String... options)
        {
            Collections.addAll(jvmOptions, options);
            return this;
        }

        /**
         * @param key   a system property of the child.
         * @param value its value.
         * @return this builder.
         */
        public Builder property(final String key, final String value)
        {
            properties.put(key, value);
            return this;
        }

        /**
         * @param arguments the main's arguments, appended to those given before.
         * @return this builder.
         */
        public Builder args(final String... arguments)
        {
            Collections.addAll(args, arguments);
            return this;
        }

        /**
         * @param onLine called with each line of the child's standard output as it is read, on the reader
         *               thread (for counting or recording many lines as they come); it must not block.
         * @return this builder.
         */
        public Builder onLine(final Consumer<String> onLine)
        {
            this.listener = Objects.requireNonNull(onLine, "onLine");
            return this;
        }

        /**
         * Start the child: the JVM running this test, with this JVM's class path.
         *
         * @return the running child.
         */
        public ChildJvm start()
        {
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.add("-cp");
            command.add(classPath());
            command.add(mainClass);
            command.addAll(args);
            try
            {
                return new ChildJvm(name, new ProcessBuilder(command).start(), listener);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot start " + name + ": " + command, ex);
            }
        }

        /**
         * Surefire may run tests from a manifest-only jar; its property holds the real class path.
         */
        private static String classPath()
        {
            return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        }
    }
}
