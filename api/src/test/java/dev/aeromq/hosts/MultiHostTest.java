package dev.aeromq.hosts;

import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.hosts.Host;
import dev.aeromq.testkit.hosts.HostProcess;
import dev.aeromq.testkit.hosts.TestNetwork;
import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every pattern between "hosts": network namespaces joined by a bridge, each host a JVM with its own
 * embedded media driver, talking UDP over the test network ({@link TestNetwork}). Opt-in: set
 * {@code AEROMQ_TEST_NETNS=1} (needs root and {@code ip netns}); {@code .ci/run} sets it where it works.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS) // nine JVMs start on a loaded 2-core machine
class MultiHostTest
{
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Pattern RECEIVED = Pattern.compile(
        "(\\d+) distinct=(\\d+) duplicates=(\\d+) damaged=(\\d+) ids=\\{(.*)}");
    private static final int MIB = 1024 * 1024;

    @BeforeAll
    static void onlyWhereNamespacesWork()
    {
        assumeTrue("1".equals(System.getenv("AEROMQ_TEST_NETNS")),
            "multi-host tests are opt-in: set AEROMQ_TEST_NETNS=1 (needs root and ip netns)");
        final String reason = TestNetwork.unavailableReason();
        assumeTrue(reason == null, () -> "multi-host tests skipped: " + reason);
    }

    @Test
    void reqRepWithThreeRepHostsAndTwoReqHosts()
    {
        try (TestNetwork network = TestNetwork.create(5))
        {
            final List<String> reps = new ArrayList<>();
            for (int i = 1; i <= 3; i++)
            {
                final HostProcess rep = agent(network.host(i));
                rep.send("bind rep REP udp://" + network.host(i).address() + ":7000");
                reps.add(rep.awaitLine("BOUND rep", WAIT));
                rep.send("serve rep h" + i);
                rep.awaitLine("SERVING", WAIT);
            }
            final List<HostProcess> reqs = new ArrayList<>();
            for (int i = 4; i <= 5; i++)
            {
                final HostProcess req = agent(network.host(i));
                req.send("connect req REQ " + String.join(" ", reps));
                req.send("await req 3");
                assertEquals("req 3", req.awaitLine("PEERS", WAIT));
                req.send("request req 300 1024 &");
                reqs.add(req);
            }
            for (final HostProcess req : reqs)
            {
                final String replies = req.awaitLine("REPLIES", WAIT);
                assertTrue(replies.matches("\\{h1=\\d+, h2=\\d+, h3=\\d+} lost=0"), replies);
                assertTrue(replies.contains("h1=100") && replies.contains("h2=100") && replies.contains("h3=100"),
                    "round-robin over the three REP hosts: " + replies);
            }
            reqs.get(0).send("request req 3 " + 64 * MIB);
            assertTrue(reqs.get(0).awaitLine("REPLIES", WAIT).endsWith("lost=0"), "64 MiB requests answered");
        }
    }

    @Test
    void pushPullToFourWorkerHostsDeliversEachMessageOnce()
    {
        try (TestNetwork network = TestNetwork.create(5))
        {
            final HostProcess push = agent(network.host(1));
            push.send("bind push PUSH udp://" + network.host(1).address() + ":7001");
            final String endpoint = push.awaitLine("BOUND push", WAIT);
            final List<HostProcess> workers = new ArrayList<>();
            for (int i = 2; i <= 5; i++)
            {
                final HostProcess pull = agent(network.host(i));
                pull.send("connect pull PULL " + endpoint);
                pull.send("await pull 1");
                pull.awaitLine("PEERS", WAIT);
                pull.send("drain pull 5 120 &");
                workers.add(pull);
            }
            push.send("await push 4");
            assertEquals("push 4", push.awaitLine("PEERS", WAIT));
            push.send("send push 10000 256");
            push.awaitLine("SENT", WAIT);
            assertEachOnce(workers, 10_000);
        }
    }

    @Test
    void largeMessagesPushedToWorkerHostsArriveWhole()
    {
        try (TestNetwork network = TestNetwork.create(3))
        {
            final HostProcess push = agent(network.host(1));
            push.send("bind push PUSH udp://" + network.host(1).address() + ":7003");
            final String endpoint = push.awaitLine("BOUND push", WAIT);
            final List<HostProcess> workers = new ArrayList<>();
            for (int i = 2; i <= 3; i++)
            {
                final HostProcess pull = agent(network.host(i));
                pull.send("connect pull PULL " + endpoint);
                pull.send("await pull 1");
                pull.awaitLine("PEERS", WAIT);
                pull.send("drain pull 10 120 &");
                workers.add(pull);
            }
            push.send("await push 2");
            push.awaitLine("PEERS", WAIT);
            push.send("send push 6 " + 32 * MIB);
            push.awaitLine("SENT", WAIT);
            assertEachOnce(workers, 6);
        }
    }

