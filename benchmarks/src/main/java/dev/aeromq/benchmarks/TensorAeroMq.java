package dev.aeromq.benchmarks;

import dev.aeromq.Communicator;
import dev.aeromq.Config;
import dev.aeromq.Message;
import dev.aeromq.PullSocket;
import dev.aeromq.PushSocket;
import dev.aeromq.RepSocket;
import dev.aeromq.ReqSocket;
import dev.aeromq.Tensor;
import dev.aeromq.TimeoutException;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The AeroMQ contender, public API only: the tensor goes as a named {@link Tensor} (its data gathered
 * from the caller's memory, no frame), arrives rebuilt with type and shape in 64-byte aligned memory.
 * PUSH/PULL one-way and REQ/REP round trip, on one communicator (embedded driver, default profile,
 * the benchmarks' term length).
 */
final class TensorAeroMq implements TensorContender
{
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final Duration PEERS = Duration.ofSeconds(5);
    /** Bounds each blocking receive, so the stop flag is seen promptly. */
    private static final Duration POLL = Duration.ofMillis(20);
    /** Bounds a whole send (all its chunks): long enough for 10 MB on a loaded machine. */
    private static final Duration SEND = Duration.ofSeconds(1);

    private final Communicator communicator;
    private final PushSocket push;
    private final PullSocket pull;
    private final ReqSocket req;
    private final RepSocket rep;
    private final Message message;

    private TensorAeroMq(
        final Communicator communicator,
        final PushSocket push,
        final PullSocket pull,
        final ReqSocket req,
        final RepSocket rep,
        final Message message)
    {
        this.communicator = communicator;
        this.push = push;
        this.pull = pull;
        this.req = req;
        this.rep = rep;
        this.message = message;
    }

    /**
     * @param transport ipc or udp.
     * @param tensor    what every message carries.
     * @param termLength of the streams.
     * @return the contender, peers joined.
     */
    static TensorAeroMq open(final String transport, final Tensor tensor, final int termLength)
    {
        return open(transport, tensor, termLength, false);
    }

    /**
     * @param transport  ipc or udp.
     * @param tensor     what every message carries.
     * @param termLength of the streams.
     * @param ownMemory  true: the PULL places every tensor in memory of its own ({@link RecycledMemory}, one
     *                   64-byte aligned block reused), as an application receiving into a pinned or mapped
     *                   region does; false: AeroMQ's default, fresh aligned direct memory per message.
     * @return the contender, peers joined.
     */
    static TensorAeroMq open(final String transport, final Tensor tensor, final int termLength, final boolean ownMemory)
    {
        final Communicator communicator = Communicator.open(Config.builder().termLength(termLength).build());
        try
        {
            final PushSocket push = communicator.push();
            final PullSocket pull = communicator.pull();
            final ReqSocket req = communicator.req();
            final RepSocket rep = communicator.rep();
            push.linger(Duration.ZERO);
            pull.linger(Duration.ZERO);
            req.linger(Duration.ZERO);
            rep.linger(Duration.ZERO);
            push.sendTimeout(SEND);
            rep.sendTimeout(SEND);
            if (ownMemory)
            {
                pull.frameAllocator(new RecycledMemory());
            }
            push.bind(endpoint(transport, "oneway"));
            pull.connect(push.endpoint());
            rep.bind(endpoint(transport, "rt"));
            req.connect(rep.endpoint());
            push.awaitPeers(1, PEERS);
            pull.awaitPeers(1, PEERS);
            req.awaitPeers(1, PEERS);
            rep.awaitPeers(1, PEERS);
            final Message message = Message.builder().tensor("x", tensor).build();
            return new TensorAeroMq(communicator, push, pull, req, rep, message);
        }
        catch (final RuntimeException ex)
        {
            communicator.close();
            throw ex;
        }
    }

    private static String endpoint(final String transport, final String name)
    {
        return "ipc".equals(transport) ?
            "ipc://bench-tensor-" + name + "-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet() :
            "udp://127.0.0.1:0";
    }

    @Override
    public void sendLoop(final BooleanSupplier running)
    {
        while (running.getAsBoolean())
        {
            try
            {
                push.send(message);
            }
            catch (final TimeoutException ignore)
            {
                // the PULL is full for now: look at the flag, then try again
            }
        }
    }

    @Override
    public void receiveLoop(final ByteCounter received, final BooleanSupplier running)
    {
        while (running.getAsBoolean())
        {
            final Optional<Message> got = pull.receive(POLL);
            if (got.isPresent())
            {
                received.record(got.get().tensor("x").byteSize());
            }
        }
    }

    @Override
    public void requestLoop(final ByteCounter received, final BooleanSupplier running)
    {
        while (running.getAsBoolean())
        {
            try
            {
                received.record(req.request(message, Duration.ofSeconds(10)).tensor("x").byteSize());
            }
            catch (final TimeoutException ex)
            {
                if (running.getAsBoolean())
                {
                    throw ex;
                }
            }
        }
    }

    @Override
    public void replyLoop(final BooleanSupplier running)
    {
        while (running.getAsBoolean())
        {
            final Optional<Message> request = rep.receive(POLL);
            if (request.isPresent())
            {
                final Tensor tensor = request.get().tensor("x");
                rep.send(Message.builder().tensor("x", tensor).build()); // sent from where it was received
            }
        }
    }

    @Override
    public void close()
    {
        communicator.close();
    }
}
