package dev.aeromq.transport;

import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;

import java.io.File;
import java.nio.MappedByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Aeron directory of an embedded media driver, and the rule that AeroMQ never deletes a directory it did
 * not create. A fresh directory is named {@code aeromq-PID-RANDOM} in Aeron's default parent ({@code /dev/shm}
 * on Linux), so a directory left by a process that died (kill -9) can be recognised and removed by the next
 * communicator that starts: only when its process is gone and its driver's heartbeat is stale. A configured
 * directory is used only if no driver is alive in it and it holds nothing but a dead driver's files.
 */
final class DriverDirectory
{
    private static final String PREFIX = "aeromq-";
    private static final Pattern OURS = Pattern.compile("aeromq-(\\d+)-[0-9a-f]{8,}");

    private DriverDirectory()
    {
    }

    /**
     * @return a directory name no process has used: {@code PARENT/aeromq-PID-RANDOM}.
     */
    static String fresh()
    {
        return new File(parent(), PREFIX + ProcessHandle.current().pid() + "-" +
            Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE)).getPath();
    }

    /**
     * Remove the directories of embedded drivers whose process died without closing them: named by
     * {@link #fresh()}, their process gone, and their driver's heartbeat older than the timeout (or, with no
     * cnc.dat, the directory untouched for as long). A directory with a live driver is never touched.
     *
     * @param timeoutMs heartbeat age after which a driver counts as dead.
     * @param settings  whose error handler is told of a directory that could not be removed.
     * @return how many directories were removed.
     */
    static int removeStale(final long timeoutMs, final TransportSettings settings)
    {
        final File[] candidates = parent().listFiles((dir, name) -> name.startsWith(PREFIX));
        int removed = 0;
        for (final File directory : candidates == null ? new File[0] : candidates)
        {
            if (isStale(directory, timeoutMs))
            {
                try
                {
                    IoUtil.delete(directory, false);
                    removed++;
                }
                catch (final RuntimeException ex)
                {
                    settings.report(new IllegalStateException("cannot remove the stale media driver directory " +
                        directory + " of a process that died: " + ex.getMessage(), ex));
                }
            }
        }
        return removed;
    }

    /**
     * Check a configured directory before an embedded driver starts in it.
     *
     * @param directory the configured Aeron directory.
     * @param timeoutMs heartbeat age after which a driver counts as dead.
     * @return true if it is an empty directory someone else made: the driver deletes it when it stops, so it
     * must be made again then.
     * @throws RuntimeException of kind CONFIG if a driver is alive there, or the directory holds other files.
     */
    static boolean checkUsable(final String directory, final long timeoutMs)
    {
        final File dir = new File(directory);
        if (!dir.exists())
        {
            return false;
        }
        final File cnc = new File(dir, CncFileDescriptor.CNC_FILE);
        if (cnc.exists())
        {
            if (isDriverAlive(dir, timeoutMs))
            {
                throw liveDriver(directory, timeoutMs);
            }
            return false; // a dead driver's files: Aeron replaces them
        }
        final String[] files = dir.list();
        if (!dir.isDirectory() || files == null || files.length > 0)
        {
            throw Failures.of(Failure.Kind.CONFIG, "the Aeron directory " + directory + " exists and is not a " +
                "media driver's directory (no " + CncFileDescriptor.CNC_FILE + "): an embedded driver deletes " +
                "its directory when it stops, so AeroMQ will not use one that holds other files; set aeronDirectory " +
                "(AEROMQ_AERON_DIR) to a new or empty directory, or leave it unset for a fresh one");
        }
        return true;
    }

    /**
     * @param directory where a live driver was found.
     * @param timeoutMs the driver timeout used to tell.
     * @return the error an embedded driver pointed there fails with.
     */
    static RuntimeException liveDriver(final String directory, final long timeoutMs)
    {
        final long pid = driverPid(new File(directory));
        return Failures.of(Failure.Kind.CONFIG, "a media driver" + (pid > 0 ? " (pid " + pid + ")" : "") +
            " is running in " + directory + ": AeroMQ will not start an embedded driver there, which would replace " +
            "its files and orphan it; attach to it with externalDriver=true (AEROMQ_EXTERNAL_DRIVER=true), or give " +
            "the embedded driver another aeronDirectory (or none, for a fresh one). If that driver has just " +
            "stopped, retry after its heartbeat is older than the driver timeout (" +
            TimeUnit.MILLISECONDS.toSeconds(timeoutMs) + " s)");
    }

    private static boolean isStale(final File directory, final long timeoutMs)
    {
        final Matcher name = OURS.matcher(directory.getName());
        if (!name.matches() || !directory.isDirectory())
        {
            return false;
        }
        final long pid;
        try
        {
            pid = Long.parseLong(name.group(1));
        }
        catch (final NumberFormatException ex)
        {
            return false;
        }
        if (pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        {
            return false;
        }
        final File cnc = new File(directory, CncFileDescriptor.CNC_FILE);
        if (cnc.exists())
        {
            return !isDriverAlive(directory, timeoutMs);
        }
        return System.currentTimeMillis() - directory.lastModified() > timeoutMs;
    }

    /**
     * Unlike Aeron's {@code CommonContext.isDriverActive}, never waits for a driver that is starting.
     *
     * @return true if a driver in the directory may be alive: its heartbeat is younger than the timeout, or it
     * has none yet and its cnc.dat is that young, or its cnc.dat cannot be read (then it is never touched).
     */
    private static boolean isDriverAlive(final File directory, final long timeoutMs)
    {
        final File cnc = new File(directory, CncFileDescriptor.CNC_FILE);
        if (!cnc.exists())
        {
            return false;
        }
        final long nowMs = System.currentTimeMillis();
        final boolean young = nowMs - cnc.lastModified() <= timeoutMs;
        if (cnc.length() <= CncFileDescriptor.END_OF_METADATA_OFFSET)
        {
            return young;
        }
        MappedByteBuffer mapped = null;
        try
        {
            mapped = IoUtil.mapExistingFile(cnc, "cnc");
            final UnsafeBuffer metaData = CncFileDescriptor.createMetaDataBuffer(mapped);
            final int version = metaData.getIntVolatile(CncFileDescriptor.cncVersionOffset(0));
            if (version == 0)
            {
                return young;
            }
            CncFileDescriptor.checkVersion(version);
            final ManyToOneRingBuffer toDriver =
                new ManyToOneRingBuffer(CncFileDescriptor.createToDriverBuffer(mapped, metaData));
            return nowMs - toDriver.consumerHeartbeatTime() <= timeoutMs;
        }
        catch (final RuntimeException ex)
        {
            return true;
        }
        finally
        {
            if (mapped != null)
            {
                IoUtil.unmap(mapped);
            }
        }
    }

    private static long driverPid(final File directory)
    {
        final File cnc = new File(directory, CncFileDescriptor.CNC_FILE);
        if (!cnc.exists())
        {
            return -1;
        }
        MappedByteBuffer mapped = null;
        try
        {
            mapped = IoUtil.mapExistingFile(cnc, "cnc");
            final UnsafeBuffer metaData = CncFileDescriptor.createMetaDataBuffer(mapped);
            return metaData.getIntVolatile(CncFileDescriptor.cncVersionOffset(0)) != 0 ?
                metaData.getLong(CncFileDescriptor.pidOffset(0)) : -1;
        }
        catch (final RuntimeException ex)
        {
            return -1;
        }
        finally
        {
            if (mapped != null)
            {
                IoUtil.unmap(mapped);
            }
        }
    }

    private static File parent()
    {
        final File aeronDefault = new File(CommonContext.AERON_DIR_PROP_DEFAULT);
        final File parent = aeronDefault.getParentFile();
        return parent != null ? parent : new File(System.getProperty("java.io.tmpdir"));
    }
}
