package dev.aeromq;

import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.ChildJvm;
import dev.aeromq.testkit.TempAeronDirectory;
import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;

import java.io.File;
import java.util.List;

/**
 * An external media driver in a child JVM (Aeron's own {@code MediaDriver} main), in its own directory, for
 * tests that kill it or point communicators at it.
 */
final class ExternalDriver
{
    private ExternalDriver()
    {
    }

    /**
     * @param directory where the driver runs.
     * @return the child, once its driver is active.
     */
    static ChildJvm start(final TempAeronDirectory directory)
    {
        final ChildJvm child = ChildPrograms.start(MediaDriver.class, List.of(
            "-Daeron.dir=" + directory.name(),
            "-Daeron.threading.mode=SHARED",
            "-Daeron.dir.delete.on.start=true",
            "-Daeron.dir.delete.on.shutdown=true",
            "-Daeron.term.buffer.sparse.file=true"));
        try
        {
            Await.await(() -> "the external media driver to start in " + directory + "; it printed:\n" +
                child.describe(), ChildPrograms.START, () -> isActive(directory.name()));
            return child;
        }
        catch (final RuntimeException | Error ex)
        {
            child.close();
            throw ex;
        }
    }

    /**
     * @param directory an Aeron directory.
     * @return true if a driver there has a fresh heartbeat.
     */
    static boolean isActive(final String directory)
    {
        return isActive(directory, 10_000);
    }

    /**
     * @param directory an Aeron directory.
     * @param timeoutMs how old the heartbeat may be.
     * @return true if a driver there has a heartbeat younger than that.
     */
    static boolean isActive(final String directory, final long timeoutMs)
    {
        final File dir = new File(directory);
        try
        {
            return new File(dir, CncFileDescriptor.CNC_FILE).exists() &&
                CommonContext.isDriverActive(dir, timeoutMs, (message) -> {});
        }
        catch (final RuntimeException ex)
        {
            return false; // still starting
        }
    }
}
