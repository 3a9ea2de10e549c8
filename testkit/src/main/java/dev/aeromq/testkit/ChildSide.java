package dev.aeromq.testkit;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The child's end of a {@link ChildJvm}: used by the small main classes that tests run in child JVMs.
 * It writes the child's lines (each flushed at once, so a line written before a SIGKILL still reaches
 * the test), reads the test's commands, reports a failure as an {@link #ERROR} line, and halts the child
 * when its standard input closes, i.e. when the test JVM is gone, so no child outlives its test.
 */
public final class ChildSide
{
    /** A line starting with this reports a failure in the child; the test fails on it. */
    public static final String ERROR = "ERROR";

    private static final int EXIT_ORPHANED = 3;
    private static final int EXIT_FAILED = 1;

    private final PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false,
        StandardCharsets.UTF_8);
    private final BlockingQueue<String> commands = new LinkedBlockingQueue<>();

    private ChildSide()
    {
        Thread.ofPlatform().daemon(true).name("child-commands").start(this::readCommands);
    }

    /**
     * A child main's body, which may throw anything.
     */
    @FunctionalInterface
    public interface Body
    {
        /**
         * @param side the child's end of the line protocol.
         * @throws Exception anything: reported as an {@link #ERROR} line, and the child exits.
         */
        void run(ChildSide side) throws Exception;
    }

    /**
     * Run a child main's body: a failure is written as an {@link #ERROR} line (and its stack trace on
     * standard error), and the child exits with 1; a body that returns lets the child exit with 0.
     *
     * @param body the child's work.
     */
    public static void run(final Body body)
    {
        final ChildSide side = new ChildSide();
        try
        {
            body.run(side);
            side.say("EXIT");
            System.exit(0);
        }
        catch (final Throwable ex)
        {
            side.fail(ex);
        }
    }

    /**
     * Write one line for the test, flushed at once.
     *
     * @param line without its end.
     */
    public void say(final String line)
    {
        synchronized (out)
        {
            out.println(line);
            out.flush();
        }
    }

    /**
     * Wait for the test's next command line.
     *
     * @param timeout how long to wait at most.
     * @return the command, or null at the deadline.
     * @throws InterruptedException if interrupted while waiting.
     */
    public String nextCommand(final Duration timeout) throws InterruptedException
    {
        return commands.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Wait as long as it takes for the test's next command line.
     *
     * @return the command.
     * @throws InterruptedException if interrupted while waiting.
     */
    public String nextCommand() throws InterruptedException
    {
        return commands.take();
    }

    /**
     * Report a failure as an {@link #ERROR} line and exit with 1.
     *
     * @param failure what went wrong.
     */
    public void fail(final Throwable failure)
    {
        final StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        System.err.println(trace);
        System.err.flush();
        say(ERROR + " " + String.valueOf(failure).replace('\n', ' '));
        Runtime.getRuntime().halt(EXIT_FAILED);
    }

    private void readCommands()
    {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                commands.add(line);
            }
        }
        catch (final IOException ignore)
        {
            // the test JVM is gone
        }
        Runtime.getRuntime().halt(EXIT_ORPHANED); // no child outlives the test that started it
    }
}