    @Test
    void pairBetweenTwoHostsBothWays()
    {
        try (TestNetwork network = TestNetwork.create(2))
        {
            final HostProcess one = agent(network.host(1));
            final HostProcess two = agent(network.host(2));
            one.send("bind pair PAIR udp://" + network.host(1).address() + ":7004");
            final String endpoint = one.awaitLine("BOUND pair", WAIT);
            two.send("connect pair PAIR " + endpoint);
            two.send("await pair 1");
            two.awaitLine("PEERS", WAIT);

            two.send("drain pair 5 120 &");
            one.send("send pair 1000 512");
            one.awaitLine("SENT", WAIT);
            assertEachOnce(List.of(two), 1000);

            one.send("drain pair 5 120 &");
            two.send("send pair 2 " + 64 * MIB);
            two.awaitLine("SENT", WAIT);
            assertEachOnce(List.of(one), 2);
        }
    }

    @Test
    void pubToEightSubscriberHostsByMdc()
    {
        try (TestNetwork network = TestNetwork.create(9))
        {
            // a bound udp:// PUB shares one multi-destination-cast stream among its SUBs
            publishToEightSubscriberHosts(network, "udp://" + network.host(1).address() + ":7005", (host) -> null);
        }
    }

    @Test
    void pubToEightSubscriberHostsByMulticast()
    {
        try (TestNetwork network = TestNetwork.create(9))
        {
            final String group = "udp://239.255.213." + (1 + 2 * ThreadLocalRandom.current().nextInt(100)) + ":7009";
            publishToEightSubscriberHosts(network, group + "?interface=" + network.host(1).address(),
                (host) -> group + "?interface=" + host.address());
        }
    }

    /**
     * A PUB on host 1 publishes a paced stream to SUBs on hosts 2 to 9, each connecting to the PUB's endpoint
     * or, where {@code endpointFor} says, to an endpoint of its own (a multicast group on its interface).
     */
    private static void publishToEightSubscriberHosts(
        final TestNetwork network, final String bind, final Function<Host, String> endpointFor)
    {
        final HostProcess pub = agent(network.host(1));
        pub.send("bind pub PUB " + bind);
        final String bound = pub.awaitLine("BOUND pub", WAIT);
        final List<HostProcess> subs = new ArrayList<>();
        for (int i = 2; i <= 9; i++)
        {
            final HostProcess sub = agent(network.host(i));
            final String own = endpointFor.apply(network.host(i));
            sub.send("connect sub SUB " + (own != null ? own : bound));
            sub.send("subscribe sub t");
            sub.awaitLine("SUBSCRIBED", WAIT);
            sub.send("await sub 1");
            sub.awaitLine("PEERS", WAIT);
            sub.send("drain sub 5 120 &");
            subs.add(sub);
        }
        pub.send("await pub 8");
        pub.awaitLine("PEERS", WAIT);
        pub.send("publish pub t 2000 256 2000");
        pub.awaitLine("PUBLISHED", WAIT);
        for (final HostProcess sub : subs)
        {
            final Matcher got = received(sub);
            assertEquals(2000, Integer.parseInt(got.group(2)), "a paced stream reaches every SUB host whole");
            assertEquals("0", got.group(3), "no duplicates");
            assertEquals("0", got.group(4), "nothing damaged");
        }
    }

    @Test
    void aHostCutOffLongerThanThePeerTimeoutLeavesAndRejoinsWithNothingLost()
    {
        try (TestNetwork network = TestNetwork.create(3))
        {
            final HostProcess push = agent(network.host(1));
            push.send("bind push PUSH udp://" + network.host(1).address() + ":7006");
            final String endpoint = push.awaitLine("BOUND push", WAIT);
            final List<HostProcess> workers = new ArrayList<>();
            for (int i = 2; i <= 3; i++)
            {
                final HostProcess pull = agent(network.host(i));
                pull.send("connect pull PULL " + endpoint);
                pull.send("await pull 1");
                pull.awaitLine("PEERS", WAIT);
                pull.send("drain pull 15 120 &");
                workers.add(pull);
            }
            push.send("await push 2");
            push.awaitLine("PEERS", WAIT);
            push.send("send push 4000 128 500 &"); // 8 s of traffic

            final Host cut = network.host(3);
            cut.disconnect();
            awaitPeers(push, "push", 1); // the silent worker left after the peer timeout
            final long cutNs = System.nanoTime();
            assertPeersFor(push, "push", 1, Duration.ofSeconds(1)); // out a while longer: a real partition
            cut.reconnect();
            awaitPeers(push, "push", 2); // it joins again
            assertTrue(System.nanoTime() - cutNs < Duration.ofSeconds(10).toNanos(), "healed within 10 s");
            push.awaitLine("SENT", WAIT);
            assertEachOnce(workers, 4000);
        }
    }

