package dev.aeromq.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A unique Aeron directory for one test's embedded media driver, where Aeron puts its own by default
 * ({@code /dev/shm} on Linux, else the temporary directory), named {@code aeron-test-STEM-PID-N} so a
 * leftover is easy to trace. The directory itself is not created: the driver creates it.
 * <p>
 * A driver that shuts down cleanly deletes its directory; {@link #exists()} lets a test check that it
 * did, and {@link #close()} deletes whatever is left so a failing test leaves nothing behind either.
 */
public final class TempAeronDirectory implements AutoCloseable
{
    private static final Path SHM = Paths.get("/dev/shm");

    private final Path path;

    private TempAeronDirectory(final Path path)
    {
        this.path = path;
    }

    /**
     * @param stem a readable stem, e.g. the test's name.
     * @return a directory no other test, build or process uses.
     */
    public static TempAeronDirectory create(final String stem)
    {
        final Path root = Files.isDirectory(SHM) && Files.isWritable(SHM) ?
            SHM : Paths.get(System.getProperty("java.io.tmpdir"));
        return new TempAeronDirectory(root.resolve("aeron-test-" + Names.unique(stem)));
    }

    /**
     * @return the directory's name, as Aeron takes it.
     */
    public String name()
    {
        return path.toString();
    }

    /**
     * @return the directory.
     */
    public Path path()
    {
        return path;
    }

    /**
     * @return true if the directory exists now.
     */
    public boolean exists()
    {
        return Files.exists(path);
    }

    /**
     * Delete the directory and everything in it, if it is still there.
     */
    @Override
    public void close()
    {
        if (!Files.exists(path))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(path))
        {
            for (final Path file : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(file);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete " + path, ex);
        }
    }

    @Override
    public String toString()
    {
        return name();
    }
}
