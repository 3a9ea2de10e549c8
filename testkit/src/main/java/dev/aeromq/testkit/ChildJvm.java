package dev.aeromq.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a main class in a child JVM with the test's own classpath and JDK, but only the JVM flags
 * given (so a test can see what happens without a flag the build passes to every test JVM), and
 * returns its exit code and output once it ended, failing the test if it runs past a deadline.
 */
public final class ChildJvm
{
    /**
     * How a child JVM ended.
     *
     * @param exitCode its exit code.
     * @param output   what it wrote to standard output and standard error, interleaved.
     */
    public record Result(int exitCode, String output)
    {
    }

    private ChildJvm()
    {
    }

    /**
     * @param timeout  how long it may run; it is killed and the test fails after that.
     * @param jvmFlags flags for the child JVM (none of the parent's are passed on).
     * @param main     the main class, on the test's classpath.
     * @param args     its arguments.
     * @return how it ended.
     */
    public static Result run(final Duration timeout, final List<String> jvmFlags, final Class<?> main,
        final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        Path output = null;
        Process process = null;
        try
        {
            output = Files.createTempFile("aeromq-child-jvm", ".txt");
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly();
                fail("the child JVM running " + main.getName() + " did not end within " + timeout + "; it wrote: " +
                    Files.readString(output, StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            return fail("cannot run a child JVM: " + ex, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return fail("interrupted while waiting for the child JVM", ex);
        }
        finally
        {
            delete(output);
        }
    }

    private static void delete(final Path output)
    {
        if (output != null)
        {
            try
            {
                Files.deleteIfExists(output);
            }
            catch (final IOException ignore)
            {
                // a temporary file left behind
            }
        }
    }
}
