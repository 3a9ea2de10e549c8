package dev.aeromq;

import dev.aeromq.testkit.Bytes;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Off-heap memory for tests that move messages too large for the test JVM's 1 GiB heap: a file mapped into
 * memory, under /dev/shm where there is one (so it is RAM, not disk), else under the temporary directory.
 * Closing it unmaps and deletes the file.
 */
final class MappedMemory implements AutoCloseable
{
    private static final int FILL_BLOCK = 64 * 1024;

    private final File file;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer buffer;

    private MappedMemory(final File file, final int length)
    {
        this.file = file;
        this.mapped = IoUtil.mapNewFile(file, length, false);
        this.buffer = new UnsafeBuffer(mapped);
    }

    /**
     * @param name   a readable stem for the file.
     * @param length bytes, at most 2 GiB - 1.
     * @return the memory, mapped.
     */
    static MappedMemory create(final String name, final int length)
    {
        final Path shm = Path.of("/dev/shm");
        final Path directory = Files.isDirectory(shm) && Files.isWritable(shm) ?
            shm : Path.of(System.getProperty("java.io.tmpdir"));
        try
        {
            final Path path = Files.createTempFile(directory, "aeromq-test-" + name + "-", ".bin");
            Files.delete(path); // mapNewFile creates it afresh
            return new MappedMemory(path.toFile(), length);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return the whole memory.
     */
    UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * Fill it with the {@link Bytes} pattern of a seed, a block at a time (the pattern repeats every 256 bytes).
     *
     * @param seed of the pattern.
     */
    void fill(final int seed)
    {
        final byte[] block = Bytes.pattern(FILL_BLOCK, seed);
        final int length = buffer.capacity();
        for (int offset = 0; offset < length; offset += Math.min(FILL_BLOCK, length - offset))
        {
            buffer.putBytes(offset, block, 0, Math.min(FILL_BLOCK, length - offset));
        }
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapped);
        IoUtil.delete(file, true);
    }
}
