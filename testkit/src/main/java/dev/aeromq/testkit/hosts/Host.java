package dev.aeromq.testkit.hosts;

import java.util.ArrayList;
import java.util.List;

/**
 * One "host" of a {@link TestNetwork}: a network namespace with one interface ({@code eth0}) on the
 * test network. Programs started on it are JVMs from the test's own class path.
 */
public final class Host
{
    private final String namespace;
    private final String address;
    private final String bridgeNamespace;
    private final String bridgePort;
    private final List<HostProcess> processes = new ArrayList<>();

    Host(
        final String namespace,
        final String address,
        final String bridgeNamespace,
        final String bridgePort)
    {
        this.namespace = namespace;
        this.address = address;
        this.bridgeNamespace = bridgeNamespace;
        this.bridgePort = bridgePort;
    }

    /**
     * @return the namespace's name.
     */
    public String namespace()
    {
        return namespace;
    }

    /**
     * @return its IPv4 address on the test network.
     */
    public String address()
    {
        return address;
    }

    /**
     * Start a Java program on this host, with the test's class path and the flags AeroMQ needs.
     *
     * @param mainClass the program.
     * @param args      its arguments.
     * @return the running program; it is stopped when the network closes, if not before.
     */
    public HostProcess start(final Class<?> mainClass, final String... args)
    {
        return start(List.of(), mainClass, args);
    }

    /**
     * Start a Java program on this host, as {@link #start(Class, String...)}, with JVM options of its own.
     *
     * @param jvmOptions e.g. {@code -Daeron.dir=...}.
     * @param mainClass  the program.
     * @param args       its arguments.
     * @return the running program.
     */
    public HostProcess start(final List<String> jvmOptions, final Class<?> mainClass, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("--add-opens");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        final HostProcess process =
            HostProcess.start(namespace + ":" + mainClass.getSimpleName(), Shell.in(namespace, command));
        processes.add(process);
        return process;
    }

    /**
     * Cut this host off the network (its bridge port goes down); nothing on it notices at once.
     */
    public void disconnect()
    {
        Shell.run("ip", "-n", bridgeNamespace, "link", "set", bridgePort, "down");
    }

    /**
     * Put it back on the network.
     */
    public void reconnect()
    {
        Shell.run("ip", "-n", bridgeNamespace, "link", "set", bridgePort, "up");
    }

    void close()
    {
        for (final HostProcess process : processes)
        {
            process.close();
        }
    }

    @Override
    public String toString()
    {
        return namespace + " (" + address + ")";
    }
}