    @Test
    void aReqWhoseRepHostIsCutOffGetsPeerLostNotAHang()
    {
        try (TestNetwork network = TestNetwork.create(2))
        {
            final HostProcess rep = agent(network.host(1));
            rep.send("bind rep REP udp://" + network.host(1).address() + ":7007");
            final String endpoint = rep.awaitLine("BOUND rep", WAIT);
            rep.send("serve rep h1");
            final HostProcess req = agent(network.host(2));
            req.send("connect req REQ " + endpoint);
            req.send("await req 1");
            req.awaitLine("PEERS", WAIT);
            req.send("request req 40 64 10 &"); // 4 s of requests

            network.host(1).disconnect();
            awaitPeers(req, "req", 0);
            network.host(1).reconnect();
            final String replies = req.awaitLine("REPLIES", WAIT);
            assertTrue(replies.matches("\\{h1=\\d+} lost=[1-9]\\d*"), "some requests failed with PeerLostException, " +
                "the rest were answered, none hung: " + replies);
        }
    }

    @Test
    void processesOnOneHostShareOneExternalMediaDriver() throws Exception
    {
        try (TestNetwork network = TestNetwork.create(1))
        {
            final Host host = network.host(1);
            final Path directory = Files.createTempDirectory("aeromq-shared-driver");
            final HostProcess driver = host.start(List.of("-Daeron.dir=" + directory.resolve("aeron"),
                "-Daeron.dir.delete.on.shutdown=true"), MediaDriver.class);
            final String dir = directory.resolve("aeron").toString();
            // a program started beside a driver that is still starting would be told none runs there
            Await.await("the external media driver at " + dir + " is up", WAIT, () -> driverActive(dir));
            final HostProcess rep = agent(host, "--external", dir);
            rep.send("bind rep REP ipc://shared-echo");
            rep.awaitLine("BOUND rep", WAIT);
            rep.send("serve rep one");
            final List<HostProcess> reqs = new ArrayList<>();
            for (int i = 0; i < 2; i++)
            {
                final HostProcess req = agent(host, "--external", dir);
                req.send("connect req REQ ipc://shared-echo");
                req.send("await req 1");
                req.awaitLine("PEERS", WAIT);
                req.send("request req 200 4096 &");
                reqs.add(req);
            }
            for (final HostProcess req : reqs)
            {
                assertEquals("{one=200} lost=0", req.awaitLine("REPLIES", WAIT));
            }
            driver.close();
        }
    }

    private static boolean driverActive(final String directory)
    {
        final File dir = new File(directory);
        try
        {
            return new File(dir, CncFileDescriptor.CNC_FILE).exists() &&
                CommonContext.isDriverActive(dir, 10_000, MultiHostTest::ignore);
        }
        catch (final RuntimeException ex)
        {
            return false; // still starting: its files are not complete yet
        }
    }

    private static void ignore(final String message)
    {
        // isDriverActive's log: the await names what it waits for
    }

    private static HostProcess agent(final Host host, final String... args)
    {
        final HostProcess agent = host.start(HostAgent.class, args);
        agent.awaitLine("READY", WAIT);
        return agent;
    }

    /**
     * Ask for the peer count until it is {@code count}.
     */
    private static void awaitPeers(final HostProcess agent, final String socket, final int count)
    {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        String peers;
        do
        {
            agent.send("peers " + socket);
            peers = agent.awaitLine("PEERS", WAIT);
        }
        while (!peers.equals(socket + " " + count) && System.nanoTime() < deadline);
        assertEquals(socket + " " + count, peers);
    }

    /**
     * Ask for the peer count, again and again for the given time: it must stay {@code count}.
     */
    private static void assertPeersFor(
        final HostProcess agent, final String socket, final int count, final Duration period)
    {
        final long end = System.nanoTime() + period.toNanos();
        while (System.nanoTime() < end)
        {
            agent.send("peers " + socket);
            assertEquals(socket + " " + count, agent.awaitLine("PEERS", WAIT));
        }
    }

    private static Matcher received(final HostProcess agent)
    {
        final String line = agent.awaitLine("RECEIVED", WAIT);
        final Matcher matcher = RECEIVED.matcher(line);
        assertTrue(matcher.matches(), line);
        return matcher;
    }

    /**
     * Every worker's drain: together they got 0..count-1, each exactly once, none damaged, each got some.
     */
    private static void assertEachOnce(final List<HostProcess> workers, final int count)
    {
        final BitSet all = new BitSet();
        int total = 0;
        for (final HostProcess worker : workers)
        {
            final Matcher got = received(worker);
            assertEquals("0", got.group(3), "no duplicates at a worker");
            assertEquals("0", got.group(4), "nothing damaged");
            final int received = Integer.parseInt(got.group(1));
            assertTrue(received > 0, "every worker got a share");
            total += received;
            for (final String range : got.group(5).split(", "))
            {
                if (!range.isEmpty())
                {
                    all.set(Integer.parseInt(range.strip()));
                }
            }
        }
        assertEquals(count, total, "each message exactly once across the workers");
        assertEquals(count, all.cardinality(), "every message arrived");
    }
}
