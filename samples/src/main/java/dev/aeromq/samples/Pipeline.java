package dev.aeromq.samples;

import dev.aeromq.ClosedException;
import dev.aeromq.Communicator;
import dev.aeromq.Message;
import dev.aeromq.PullSocket;
import dev.aeromq.Subscription;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static dev.aeromq.samples.SampleSupport.awaitPeers;
import static dev.aeromq.samples.SampleSupport.command;
import static dev.aeromq.samples.SampleSupport.count;

/**
 * Pipeline (PUSH/PULL): a PUSH hands out tasks, each to exactly one PULL worker, round-robin over
 * the workers that can take one; a PULL takes tasks from all its PUSHes, fairly.
 * <pre>
 * mvn -q -pl samples compile exec:exec -Dsample=Pipeline                                 # 1 push, 3 pulls, one process
 * mvn -q -pl samples compile exec:exec -Dsample=Pipeline -Dsample.args="push udp://127.0.0.1:40125 [N] [WORKERS]"
 * mvn -q -pl samples compile exec:exec -Dsample=Pipeline -Dsample.args="pull udp://127.0.0.1:40125 [N]"
 * </pre>
 * {@code push} binds, waits for WORKERS pull workers (default 1) and sends N tasks (default 12);
 * start the workers first, or pass WORKERS, for an even spread. {@code pull} connects and prints
 * tasks until it has N, or until the pusher has gone and nothing more comes.
 */
public final class Pipeline
{
    private static final String SAMPLE = "Pipeline";
    private static final int DEFAULT_TASKS = 12;
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final String USAGE = "usage: Pipeline [push ENDPOINT [N] [WORKERS] | pull ENDPOINT [N]]" +
        "   (no arguments: one push, three pulls in one process)";

    private Pipeline()
    {
    }

    /**
     * Runs one role, or all in one process.
     *
     * @param args {@code push ENDPOINT [N] [WORKERS]}, {@code pull ENDPOINT [N]}, or nothing for
     *             one push and three pull workers in one process.
     * @throws InterruptedException if interrupted.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        if (args.length == 0)
        {
            allInOneProcess();
            return;
        }
        if (args.length < 2 || !(args[0].equals("push") || args[0].equals("pull")))
        {
            System.err.println(USAGE);
            return;
        }
        final String endpoint = args[1];
        final boolean isPush = args[0].equals("push");
        final int n;
        final int workers;
        try
        {
            // a worker by default runs until the pusher goes
            n = count(args, 2, isPush ? DEFAULT_TASKS : Integer.MAX_VALUE);
            workers = isPush ? count(args, 3, 1) : 0;
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println(ex.getMessage() + "\n" + USAGE);
            return;
        }
        try (var comm = SampleSupport.closeOnShutdown(Communicator.open()))
        {
            SampleSupport.warnIfIpcAcrossProcesses(comm, endpoint);
            if (isPush)
            {
                push(comm, endpoint, n, workers);
            }
            else
            {
                pull(comm, endpoint, n);
            }
        }
        catch (final ClosedException ex)
        {
            System.out.println("stopped.");
        }
    }

    /**
     * Bind a PUSH, wait for {@code workers} PULLs and send {@code tasks} tasks.
     */
    static void push(final Communicator comm, final String endpoint, final int tasks, final int workers)
    {
        try (var push = comm.push().bind(endpoint))
        {
            System.out.println("push: bound at " + push.endpoint() + ", waiting for " + workers + " worker(s)");
            // Waiting for all workers first: tasks sent while only one is connected would all go to it.
            if (!awaitPeers("push", push, workers, command(comm, SAMPLE, "pull " + push.endpoint())))
            {
                return;
            }
            for (int i = 1; i <= tasks; i++)
            {
                push.send(Message.of("task " + i));
            }
            System.out.println("push: sent " + tasks + " task(s) to " + push.peerCount() + " worker(s)");
        } // close lingers until the workers have taken what was sent
    }

    /**
     * Connect a PULL and print up to {@code n} tasks.
     */
    static void pull(final Communicator comm, final String endpoint, final int n)
    {
        try (var pull = comm.pull().connect(endpoint))
        {
            if (!awaitPeers("pull", pull, 1, command(comm, SAMPLE, "push " + endpoint)))
            {
                return;
            }
            System.out.println("pull: connected to " + endpoint + ", waiting for tasks");
            int received = 0;
            long quietSince = System.nanoTime();
            while (received < n)
            {
                final var task = pull.receive(POLL);
                if (task.isPresent())
                {
                    received++;
                    quietSince = System.nanoTime();
                    System.out.println("pull: got '" + task.get().text() + "'");
                }
                else if (pull.peerCount() == 0)
                {
                    System.out.println("pull: the pusher has gone");
                    break;
                }
                else if (System.nanoTime() - quietSince > SampleSupport.PEER_WAIT.toNanos())
                {
                    System.out.println("pull: no task for " + SampleSupport.PEER_WAIT.toSeconds() + " s, stopping");
                    break;
                }
            }
            System.out.println("pull: " + received + " task(s) done");
        }
    }

    private static void allInOneProcess() throws InterruptedException
    {
        final var endpoint = "ipc://pipeline-sample";
        final int workerCount = 3;
        System.out.println("One PUSH and " + workerCount + " PULL workers in one process over " + endpoint);
        try (var comm = Communicator.open();
            var push = comm.push().bind(endpoint))
        {
            final var done = new CountDownLatch(DEFAULT_TASKS);
            final List<Worker> workers = new ArrayList<>();
            for (int w = 1; w <= workerCount; w++)
            {
                workers.add(new Worker("worker-" + w, comm.pull().connect(endpoint), new CopyOnWriteArrayList<>()));
            }
            // Each worker handles its tasks on a virtual thread of its own, in arrival order.
            final var handlers = workers.stream()
                .map(worker -> worker.pull().onMessage(task ->
                {
                    worker.got().add(task.text());
                    System.out.println(worker.name() + " got '" + task.text() + "'");
                    done.countDown();
                }))
                .toList();

            push.awaitPeers(workerCount, Duration.ofSeconds(5));
            for (int i = 1; i <= DEFAULT_TASKS; i++)
            {
                push.send(Message.of("task " + i));
            }
            if (!done.await(5, TimeUnit.SECONDS))
            {
                System.out.println(
                    "only " + (DEFAULT_TASKS - done.getCount()) + " of " + DEFAULT_TASKS + " tasks arrived");
            }
            handlers.forEach(Subscription::close);

            System.out.println("spread:");
            workers.forEach(worker ->
                System.out.printf("  %s: %d task(s) %s%n", worker.name(), worker.got().size(), worker.got()));
            workers.forEach(worker -> worker.pull().close());
        }
        System.out.println("done.");
    }

    /** A pull worker of the one-process run and the tasks it got. */
    private record Worker(String name, PullSocket pull, List<String> got)
    {
    }
}
