package dev.aeromq.samples;

import dev.aeromq.AeroMqException;
import dev.aeromq.Communicator;
import dev.aeromq.IncompatiblePeerException;
import dev.aeromq.Message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static dev.aeromq.samples.SampleSupport.micros;

/**
 * A tour of AeroMQ in one process, in a few seconds: each of the four patterns over {@code ipc://}
 * and over {@code udp://}, then two rough figures.
 * <ul>
 *     <li>REQ/REP: an echo server via {@code RepSocket.serve}, one {@code ReqSocket.request}.</li>
 *     <li>PUB/SUB: a subscriber to prefix {@code weather.} gets both cities, not {@code sport}.</li>
 *     <li>PUSH/PULL: one PUSH spreads tasks round-robin over two PULL workers.</li>
 *     <li>PAIR: a two-way exchange; a third PAIR is refused with a reason.</li>
 * </ul>
 * Over UDP the binding socket takes port 0 and peers connect to {@code socket.endpoint()}, the
 * port actually bound. Readiness is {@code awaitPeers}, never a sleep. The communicator comes from
 * {@link Communicator#open()}: an embedded media driver, settings from {@code AEROMQ_*}.
 * <pre>
 * mvn -q install -DskipTests                                            # once
 * mvn -q -pl samples compile exec:exec                                          # Demo is the default sample
 * mvn -q package -DskipTests -Pdemo                                      # build everything, then run it
 * </pre>
 * Ends with a one-line summary; if any step failed, main throws, so the process (and a
 * {@code -Pdemo} build) exits non-zero.
 */
public final class Demo
{
    private static final Duration READY = Duration.ofSeconds(5);
    /** Upper bound on each rough figure's measuring time, so a slow machine still finishes quickly. */
    private static final Duration BUDGET = Duration.ofSeconds(2);
    private static final int ROUND_TRIPS = 10_000;
    private static final int PIPELINE_MESSAGES = 200_000;
    private static final int PIPELINE_MESSAGE_BYTES = 64;

    private Demo()
    {
    }

    /** The two transports every pattern runs over. */
    private enum Transport
    {
        IPC, UDP;

        String bindAddress(final String service)
        {
            // Port 0: the OS picks a free port; connectors use socket.endpoint() to learn it.
            return this == IPC ? "ipc://demo-" + service : "udp://127.0.0.1:0";
        }

        String tag()
        {
            return "[" + name().toLowerCase(Locale.ROOT) + "]";
        }
    }

    /** One pattern's demonstration; throws when it does not behave. */
    @FunctionalInterface
    private interface Body
    {
        void run(Communicator comm, Transport transport) throws InterruptedException;
    }

    private record Step(String pattern, Body body)
    {
    }

    private record RoundTrips(int count, double meanMicros, boolean capped)
    {
    }

    private record Throughput(long sent, long received, double perSecond, boolean capped)
    {
    }

