package dev.aeromq.benchmarks;

import com.sun.management.ThreadMXBean;
import dev.aeromq.Message;
import dev.aeromq.MessageView;
import dev.aeromq.PullSocket;
import dev.aeromq.PushSocket;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import org.agrona.BufferUtil;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.zeromq.ZMQ;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Scenario "alloc": heap bytes allocated per message by the sending and the receiving thread, 64 B
 * PUSH/PULL over IPC (JeroMQ inproc), read from the JVM's per-thread allocation counter
 * ({@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}) on each thread around N
 * messages after a warm-up of its own. Sender and receiver run flat out on two platform threads, so
 * waiting under back pressure counts too; the threads of AeroMQ's engine and of the media drivers are not
 * counted. Rows (unit bytes/msg):
 * <ul>
 *     <li>{@code send-buffer}: AeroMQ {@code send(DirectBuffer, 0, 64)} from one reused direct buffer;
 *     raw Aeron {@code offer} of one reused direct buffer.</li>
 *     <li>{@code poll}: AeroMQ {@code poll(handler, 10)} (the sender of this run is {@code send-buffer});
 *     raw Aeron {@code Subscription.poll} through a FragmentAssembler, fragment limit 10.</li>
 *     <li>{@code send-msg}: AeroMQ {@code send(Message.of(payload))}, a new message each time as an
 *     application builds one; JeroMQ {@code send(byte[])} of one array.</li>
 *     <li>{@code receive}: AeroMQ {@code receive()} (the sender of this run is {@code send-msg}); JeroMQ
 *     {@code recv()}, a new array each time.</li>
 * </ul>
 */
final class AllocScenario implements Scenario
{
    static final String SCENARIO = "alloc";
    static final int SIZE = 64;
    static final String UNIT = "bytes/msg";

    private static final ThreadMXBean THREADS = (ThreadMXBean)ManagementFactory.getThreadMXBean();
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final long JOIN_MS = 5_000;

    @Override
    public String name()
    {
        return "alloc";
    }

    /**
     * One side's step.
     */
    @FunctionalInterface
    interface Step
    {
        /**
         * @return messages sent or received in this step (a sender's step sends exactly one).
         * @throws Exception if the contender's API throws.
         */
        int run() throws Exception;
    }

    /**
     * Bytes allocated per message.
     *
     * @param sender   by the sending thread.
     * @param receiver by the receiving thread.
     */
    record Figures(double sender, double receiver)
    {
    }

    @Override
    public void run(final Settings settings, final Results results)
    {
        if (!THREADS.isThreadAllocatedMemorySupported())
        {
            System.out.println("!! alloc: this JVM does not count allocated bytes per thread");
            return;
        }
        THREADS.setThreadAllocatedMemoryEnabled(true);
        final int warmup = settings.quick() ? 100_000 : 300_000;
        final int count = settings.quick() ? 300_000 : 1_000_000;
        final Figures aeromqBuffer = attempt("AeroMQ send(DirectBuffer) + poll", () -> aeromqBuffer(warmup, count));
        final Figures aeron = attempt("raw Aeron offer + poll", () -> aeron(warmup, count));
        final Figures aeromqMessage = attempt("AeroMQ send(Message) + receive()", () -> aeromqMessage(warmup, count));
        final Figures jeromq = attempt("JeroMQ send(byte[]) + recv()", () -> jeromq(warmup, count));
        results.add(Row.of(SCENARIO, "ipc", SIZE, "send-buffer", UNIT, sender(aeromqBuffer), sender(aeron), null));
        results.add(Row.of(SCENARIO, "ipc", SIZE, "poll", UNIT, receiver(aeromqBuffer), receiver(aeron), null));
        results.add(Row.of(SCENARIO, "ipc", SIZE, "send-msg", UNIT, sender(aeromqMessage), null, sender(jeromq)));
        results.add(Row.of(SCENARIO, "ipc", SIZE, "receive", UNIT, receiver(aeromqMessage), null, receiver(jeromq)));
    }

