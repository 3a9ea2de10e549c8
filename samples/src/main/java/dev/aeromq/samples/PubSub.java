package dev.aeromq.samples;

import dev.aeromq.ClosedException;
import dev.aeromq.Communicator;
import dev.aeromq.Message;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static dev.aeromq.samples.SampleSupport.awaitPeers;
import static dev.aeromq.samples.SampleSupport.command;
import static dev.aeromq.samples.SampleSupport.count;

/**
 * Publish/subscribe with prefix topics: a PUB publishes ticks on {@code weather.london},
 * {@code weather.paris} and {@code sport} at about 10 a second; a SUB receives only the topics that
 * start with its prefix (so {@code weather.} gets both cities, {@code sport} only sport).
 * <pre>
 * mvn -q -pl samples compile exec:exec -Dsample=PubSub                                  # all in one process
 * mvn -q -pl samples compile exec:exec -Dsample=PubSub -Dsample.args="pub udp://127.0.0.1:40124 [N]"
 * mvn -q -pl samples compile exec:exec -Dsample=PubSub -Dsample.args="sub udp://127.0.0.1:40124 weather. [N]"
 * </pre>
 * {@code pub} binds, waits for a subscriber and publishes N ticks (default 30); {@code sub}
 * connects with a prefix ({@code *} for everything) and prints N messages (default 10). As in
 * ZeroMQ, a subscriber that joins late misses what was published before it joined.
 */
public final class PubSub
{
    private static final String SAMPLE = "PubSub";
    private static final List<String> TOPICS = List.of("weather.london", "weather.paris", "sport");
    private static final int DEFAULT_TICKS = 30;
    private static final int DEFAULT_RECEIVE = 10;
    private static final String USAGE = "usage: PubSub [pub ENDPOINT [N] | sub ENDPOINT PREFIX [N]]" +
        "   (PREFIX * = everything; no arguments: all in one process)";

    private PubSub()
    {
    }

    /**
     * Runs one role, or all in one process.
     *
     * @param args {@code pub ENDPOINT [N]}, {@code sub ENDPOINT PREFIX [N]}, or nothing to run a
     *             publisher and two subscribers in one process.
     * @throws InterruptedException if interrupted.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        if (args.length == 0)
        {
            allInOneProcess();
            return;
        }
        final boolean isPub = args[0].equals("pub") && args.length >= 2;
        final boolean isSub = args[0].equals("sub") && args.length >= 3;
        if (!isPub && !isSub)
        {
            System.err.println(USAGE);
            return;
        }
        final String endpoint = args[1];
        final int n;
        try
        {
            n = isPub ? count(args, 2, DEFAULT_TICKS) : count(args, 3, DEFAULT_RECEIVE);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println(ex.getMessage() + "\n" + USAGE);
            return;
        }
        try (var comm = SampleSupport.closeOnShutdown(Communicator.open()))
        {
            SampleSupport.warnIfIpcAcrossProcesses(comm, endpoint);
            if (isPub)
            {
                pub(comm, endpoint, n, 1);
            }
            else
            {
                final String prefix = args[2].equals("*") ? "" : args[2];
                sub(comm, endpoint, prefix, n);
            }
        }
        catch (final ClosedException ex)
        {
            System.out.println("stopped.");
        }
    }

    private static void allInOneProcess() throws InterruptedException
    {
        final var endpoint = "ipc://pubsub-sample";
        System.out.println("One PUB and two SUBs ('weather.' and 'sport') in one process over " + endpoint);
        try (var comm = Communicator.open())
        {
            // 12 ticks over 3 topics: 'weather.' matches 8 of them, 'sport' 4.
            SampleSupport.runTogether(
                () -> pub(comm, endpoint, 12, 2),
                () -> sub(comm, endpoint, "weather.", 8),
                () -> sub(comm, endpoint, "sport", 4));
        }
        System.out.println("done.");
    }

    /**
     * Bind a PUB, wait for {@code subscribers}, then publish {@code ticks} ticks round the topics.
     */
    static void pub(final Communicator comm, final String endpoint, final int ticks, final int subscribers)
    {
        try (var pub = comm.pub().bind(endpoint))
        {
            System.out.println("pub: bound at " + pub.endpoint() + ", waiting for " + subscribers + " subscriber(s)");
            // A PUB drops what no subscriber is there to take, so wait for them rather than publish into the void.
            if (!awaitPeers("pub", pub, subscribers, command(comm, SAMPLE, "sub " + pub.endpoint() + " weather.")))
            {
                return;
            }
            for (int i = 1; i <= ticks; i++)
            {
                final var topic = TOPICS.get((i - 1) % TOPICS.size());
                final var text = "tick " + i + " at " + LocalTime.now().truncatedTo(ChronoUnit.MILLIS);
                pub.publish(topic, Message.of(text));
                System.out.printf("pub: %-15s %s%n", topic, text);
                try
                {
                    Thread.sleep(100); // pacing to ~10/s so the output is readable, not a readiness wait
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            System.out.println("pub: published " + ticks + " tick(s)");
        }
    }

    /**
     * Subscribe to a prefix, connect a SUB and print {@code n} messages.
     */
    static void sub(final Communicator comm, final String endpoint, final String prefix, final int n)
    {
        final var who = "sub[" + (prefix.isEmpty() ? "*" : prefix) + "]";
        try (var sub = comm.sub())
        {
            // Subscribing before connecting makes the prefix part of the handshake, so the first
            // tick after awaitPeers is already filtered for (and delivered to) this subscriber.
            sub.subscribe(prefix);
            sub.connect(endpoint);
            if (!awaitPeers(who, sub, 1, command(comm, SAMPLE, "pub " + endpoint)))
            {
                return;
            }
            System.out.println(who + ": connected to " + endpoint + ", printing " + n + " message(s)");
            for (int i = 1; i <= n; i++)
            {
                final var message = sub.receive(SampleSupport.PEER_WAIT);
                if (message.isEmpty())
                {
                    System.out.println(who + ": nothing for " + SampleSupport.PEER_WAIT.toSeconds() +
                        " s; is the publisher still publishing?");
                    return;
                }
                System.out.printf("%s: %-15s %s%n", who, message.get().topic(), message.get().text());
            }
        }
    }
}