    /**
     * Runs the tour and prints a summary.
     *
     * @param args none.
     * @throws InterruptedException  if interrupted.
     * @throws IllegalStateException if any step failed (after printing the summary).
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final long start = System.nanoTime();
        final var steps = List.of(
            new Step("REQ/REP", Demo::reqRep),
            new Step("PUB/SUB", Demo::pubSub),
            new Step("PUSH/PULL", Demo::pushPull),
            new Step("PAIR", Demo::pair));
        final var failed = new ArrayList<String>();
        RoundTrips roundTrips = null;
        Throughput throughput = null;

        try (var comm = Communicator.open())
        {
            System.out.println("AeroMQ demo: " + (comm.config().externalDriver() ? "external" : "embedded") +
                " media driver at " + comm.aeronDirectory());
            for (final var transport : Transport.values())
            {
                for (final var step : steps)
                {
                    try
                    {
                        step.body().run(comm, transport);
                    }
                    catch (final AeroMqException | IllegalStateException ex)
                    {
                        failed.add(transport.tag() + " " + step.pattern());
                        say(transport, step.pattern(), "FAILED: %s", ex);
                    }
                }
            }

            System.out.println("Rough figures (one short run on this machine, no tuning: not a benchmark):");
            try
            {
                roundTrips = reqRepRoundTrips(comm);
                throughput = pushPullThroughput(comm);
            }
            catch (final AeroMqException | IllegalStateException ex)
            {
                failed.add("rough figures");
                System.out.println("  FAILED: " + ex);
            }
        }

        final int runs = Transport.values().length * steps.size();
        final int passed = runs - (int)failed.stream().filter(f -> f.startsWith("[")).count();
        final var summary = new StringBuilder()
            .append("Summary: ").append(passed).append('/').append(runs)
            .append(" pattern runs OK (REQ/REP, PUB/SUB, PUSH/PULL, PAIR over ipc and udp) in ")
            .append(String.format("%.1f s", (System.nanoTime() - start) / 1e9));
        if (roundTrips != null && throughput != null)
        {
            summary.append(String.format("; rough: %.1f µs per IPC round trip, %,.0f msgs/s PUSH/PULL",
                roundTrips.meanMicros(), throughput.perSecond()));
        }
        if (!failed.isEmpty())
        {
            summary.append("; FAILED: ").append(String.join(", ", failed));
        }
        System.out.println(summary);
        if (!failed.isEmpty())
        {
            // Thrown, not System.exit: the JVM still exits non-zero, which fails a -Pdemo build.
            throw new IllegalStateException("demo failed: " + failed);
        }
    }

    @SuppressWarnings("try") // resources held only to be closed
    private static void reqRep(final Communicator comm, final Transport transport)
    {
        try (var rep = comm.rep().bind(transport.bindAddress("reqrep"));
            var server = rep.serve(request -> Message.of("re: " + request.text()));
            var req = comm.req().connect(rep.endpoint()))
        {
            req.awaitPeers(1, READY);
            final long start = System.nanoTime();
            final var reply = req.request(Message.of("hello"), READY);
            final long took = System.nanoTime() - start;
            check(reply.text().equals("re: hello"), "unexpected reply '" + reply.text() + "'");
            say(transport, "REQ/REP", "request 'hello' -> reply '%s' in %d µs (via %s)",
                reply.text(), micros(took), rep.endpoint());
        }
    }

    private static void pubSub(final Communicator comm, final Transport transport)
    {
        try (var pub = comm.pub().bind(transport.bindAddress("pubsub"));
            var sub = comm.sub())
        {
            // Subscribe before connecting: the prefix travels in the handshake, so once awaitPeers
            // returns the publisher already filters for this subscriber.
            sub.subscribe("weather.");
            sub.connect(pub.endpoint());
            pub.awaitPeers(1, READY);
            sub.awaitPeers(1, READY);

            pub.publish("sport", Message.of("1-0"));
            pub.publish("weather.london", Message.of("12°C drizzle"));
            pub.publish("weather.paris", Message.of("18°C sun"));

            final var first = sub.receive(READY)
                .orElseThrow(() -> new IllegalStateException("nothing arrived"));
            final var second = sub.receive(READY)
                .orElseThrow(() -> new IllegalStateException("only one message arrived"));
            check(first.topic().equals("weather.london") && second.topic().equals("weather.paris"),
                "expected weather.london then weather.paris, got " + first.topic() + " then " + second.topic());
            // 'sport' went first on the same ordered link: had it been delivered it would have come first.
            check(sub.tryReceive().isEmpty(), "an unexpected extra message arrived");
            say(transport, "PUB/SUB",
                "sub 'weather.' got %s '%s' and %s '%s'; 'sport' (published first) not delivered (via %s)",
                first.topic(), first.text(), second.topic(), second.text(), pub.endpoint());
        }
    }

    @SuppressWarnings("try") // resources held only to be closed
    private static void pushPull(final Communicator comm, final Transport transport) throws InterruptedException
    {
        final int tasks = 6;
        try (var push = comm.push().bind(transport.bindAddress("pipeline"));
            var worker1 = comm.pull().connect(push.endpoint());
            var worker2 = comm.pull().connect(push.endpoint()))
        {
            // Both workers must be known to the PUSH, or the first to join would get every task.
            push.awaitPeers(2, READY);

            final var got1 = new CopyOnWriteArrayList<String>();
            final var got2 = new CopyOnWriteArrayList<String>();
            final var done = new CountDownLatch(tasks);
            try (var handler1 = worker1.onMessage(task -> take(task, got1, done));
                var handler2 = worker2.onMessage(task -> take(task, got2, done)))
            {
                for (int i = 1; i <= tasks; i++)
                {
                    push.send(Message.of("task " + i));
                }
                check(done.await(READY.toMillis(), TimeUnit.MILLISECONDS),
                    "only " + (tasks - done.getCount()) + " of " + tasks + " tasks arrived");
            }
            check(!got1.isEmpty() && !got2.isEmpty(), "one worker got everything: " + got1 + " / " + got2);
            say(transport, "PUSH/PULL", "%d tasks round-robin: worker 1 got %s, worker 2 got %s (via %s)",
                tasks, got1, got2, push.endpoint());
        }
    }

    private static void take(final Message task, final List<String> got, final CountDownLatch done)
    {
        got.add(task.text());
        done.countDown();
    }

    private static void pair(final Communicator comm, final Transport transport)
    {
        try (var left = comm.pair().bind(transport.bindAddress("pair"));
            var right = comm.pair().connect(left.endpoint()))
        {
            left.awaitPeers(1, READY);
            right.awaitPeers(1, READY);

            right.send(Message.of("ping"));
            final var ping = left.receive(READY).orElseThrow(() -> new IllegalStateException("no ping"));
            left.send(Message.of("pong"));
            final var pong = right.receive(READY).orElseThrow(() -> new IllegalStateException("no pong"));
            say(transport, "PAIR", "right -> left '%s', left -> right '%s' (via %s)",
                ping.text(), pong.text(), left.endpoint());

            try (var third = comm.pair().connect(left.endpoint()))
            {
                third.awaitPeers(1, READY);
                throw new IllegalStateException("a third PAIR was accepted");
            }
            catch (final IncompatiblePeerException ex)
            {
                say(transport, "PAIR", "third PAIR refused: %s", ex.getMessage());
            }

            // The refusal leaves the established pair alone.
            left.send(Message.of("still paired"));
            final var after = right.receive(READY)
                .orElseThrow(() -> new IllegalStateException("pair broken by the refusal"));
            check(after.text().equals("still paired"), "unexpected '" + after.text() + "'");
        }
    }

    @SuppressWarnings("try") // resources held only to be closed
    private static RoundTrips reqRepRoundTrips(final Communicator comm)
    {
        try (var rep = comm.rep().bind("ipc://demo-round-trips");
            var server = rep.serve(request -> request); // echo
            var req = comm.req().connect(rep.endpoint()))
        {
            req.awaitPeers(1, READY);
            final var ping = Message.of(new byte[32]);
            // Warm-up so the JIT has compiled the path; bounded in time like the measurement.
            final long warmUpEnd = System.nanoTime() + BUDGET.toNanos() / 4;
            for (int i = 0; i < 1_000 && System.nanoTime() < warmUpEnd; i++)
            {
                req.request(ping, READY);
            }

            final long start = System.nanoTime();
            final long deadline = start + BUDGET.toNanos();
            int count = 0;
            while (count < ROUND_TRIPS && System.nanoTime() < deadline)
            {
                req.request(ping, READY);
                count++;
            }
            final var result = new RoundTrips(
                count, (System.nanoTime() - start) / 1_000.0 / count, count < ROUND_TRIPS);
            System.out.printf("  REQ/REP   over IPC: %,d round trips, mean %.1f µs per round trip%s%n",
                result.count(), result.meanMicros(),
                result.capped() ? " (stopped at the " + BUDGET.toSeconds() + " s budget)" : "");
            return result;
        }
    }

    private static Throughput pushPullThroughput(final Communicator comm)
    {
        try (var pull = comm.pull().bind("ipc://demo-throughput");
            var push = comm.push().connect(pull.endpoint()))
        {
            push.awaitPeers(1, READY);
            // Timeouts instead of forever, so a lost message cannot hang the demo.
            pull.receiveTimeout(READY);
            push.sendTimeout(READY);

            final var received = new AtomicLong();
            final var consumer = Thread.ofVirtual().name("demo-pull").start(() ->
            {
                try
                {
                    // The end marker is the one message that is not PIPELINE_MESSAGE_BYTES long.
                    while (pull.receive().size() == PIPELINE_MESSAGE_BYTES)
                    {
                        received.incrementAndGet();
                    }
                }
                catch (final AeroMqException ex)
                {
                    System.out.println("  PUSH/PULL consumer stopped early: " + ex.getMessage());
                }
            });

            // One message reused for every send: its bytes never change, so that is allowed.
            final var payload = Message.of(new byte[PIPELINE_MESSAGE_BYTES]);
            final long start = System.nanoTime();
            final long deadline = start + BUDGET.toNanos();
            long sent = 0;
            while (sent < PIPELINE_MESSAGES && System.nanoTime() < deadline)
            {
                push.send(payload);
                sent++;
            }
            push.send(Message.of("end"));
            joinQuietly(consumer);
            final double seconds = (System.nanoTime() - start) / 1e9;

            final var result = new Throughput(sent, received.get(), received.get() / seconds, sent < PIPELINE_MESSAGES);
            System.out.printf("  PUSH/PULL over IPC: %,d x %d B received in %.2f s = %,.0f msgs/s%s%n",
                result.received(), PIPELINE_MESSAGE_BYTES, seconds, result.perSecond(),
                result.capped() ? " (stopped at the " + BUDGET.toSeconds() + " s budget)" : "");
            check(result.received() == result.sent(), "sent " + result.sent() + " but received " + result.received());
            return result;
        }
    }

    private static void joinQuietly(final Thread thread)
    {
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the consumer", ex);
        }
    }

    private static void say(final Transport transport, final String pattern, final String format, final Object... args)
    {
        System.out.printf("%s %-9s %s%n", transport.tag(), pattern, format.formatted(args));
    }

    private static void check(final boolean ok, final String problem)
    {
        if (!ok)
        {
            throw new IllegalStateException(problem);
        }
    }
}
