package dev.aeromq.testkit.hosts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * "Hosts" for multi-host tests on one machine: Linux network namespaces, each with its own network
 * stack and an address in a private test range, joined by a bridge that lives in a namespace of its
 * own (the machine's own network is never touched). Each host runs its programs as separate JVMs
 * ({@link Host#start}), each with its own embedded media driver. Everything is removed on close.
 * <p>
 * Needs root and a working {@code ip netns}; {@link #unavailableReason()} says why not otherwise, for
 * tests to skip with.
 */
public final class TestNetwork implements AutoCloseable
{
    private final String prefix;
    private final String subnet;
    private final String bridgeNamespace;
    private final List<Host> hosts = new ArrayList<>();

    private TestNetwork(final int hostCount)
    {
        final int id = ThreadLocalRandom.current().nextInt(1, 250);
        prefix = "amq" + Long.toString(ProcessHandle.current().pid() % 10_000, 36) + id;
        subnet = "10.213." + id;
        bridgeNamespace = prefix + "-sw";
        try
        {
            Shell.run("ip", "netns", "add", bridgeNamespace);
            Shell.run("ip", "-n", bridgeNamespace, "link", "add", "br0", "type", "bridge");
            Shell.run("ip", "-n", bridgeNamespace, "link", "set", "br0", "type", "bridge", "mcast_snooping", "0");
            Shell.run("ip", "-n", bridgeNamespace, "link", "set", "br0", "up");
            for (int i = 1; i <= hostCount; i++)
            {
                hosts.add(addHost(i));
            }
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    /**
     * @param hostCount how many hosts, 1 to 200.
     * @return the network, hosts {@code 1..hostCount} up and reachable from each other.
     * @throws IllegalStateException if it cannot be built (see {@link #unavailableReason()}).
     */
    public static TestNetwork create(final int hostCount)
    {
        if (hostCount < 1 || hostCount > 200)
        {
            throw new IllegalArgumentException("hostCount must be 1 to 200, was " + hostCount);
        }
        return new TestNetwork(hostCount);
    }

    /**
     * @return null if namespaces can be made here, else why not (for a test to skip with).
     */
    public static String unavailableReason()
    {
        if (!"Linux".equals(System.getProperty("os.name")))
        {
            return "network namespaces need Linux";
        }
        if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip")) &&
            !Files.isExecutable(Path.of("/usr/bin/ip")))
        {
            return "the ip command (iproute2) is not installed";
        }
        final String probe = "amq-probe-" + ProcessHandle.current().pid();
        try
        {
            Shell.run("ip", "netns", "add", probe);
            return null;
        }
        catch (final IllegalStateException ex)
        {
            return "cannot create a network namespace (root is needed): " + ex.getMessage();
        }
        finally
        {
            Shell.quietly("ip", "netns", "del", probe);
        }
    }

    /**
     * @param index 1 to the host count.
     * @return that host.
     */
    public Host host(final int index)
    {
        return hosts.get(index - 1);
    }

    /**
     * @return every host, in order.
     */
    public List<Host> hosts()
    {
        return List.copyOf(hosts);
    }

    private Host addHost(final int index)
    {
        final String namespace = prefix + "-h" + index;
        final String address = subnet + "." + index;
        final String bridgeSide = prefix + "b" + index;
        Shell.run("ip", "netns", "add", namespace);
        Shell.run("ip", "-n", namespace, "link", "set", "lo", "up");
        Shell.run("ip", "-n", namespace, "link", "add", "eth0", "type", "veth", "peer", "name", bridgeSide,
            "netns", bridgeNamespace);
        Shell.run("ip", "-n", bridgeNamespace, "link", "set", bridgeSide, "master", "br0");
        Shell.run("ip", "-n", bridgeNamespace, "link", "set", bridgeSide, "up");
        Shell.run("ip", "-n", namespace, "addr", "add", address + "/24", "dev", "eth0");
        Shell.run("ip", "-n", namespace, "link", "set", "eth0", "up");
        Shell.run("ip", "-n", namespace, "route", "add", "224.0.0.0/4", "dev", "eth0");
        return new Host(namespace, address, bridgeNamespace, bridgeSide);
    }

    /**
     * Stop every host's programs and remove the namespaces and links.
     */
    @Override
    public void close()
    {
        for (final Host host : hosts)
        {
            host.close();
        }
        for (final Host host : hosts)
        {
            Shell.quietly("ip", "netns", "del", host.namespace());
        }
        Shell.quietly("ip", "netns", "del", bridgeNamespace);
    }
}
