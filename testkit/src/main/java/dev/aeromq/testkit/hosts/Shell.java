package dev.aeromq.testkit.hosts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code ip} commands that build and tear down a test network, failing loudly with the
 * command's own output when one does not work.
 */
final class Shell
{
    private Shell()
    {
    }

    /**
     * @param command the command and its arguments.
     * @return its standard output.
     * @throws IllegalStateException naming the command and its output if it fails or hangs.
     */
    static String run(final String... command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 30 s");
            }
            if (process.exitValue() != 0)
            {
                throw new IllegalStateException(String.join(" ", command) + " failed (exit " +
                    process.exitValue() + "): " + output.strip());
            }
            return output;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), ex);
        }
    }

    /**
     * Like {@link #run}, for clean-up: a failure is ignored.
     *
     * @param command the command and its arguments.
     */
    static void quietly(final String... command)
    {
        try
        {
            run(command);
        }
        catch (final IllegalStateException ignore)
        {
            // already gone
        }
    }

    /**
     * @param namespace a network namespace.
     * @param command   what to run in it.
     * @return the full command line.
     */
    static String[] in(final String namespace, final List<String> command)
    {
        final String[] line = new String[command.size() + 4];
        line[0] = "ip";
        line[1] = "netns";
        line[2] = "exec";
        line[3] = namespace;
        for (int i = 0; i < command.size(); i++)
        {
            line[i + 4] = command.get(i);
        }
        return line;
    }
}