    private static Figures aeromqBuffer(final int warmup, final int count) throws Exception
    {
        final byte[] payload = BenchSupport.payload(SIZE);
        final ThroughputAeroMq link = ThroughputAeroMq.openInline("ipc", payload);
        final PushSocket push = link.push();
        final PullSocket pull = link.pull();
        push.sendTimeout(null); // block under back pressure: no TimeoutException to allocate
        final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(SIZE, 64));
        buffer.putBytes(0, payload);
        final long[] received = new long[1];
        final Consumer<MessageView> handler = (view) ->
        {
            if (view.size() != SIZE)
            {
                throw new IllegalStateException("received " + view.size() + " bytes");
            }
            received[0]++;
        };
        return measure(link, warmup, count,
            () ->
            {
                push.send(buffer, 0, SIZE);
                return 1;
            },
            () ->
            {
                final long before = received[0];
                pull.poll(handler, ThroughputAeroMq.POLL_LIMIT);
                return (int)(received[0] - before);
            });
    }

    private static Figures aeromqMessage(final int warmup, final int count) throws Exception
    {
        final byte[] payload = BenchSupport.payload(SIZE);
        final ThroughputAeroMq link = ThroughputAeroMq.open("ipc", payload);
        final PushSocket push = link.push();
        final PullSocket pull = link.pull();
        push.sendTimeout(null);
        return measure(link, warmup, count,
            () ->
            {
                push.send(Message.of(payload));
                return 1;
            },
            () ->
            {
                final Message message = pull.receive(); // blocks: exactly warmup + count are coming
                if (message.size() != SIZE)
                {
                    throw new IllegalStateException("received " + message.size() + " bytes");
                }
                return 1;
            });
    }

    private static Figures aeron(final int warmup, final int count) throws Exception
    {
        final byte[] payload = BenchSupport.payload(SIZE);
        final ThroughputAeron link = ThroughputAeron.open("ipc", payload);
        final ExclusivePublication publication = link.publication();
        final Subscription subscription = link.subscription();
        final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(SIZE, 64));
        buffer.putBytes(0, payload);
        final IdleStrategy sendIdle = BenchSupport.idle();
        final long[] received = new long[1];
        final FragmentAssembler assembler = new FragmentAssembler((data, offset, length, header) ->
        {
            if (length != SIZE)
            {
                throw new IllegalStateException("received " + length + " bytes");
            }
            received[0]++;
        });
        return measure(link, warmup, count,
            () ->
            {
                long result;
                while ((result = publication.offer(buffer, 0, SIZE)) < 0)
                {
                    if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
                    {
                        throw new IllegalStateException("raw Aeron publication failed: " +
                            Publication.errorString(result));
                    }
                    sendIdle.idle();
                }
                sendIdle.reset();
                return 1;
            },
            () ->
            {
                final long before = received[0];
                subscription.poll(assembler, ThroughputAeroMq.POLL_LIMIT);
                return (int)(received[0] - before);
            });
    }

    private static Figures jeromq(final int warmup, final int count) throws Exception
    {
        final byte[] payload = BenchSupport.payload(SIZE);
        final ThroughputJeroMq link = ThroughputJeroMq.open("ipc", payload);
        final ZMQ.Socket push = link.push();
        final ZMQ.Socket pull = link.pull();
        return measure(link, warmup, count,
            () ->
            {
                while (!push.send(payload, 0))
                {
                    Thread.onSpinWait(); // at the high-water mark for the 10 ms send timeout: again
                }
                return 1;
            },
            () ->
            {
                final byte[] message = pull.recv(0);
                if (message == null)
                {
                    return 0;
                }
                if (message.length != SIZE)
                {
                    throw new IllegalStateException("received " + message.length + " bytes");
                }
                return 1;
            });
    }

    /**
     * Run a sender and a receiver thread over an open link and read each one's allocation counter
     * around the messages after its warm-up; close the link after (or on a failure or the time limit).
     */
    private static Figures measure(final AutoCloseable link, final int warmup, final int count,
        final Step send, final Step receive) throws Exception
    {
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final double[] figures = new double[2];
        final Thread receiver = start("alloc-receiver", failure, () ->
        {
            final IdleStrategy idle = BenchSupport.idle();
            final long total = (long)warmup + count;
            long got = 0;
            long start = -1;
            long startCount = 0;
            while (got < total)
            {
                final int n = receive.run();
                got += n;
                if (start < 0 && got >= warmup)
                {
                    start = THREADS.getCurrentThreadAllocatedBytes();
                    startCount = got;
                }
                idle.idle(n);
            }
            final long allocated = THREADS.getCurrentThreadAllocatedBytes() - start;
            figures[1] = got > startCount ? (double)allocated / (got - startCount) : Double.NaN;
        });
        final Thread sender = start("alloc-sender", failure, () ->
        {
            for (int i = 0; i < warmup; i++)
            {
                send.run();
            }
            final long start = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < count; i++)
            {
                send.run();
            }
            figures[0] = (double)(THREADS.getCurrentThreadAllocatedBytes() - start) / count;
        });
        try
        {
            final long deadline = System.nanoTime() + LIMIT.toNanos();
            while ((receiver.isAlive() || sender.isAlive()) && failure.get() == null)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw new IllegalStateException("did not finish within " + LIMIT.toSeconds() + " s");
                }
                receiver.join(10);
                sender.join(10);
            }
            if (failure.get() != null)
            {
                throw new IllegalStateException(failure.get().toString(), failure.get());
            }
            return new Figures(figures[0], figures[1]); // the joins ordered the threads' writes before this
        }
        finally
        {
            link.close(); // wakes a side blocked in the transport
            receiver.join(JOIN_MS);
            sender.join(JOIN_MS);
        }
    }

    private static Thread start(final String name, final AtomicReference<Throwable> failure,
        final BenchSupport.Body body)
    {
        return Thread.ofPlatform().name(name).daemon(true).start(() ->
        {
            try
            {
                body.run();
            }
            catch (final Throwable t)
            {
                failure.compareAndSet(null, t);
            }
        });
    }

    private static Figures attempt(final String what, final Run run)
    {
        try
        {
            return run.run();
        }
        catch (final Exception | Error ex)
        {
            System.out.println("!! " + SCENARIO + " " + what + ": no figure, " + ex);
            return null;
        }
    }

    /** One contender's measurement. */
    @FunctionalInterface
    private interface Run
    {
        Figures run() throws Exception;
    }

    private static Double sender(final Figures figures)
    {
        return figures == null ? null : figures.sender();
    }

    private static Double receiver(final Figures figures)
    {
        return figures == null ? null : figures.receiver();
    }
}
