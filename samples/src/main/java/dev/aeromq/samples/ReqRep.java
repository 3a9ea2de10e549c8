package dev.aeromq.samples;

import dev.aeromq.ClosedException;
import dev.aeromq.Communicator;
import dev.aeromq.Message;
import dev.aeromq.TimeoutException;

import java.time.Duration;

import static dev.aeromq.samples.SampleSupport.awaitPeers;
import static dev.aeromq.samples.SampleSupport.command;
import static dev.aeromq.samples.SampleSupport.count;
import static dev.aeromq.samples.SampleSupport.micros;

/**
 * Request/reply: a REP answers each request with {@code "re: " + request}, a REQ sends requests
 * and prints the replies with their round-trip times. The REP uses the plain
 * {@code receive}-then-{@code send} alternation; {@code RepSocket.serve} (see {@link Demo}) answers
 * requests concurrently instead.
 * <pre>
 * mvn -q -pl samples compile exec:exec -Dsample=ReqRep                                  # both, one process
 * mvn -q -pl samples compile exec:exec -Dsample=ReqRep -Dsample.args="rep udp://127.0.0.1:40123 [N]"
 * mvn -q -pl samples compile exec:exec -Dsample=ReqRep -Dsample.args="req udp://127.0.0.1:40123 [N]"
 * </pre>
 * {@code rep} binds and answers N requests (default 10), {@code req} connects and sends N
 * (default 10). Ctrl-C stops either. See README-samples.md for running across processes.
 */
public final class ReqRep
{
    private static final String SAMPLE = "ReqRep";
    private static final int DEFAULT_COUNT = 10;
    private static final Duration REPLY_WAIT = Duration.ofSeconds(5);
    private static final String USAGE =
        "usage: ReqRep [rep ENDPOINT [N] | req ENDPOINT [N]]   (no arguments: both in one process)";

    private ReqRep()
    {
    }

    /**
     * Runs one role, or both in one process.
     *
     * @param args {@code rep ENDPOINT [N]}, {@code req ENDPOINT [N]}, or nothing to run both.
     * @throws InterruptedException if interrupted.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        if (args.length == 0)
        {
            bothInOneProcess();
            return;
        }
        if (args.length < 2 || !(args[0].equals("rep") || args[0].equals("req")))
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
            if (args[0].equals("rep"))
            {
                rep(comm, endpoint, n);
            }
            else
            {
                req(comm, endpoint, n);
            }
        }
        catch (final ClosedException ex)
        {
            System.out.println("stopped.");
        }
    }

    private static void bothInOneProcess() throws InterruptedException
    {
        final var endpoint = "ipc://reqrep-sample";
        System.out.println("REQ and REP in one process over " + endpoint);
        try (var comm = Communicator.open())
        {
            SampleSupport.runTogether(
                () -> rep(comm, endpoint, DEFAULT_COUNT), () -> req(comm, endpoint, DEFAULT_COUNT));
        }
        System.out.println("done.");
    }

    /**
     * Bind a REP and answer {@code n} requests, one at a time.
     */
    static void rep(final Communicator comm, final String endpoint, final int n)
    {
        try (var rep = comm.rep().bind(endpoint))
        {
            System.out.println("rep: bound at " + rep.endpoint() + ", answering " + n + " request(s)");
            if (!awaitPeers("rep", rep, 1, command(comm, SAMPLE, "req " + rep.endpoint())))
            {
                return;
            }
            for (int i = 1; i <= n; i++)
            {
                final var request = rep.receive(SampleSupport.PEER_WAIT);
                if (request.isEmpty())
                {
                    System.out.println("rep: no request for " + SampleSupport.PEER_WAIT.toSeconds() + " s, stopping");
                    return;
                }
                final var text = request.get().text();
                // The reply goes to whoever sent the request just received: no addressing needed.
                rep.send(Message.of("re: " + text));
                System.out.printf("rep: %d/%d '%s' answered%n", i, n, text);
            }
        }
    }

    /**
     * Connect a REQ and send {@code n} requests, printing each reply.
     */
    static void req(final Communicator comm, final String endpoint, final int n)
    {
        try (var req = comm.req().connect(endpoint))
        {
            if (!awaitPeers("req", req, 1, command(comm, SAMPLE, "rep " + endpoint)))
            {
                return;
            }
            System.out.println("req: connected to " + endpoint + ", sending " + n + " request(s)");
            for (int i = 1; i <= n; i++)
            {
                final var text = "request " + i;
                final long start = System.nanoTime();
                try
                {
                    final var reply = req.request(Message.of(text), REPLY_WAIT);
                    System.out.printf("req: '%s' -> '%s' in %d µs%n",
                        text, reply.text(), micros(System.nanoTime() - start));
                }
                catch (final TimeoutException ex)
                {
                    // After a timed-out request the REQ is ready for the next one.
                    System.out.println("req: no reply to '" + text + "' within " + REPLY_WAIT.toSeconds() + " s: " +
                        ex.getMessage());
                }
            }
        }
    }
}
