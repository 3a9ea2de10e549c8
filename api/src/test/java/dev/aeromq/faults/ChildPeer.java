package dev.aeromq.faults;

import dev.aeromq.testkit.ChildJvm;
import dev.aeromq.testkit.TempAeronDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An AeroMQ peer in a child JVM: one of the small mains of this package, run with Aeron's JVM flag, the
 * test settings of {@code Testing.config()} as {@code aeromq.*} properties, and an Aeron directory root
 * of its own (each communicator the child opens has a directory under it, see {@link Child#open}).
 * Closing it kills the child if it still runs and deletes that root: a killed embedded driver cannot
 * delete its own directory.
 * <p>
 * {@link Builder#lossy(double, long)} replaces the child's UDP receive endpoints with Aeron's
 * {@code DebugReceiveChannelEndpoint}, which drops that share of the data frames the child's media
 * drivers receive ({@code RandomLossGenerator}), through Aeron's own system properties: no AeroMQ API.
 */
final class ChildPeer implements AutoCloseable
{
    /** System property naming the root of the child's Aeron directories. */
    static final String AERON_ROOT = "child.aeron.root";

    private final ChildJvm jvm;
    private final TempAeronDirectory root;

    private ChildPeer(final ChildJvm jvm, final TempAeronDirectory root)
    {
        this.jvm = jvm;
        this.root = root;
    }

    /**
     * @param name      names the child in failure messages.
     * @param mainClass one of this package's child mains.
     * @return a builder.
     */
    static Builder builder(final String name, final Class<?> mainClass)
    {
        return new Builder(name, mainClass);
    }

    /**
     * @return the child JVM, to read its lines, send commands and kill it.
     */
    ChildJvm jvm()
    {
        return jvm;
    }

    /**
     * @param prefix the line's start.
     * @return the first line starting with it, awaited with the standard wait.
     */
    String awaitLine(final String prefix)
    {
        return jvm.awaitLine(prefix);
    }

    /**
     * @param prefix  the line's start.
     * @param timeout how long to wait at most.
     * @return the first line starting with it.
     */
    String awaitLine(final String prefix, final Duration timeout)
    {
        return jvm.awaitLine(prefix, timeout);
    }

    /**
     * SIGKILL the child.
     *
     * @return {@link System#nanoTime()} just before the signal.
     */
    long kill()
    {
        return jvm.kill();
    }

    @Override
    public void close()
    {
        try
        {
            jvm.close();
        }
        finally
        {
            root.close();
        }
    }

    /**
     * How to run the child.
     */
    static final class Builder
    {
        private final String name;
        private final Class<?> mainClass;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private String heap = "256m";
        private String[] args = new String[0];
        private Consumer<String> onLine = line -> {};

        private Builder(final String name, final Class<?> mainClass)
        {
            this.name = name;
            this.mainClass = mainClass;
            // Testing.config(), as properties the child's Config.fromEnvironment() reads
            properties.put("aeromq.term.length", "4m");
            properties.put("aeromq.heartbeat.interval", "100ms");
            properties.put("aeromq.peer.timeout", "2s");
            properties.put("aeromq.linger", "500ms");
            properties.put("aeromq.send.timeout", "10s");
            properties.put("aeromq.receive.timeout", "10s");
        }

        /**
         * @param property an {@code aeromq.*} setting (or any system property) of the child.
         * @param value    its value.
         * @return this builder.
         */
        Builder setting(final String property, final String value)
        {
            properties.put(property, value);
            return this;
        }

        /**
         * @param rate share of the data frames the child's media drivers drop on receipt, e.g. 0.05.
         * @param seed of the loss generator's random numbers (Aeron takes -1 for a random seed).
         * @return this builder.
         */
        Builder lossy(final double rate, final long seed)
        {
            properties.put("aeron.ReceiveChannelEndpoint.supplier",
                "io.aeron.driver.ext.DebugReceiveChannelEndpointSupplier");
            properties.put("aeron.debug.receive.data.loss.rate", Double.toString(rate));
            properties.put("aeron.debug.receive.data.loss.seed", Long.toString(seed));
            return this;
        }

        /**
         * @param maxHeap the child's {@code -Xmx}, e.g. {@code 512m}.
         * @return this builder.
         */
        Builder heap(final String maxHeap)
        {
            this.heap = maxHeap;
            return this;
        }

        /**
         * @param arguments the main's arguments.
         * @return this builder.
         */
        Builder args(final String... arguments)
        {
            this.args = arguments.clone();
            return this;
        }

        /**
         * @param listener every line of the child's output, on the reader thread.
         * @return this builder.
         */
        Builder onLine(final Consumer<String> listener)
        {
            this.onLine = listener;
            return this;
        }

        /**
         * @return the running child.
         */
        ChildPeer start()
        {
            final TempAeronDirectory root = TempAeronDirectory.create("child-" + name);
            try
            {
                Files.createDirectories(root.path());
                final ChildJvm.Builder jvm = ChildJvm.builder(name, mainClass)
                    .jvmOptions("--add-opens", "java.base/jdk.internal.misc=ALL-UNNAMED")
                    .jvmOptions("-Xmx" + heap, "-XX:+UseSerialGC", "-XX:-UsePerfData")
                    .property(AERON_ROOT, root.name())
                    .args(args)
                    .onLine(onLine);
                properties.forEach(jvm::property);
                return new ChildPeer(jvm.start(), root);
            }
            catch (final IOException ex)
            {
                root.close();
                throw new UncheckedIOException(ex);
            }
            catch (final RuntimeException ex)
            {
                root.close();
                throw ex;
            }
        }
    }
}
