package dev.aeromq.samples;

import dev.aeromq.ClosedException;
import dev.aeromq.Communicator;
import dev.aeromq.Message;
import dev.aeromq.ReqSocket;
import dev.aeromq.Tensor;
import dev.aeromq.TimeoutException;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static dev.aeromq.samples.SampleSupport.awaitPeers;
import static dev.aeromq.samples.SampleSupport.command;
import static dev.aeromq.samples.SampleSupport.count;
import static dev.aeromq.samples.SampleSupport.micros;

/**
 * Tensors: a producer sends {@code float32[1024][1024]} batches (4 MiB each) as named tensors to
 * workers, round-robin (REQ/REP); each worker reduces its batch where it landed — the tensor's data
 * is 64-byte aligned memory the bytes were placed in once, read in place — and replies with the
 * results as tensors too: the total ({@code float64} scalar) and each row's maximum
 * ({@code float32[1024]}). The producer checks every reply against its own reduction.
 * <pre>
 * mvn -q -pl samples compile exec:exec -Dsample=Tensors                                   # 2 workers, one process
 * mvn -q -pl samples compile exec:exec -Dsample=Tensors -Dsample.args="worker udp://127.0.0.1:40127 [N]"
 * mvn -q -pl samples compile exec:exec -Dsample=Tensors -Dsample.args="worker udp://127.0.0.1:40128 [N]"
 * mvn -q -pl samples compile exec:exec -Dsample=Tensors \
 *     -Dsample.args="producer udp://127.0.0.1:40127,udp://127.0.0.1:40128 [N]"
 * </pre>
 * {@code worker} binds a REP and reduces batches until it has answered N (default: until no batch comes
 * for 30 s); {@code producer} connects a REQ to every endpoint given (comma-separated), waits for all
 * of them and sends N batches (default 8).
 */
public final class Tensors
{
    private static final String SAMPLE = "Tensors";
    private static final int ROWS = 1024;
    private static final int COLUMNS = 1024;
    private static final int DEFAULT_BATCHES = 8;
    private static final Duration REPLY_WAIT = Duration.ofSeconds(30);
    private static final String USAGE = "usage: Tensors [worker ENDPOINT [N] | producer ENDPOINT[,ENDPOINT...] [N]]" +
        "   (no arguments: a producer and two workers in one process)";

    private Tensors()
    {
    }

    /**
     * Runs one role, or all in one process.
     *
     * @param args {@code worker ENDPOINT [N]}, {@code producer ENDPOINTS [N]}, or nothing.
     * @throws InterruptedException if interrupted.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        if (args.length == 0)
        {
            allInOneProcess();
            return;
        }
        if (args.length < 2 || !(args[0].equals("worker") || args[0].equals("producer")))
        {
            System.err.println(USAGE);
            return;
        }
        final boolean isWorker = args[0].equals("worker");
        final int n;
        try
        {
            n = count(args, 2, isWorker ? Integer.MAX_VALUE : DEFAULT_BATCHES);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println(ex.getMessage() + "\n" + USAGE);
            return;
        }
        try (var comm = SampleSupport.closeOnShutdown(Communicator.open()))
        {
            final List<String> endpoints = List.of(args[1].split(","));
            endpoints.forEach((endpoint) -> SampleSupport.warnIfIpcAcrossProcesses(comm, endpoint));
            if (isWorker)
            {
                worker(comm, "worker@" + endpoints.get(0), endpoints.get(0), n);
            }
            else
            {
                producer(comm, endpoints, n);
            }
        }
        catch (final ClosedException ex)
        {
            System.out.println("stopped.");
        }
    }

    private static void allInOneProcess() throws InterruptedException
    {
        final List<String> endpoints = List.of("ipc://tensors-sample-1", "ipc://tensors-sample-2");
        System.out.println("a producer and two workers in one process over " + endpoints);
        try (var comm = Communicator.open())
        {
            SampleSupport.runTogether(
                () -> worker(comm, "worker-1", endpoints.get(0), DEFAULT_BATCHES / 2),
                () -> worker(comm, "worker-2", endpoints.get(1), DEFAULT_BATCHES / 2),
                () -> producer(comm, endpoints, DEFAULT_BATCHES));
        }
        System.out.println("done.");
    }

    /**
     * Bind a REP and reduce batches: read each tensor in place, reply with the results as tensors.
     */
    static void worker(final Communicator comm, final String name, final String endpoint, final int n)
    {
        try (var rep = comm.rep().bind(endpoint))
        {
            System.out.println(name + ": bound at " + rep.endpoint());
            for (int i = 1; i <= n; i++)
            {
                final Optional<Message> request = rep.receive(SampleSupport.PEER_WAIT);
                if (request.isEmpty())
                {
                    System.out.println(name + ": no batch for " + SampleSupport.PEER_WAIT.toSeconds() + " s, stopping");
                    return;
                }
                final Tensor batch = request.get().tensor("batch");
                final long start = System.nanoTime();
                // the reply goes to whoever sent the request just received
                rep.send(reduce(batch).metadata("worker", name).build());
                System.out.printf("%s: batch %s %s %s, 64-byte aligned: %b, reduced in %d µs%n", name,
                    request.get().metadata().get("batch"), batch.dtype(), List.of(box(batch.shape())),
                    batch.data().addressOffset() % 64 == 0, micros(System.nanoTime() - start));
            }
        }
    }

