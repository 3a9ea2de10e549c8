package dev.aeromq.samples;

import dev.aeromq.ClosedException;
import dev.aeromq.Communicator;
import dev.aeromq.Message;
import dev.aeromq.PairSocket;

import java.time.Duration;

import static dev.aeromq.samples.SampleSupport.awaitPeers;
import static dev.aeromq.samples.SampleSupport.command;
import static dev.aeromq.samples.SampleSupport.count;
import static dev.aeromq.samples.SampleSupport.micros;

/**
 * PAIR: an exclusive two-way link. The connecting side sends {@code ping i}, the binding side
 * answers {@code pong i}, N times (default 5). Unlike REQ/REP either side may send at any time; this
 * sample just happens to take turns. A third PAIR would be refused (see {@link Demo}).
 * <pre>
 * mvn -q -pl samples compile exec:exec -Dsample=Pair                                    # both, one process
 * mvn -q -pl samples compile exec:exec -Dsample=Pair -Dsample.args="bind udp://127.0.0.1:40126 [N]"
 * mvn -q -pl samples compile exec:exec -Dsample=Pair -Dsample.args="connect udp://127.0.0.1:40126 [N]"
 * </pre>
 */
public final class Pair
{
    private static final String SAMPLE = "Pair";
    private static final int DEFAULT_COUNT = 5;
    private static final Duration PONG_WAIT = Duration.ofSeconds(5);
    private static final String USAGE =
        "usage: Pair [bind ENDPOINT [N] | connect ENDPOINT [N]]   (no arguments: both in one process)";

    private Pair()
    {
    }

    /**
     * Runs one role, or both in one process.
     *
     * @param args {@code bind ENDPOINT [N]}, {@code connect ENDPOINT [N]}, or nothing to run both.
     * @throws InterruptedException if interrupted.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        if (args.length == 0)
        {
            bothInOneProcess();
            return;
        }
        if (args.length < 2 || !(args[0].equals("bind") || args[0].equals("connect")))
        {
            System.err.println(USAGE);
            return;
        }
        final String endpoint = args[1];
        final int n;
        try
        {
            n = count(args, 2, DEFAULT_COUNT);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println(ex.getMessage() + "\n" + USAGE);
            return;
        }
        try (var comm = SampleSupport.closeOnShutdown(Communicator.open()))
        {
            SampleSupport.warnIfIpcAcrossProcesses(comm, endpoint);
            if (args[0].equals("bind"))
            {
                ponger(comm, endpoint, n);
            }
            else
            {
                pinger(comm, endpoint, n);
            }
        }
        catch (final ClosedException ex)
        {
            System.out.println("stopped.");
        }
    }

    private static void bothInOneProcess() throws InterruptedException
    {
        final var endpoint = "ipc://pair-sample";
        System.out.println("Two PAIRs in one process over " + endpoint);
        try (var comm = Communicator.open())
        {
            SampleSupport.runTogether(
                () -> ponger(comm, endpoint, DEFAULT_COUNT), () -> pinger(comm, endpoint, DEFAULT_COUNT));
        }
        System.out.println("done.");
    }

    /**
     * Bind a PAIR and answer {@code n} pings.
     */
    static void ponger(final Communicator comm, final String endpoint, final int n)
    {
        try (PairSocket pair = comm.pair().bind(endpoint))
        {
            System.out.println("bind: bound at " + pair.endpoint());
            if (!awaitPeers("bind", pair, 1, command(comm, SAMPLE, "connect " + pair.endpoint())))
            {
                return;
            }
            for (int i = 1; i <= n; i++)
            {
                final var ping = pair.receive(SampleSupport.PEER_WAIT);
                if (ping.isEmpty())
                {
                    System.out.println("bind: no ping for " + SampleSupport.PEER_WAIT.toSeconds() + " s, stopping");
                    return;
                }
                final var pong = ping.get().text().replace("ping", "pong");
                pair.send(Message.of(pong));
                System.out.println("bind: '" + ping.get().text() + "' -> '" + pong + "'");
            }
        }
    }

    /**
     * Connect a PAIR and send {@code n} pings, timing each pong.
     */
    static void pinger(final Communicator comm, final String endpoint, final int n)
    {
        try (PairSocket pair = comm.pair().connect(endpoint))
        {
            if (!awaitPeers("connect", pair, 1, command(comm, SAMPLE, "bind " + endpoint)))
            {
                return;
            }
            System.out.println("connect: paired with " + endpoint);
            for (int i = 1; i <= n; i++)
            {
                final long start = System.nanoTime();
                pair.send(Message.of("ping " + i));
                final var pong = pair.receive(PONG_WAIT);
                if (pong.isEmpty())
                {
                    System.out.println(
                        "connect: no pong to 'ping " + i + "' within " + PONG_WAIT.toSeconds() + " s, stopping");
                    return;
                }
                System.out.printf("connect: 'ping %d' -> '%s' in %d µs%n",
                    i, pong.get().text(), micros(System.nanoTime() - start));
            }
        }
    }
}
