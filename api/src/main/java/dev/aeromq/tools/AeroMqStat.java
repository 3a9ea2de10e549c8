package dev.aeromq.tools;

import io.aeron.CommonContext;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * AeroMQ's counters, live, per socket: the {@code AeronStat} idea, filtered and named for AeroMQ.
 * Attaches to nothing: it reads the media driver's CnC file, so it sees every AeroMQ socket of every
 * process using that driver.
 * <pre>
 *   java --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -cp CLASSPATH dev.aeromq.tools.AeroMqStat \
 *       [AERON_DIR...] [--once] [--interval=SECONDS]
 * </pre>
 * With no directory it looks at every live driver's directory beside Aeron's default one: Aeron's own
 * ({@code /dev/shm/aeron-USER*} on Linux) and the embedded drivers AeroMQ starts
 * ({@code /dev/shm/aeromq-PID-RANDOM}). It prints every second until stopped, or once with
 * {@code --once}.
 */
public final class AeroMqStat
{
    /** AeroMQ's embedded drivers' directories: {@code aeromq-PID-RANDOM} beside Aeron's default one. */
    private static final String EMBEDDED_PREFIX = "aeromq-";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final long DRIVER_TIMEOUT_MS = 10_000;
    private static final int FIGURE_WIDTH = 28;
    private static final int VALUE_WIDTH = 18;

    private AeroMqStat()
    {
    }

    /**
     * @param args Aeron directories (none: every live one beside the default), {@code --once},
     *             {@code --interval=SECONDS}.
     * @throws InterruptedException if interrupted between prints.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final List<File> directories = new ArrayList<>();
        boolean once = false;
        long intervalMs = 1000;
        for (final String arg : args)
        {
            if ("--once".equals(arg))
            {
                once = true;
            }
            else if (arg.startsWith("--interval="))
            {
                intervalMs = (long)(Double.parseDouble(arg.substring("--interval=".length())) * 1000);
            }
            else if (arg.startsWith("-"))
            {
                System.err.println("usage: AeroMqStat [AERON_DIR...] [--once] [--interval=SECONDS]");
                System.exit(2);
            }
            else
            {
                directories.add(new File(arg));
            }
        }
        final PrintStream out = System.out;
        while (true)
        {
            final String text = snapshot(directories.isEmpty() ? liveDirectories() : directories);
            if (once)
            {
                out.print(text);
                return;
            }
            out.print("\u001b[H\u001b[2J" + text); // clear the terminal, then print
            out.flush();
            TimeUnit.MILLISECONDS.sleep(intervalMs);
        }
    }

    /**
     * @return the directories of the live media drivers beside Aeron's default directory.
     */
    static List<File> liveDirectories()
    {
        final File standard = new File(CommonContext.getAeronDirectoryName());
        final File parent = standard.getAbsoluteFile().getParentFile();
        final File[] candidates = parent == null ? null :
            parent.listFiles((file) -> file.isDirectory() && isDriverDirectory(file.getName(), standard.getName()));
        final List<File> live = new ArrayList<>();
        if (candidates != null)
        {
            Arrays.sort(candidates);
            for (final File candidate : candidates)
            {
                if (CncCounters.hasCncFile(candidate) &&
                    CommonContext.isDriverActive(candidate, DRIVER_TIMEOUT_MS, AeroMqStat::ignore))
                {
                    live.add(candidate);
                }
            }
        }
        return live;
    }

    /**
     * @param name     a directory's name.
     * @param standard the name of Aeron's default directory.
     * @return true for Aeron's default directory and its kin ({@code aeron-USER-...}), and for the ones
     * AeroMQ's embedded drivers make ({@code aeromq-PID-RANDOM}).
     */
    private static boolean isDriverDirectory(final String name, final String standard)
    {
        return name.startsWith(standard) || name.startsWith(EMBEDDED_PREFIX);
    }

    /**
     * @param directories Aeron directories to read.
     * @return AeroMQ's counters in them, per socket, as printed.
     */
    public static String snapshot(final List<File> directories)
    {
        final StringBuilder text = new StringBuilder();
        text.append("AeroMQ sockets at ").append(LocalTime.now().format(TIME)).append('\n');
        if (directories.isEmpty())
        {
            text.append("no live media driver found beside ").append(CommonContext.getAeronDirectoryName())
                .append(": pass the Aeron directory (Communicator.aeronDirectory(), AEROMQ_AERON_DIR)\n");
        }
        for (final File directory : directories)
        {
            appendDirectory(text, directory);
        }
        return text.toString();
    }

    private static void appendDirectory(final StringBuilder text, final File directory)
    {
        text.append('\n').append(directory.getPath());
        if (!CncCounters.hasCncFile(directory))
        {
            text.append(": no media driver here (no cnc.dat)\n");
            return;
        }
        final List<CncCounters.SocketFigures> sockets;
        try
        {
            sockets = CncCounters.read(directory);
        }
        catch (final IOException | RuntimeException ex)
        {
            text.append(": cannot read its cnc.dat: ").append(ex.getMessage()).append('\n');
            return;
        }
        text.append(": ").append(sockets.size()).append(sockets.size() == 1 ? " socket\n" : " sockets\n");
        for (final CncCounters.SocketFigures socket : sockets)
        {
            text.append("  ").append(socket.name()).append("  (pid ").append(socket.pid()).append(")\n");
            for (final CncCounters.Figure figure : socket.figures())
            {
                text.append("    ").append(pad(figure.figure().figure(), FIGURE_WIDTH))
                    .append(String.format(Locale.ROOT, "%," + VALUE_WIDTH + "d", figure.value())).append('\n');
            }
        }
    }

    private static void ignore(final String message)
    {
        // isDriverActive's progress messages
    }

    private static String pad(final String text, final int width)
    {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