    /**
     * The reduction both sides compute: the total, and each row's maximum.
     *
     * @param batch a float32 [rows, columns] tensor.
     * @return a message builder holding two tensors, "sum" (float64 scalar) and "rowMax" (float32 [rows]).
     */
    static Message.Builder reduce(final Tensor batch)
    {
        final long[] shape = batch.shape();
        final int rows = (int)shape[0];
        final int columns = (int)shape[1];
        final DirectBuffer data = batch.data(); // little-endian, C order: row r, column c at (r * columns + c) * 4
        final float[] rowMax = new float[rows];
        double sum = 0;
        for (int r = 0; r < rows; r++)
        {
            float max = Float.NEGATIVE_INFINITY;
            for (int c = 0; c < columns; c++)
            {
                final float value = data.getFloat((r * columns + c) * Float.BYTES, ByteOrder.LITTLE_ENDIAN);
                sum += value;
                max = Math.max(max, value);
            }
            rowMax[r] = max;
        }
        return Message.builder()
            .tensor("sum", Tensor.of(new double[]{ sum }))
            .tensor("rowMax", Tensor.of(rowMax, rows));
    }

    /**
     * Connect a REQ to every worker and send {@code n} batches, round-robin over them; check each reply.
     */
    static void producer(final Communicator comm, final List<String> endpoints, final int n)
    {
        try (ReqSocket req = comm.req())
        {
            endpoints.forEach(req::connect);
            if (!awaitPeers("producer", req, endpoints.size(), command(comm, SAMPLE, "worker " + endpoints.get(0))))
            {
                return;
            }
            System.out.println("producer: " + endpoints.size() + " worker(s), sending " + n + " batch(es) of " +
                ROWS + " x " + COLUMNS + " float32");
            int good = 0;
            for (int b = 1; b <= n; b++)
            {
                final Tensor batch = Tensor.of(batch(b), ROWS, COLUMNS);
                final Message expected = reduce(batch).build();
                final long start = System.nanoTime();
                try
                {
                    final Message reply = req.request(Message.builder().metadata("batch", Integer.toString(b))
                        .tensor("batch", batch).build(), REPLY_WAIT);
                    final long elapsed = System.nanoTime() - start;
                    final boolean right = reply.tensor("sum").equals(expected.tensor("sum")) &&
                        reply.tensor("rowMax").equals(expected.tensor("rowMax"));
                    good += right ? 1 : 0;
                    System.out.printf("producer: batch %d -> %s: sum %.3f, row 0 max %.3f, %s, %d µs round trip%n",
                        b, reply.metadata().get("worker"), reply.tensor("sum").toDoubleArray()[0],
                        reply.tensor("rowMax").toFloatArray()[0], right ? "checked" : "WRONG",
                        micros(elapsed));
                }
                catch (final TimeoutException ex)
                {
                    System.out.println("producer: no reply to batch " + b + " within " + REPLY_WAIT.toSeconds() +
                        " s: " + ex.getMessage());
                }
            }
            System.out.println("producer: " + good + " of " + n + " replies checked");
        }
    }

    /**
     * @param b the batch number.
     * @return its values: a different, recognisable pattern per batch.
     */
    private static float[] batch(final int b)
    {
        final float[] values = new float[ROWS * COLUMNS];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = ((i * 31 + b * 7) % 1000) / 100f - 5f;
        }
        return values;
    }

    private static Long[] box(final long[] values)
    {
        final Long[] boxed = new Long[values.length];
        for (int i = 0; i < values.length; i++)
        {
            boxed[i] = values[i];
        }
        return boxed;
    }
}
