package dev.aeromq.benchmarks;

import dev.aeromq.Communicator;
import dev.aeromq.Message;
import dev.aeromq.PullSocket;
import dev.aeromq.PushSocket;
import dev.aeromq.TimeoutException;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * The AeroMQ contender, through the public API only: a PUSH that binds, a PULL that connects, on
 * one communicator (one embedded driver, the default profile).
 */
final class ThroughputAeroMq implements ThroughputLink
{
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final Duration PEERS = Duration.ofSeconds(5);
    /** Bounds each blocking call, so the stop flag is seen promptly (it costs the set-up of every run). */
    private static final Duration POLL = Duration.ofMillis(10);

    private final Communicator communicator;
    private final PushSocket push;
    private final PullSocket pull;
    private final byte[] payload;

    private ThroughputAeroMq(final Communicator communicator, final PushSocket push, final PullSocket pull,
        final byte[] payload)
    {
        this.communicator = communicator;
        this.push = push;
        this.pull = pull;
        this.payload = payload;
    }

    /**
     * @param transport ipc or udp.
     * @param payload   what every message carries.
     * @return the link, both sides' peers joined.
     */
    static ThroughputAeroMq open(final String transport, final byte[] payload)
    {
        final Communicator communicator = BenchSupport.aeromq();
        try
        {
            final PushSocket push = communicator.push();
            final PullSocket pull = communicator.pull();
            // what is in flight at the end is of no interest: close without waiting for it
            push.linger(Duration.ZERO);
            pull.linger(Duration.ZERO);
            push.sendTimeout(POLL);
            push.bind("ipc".equals(transport) ?
                "ipc://bench-throughput-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet() :
                "udp://127.0.0.1:0");
            pull.connect(push.endpoint());
            push.awaitPeers(1, PEERS);
            pull.awaitPeers(1, PEERS);
            return new ThroughputAeroMq(communicator, push, pull, payload);
        }
        catch (final RuntimeException ex)
        {
            communicator.close();
            throw ex;
        }
    }

    @Override
    public void sendLoop(final BooleanSupplier running)
    {
        while (running.getAsBoolean())
        {
            try
            {
                push.send(Message.of(payload)); // blocks under back pressure, as an application's would
            }
            catch (final TimeoutException ignore)
            {
                // the PULL is full for now: look at the flag, then try again
            }
        }
    }

    @Override
    public void receiveLoop(final ThroughputMeter.Counter counter, final BooleanSupplier running)
    {
        while (running.getAsBoolean())
        {
            final Optional<Message> message = pull.receive(POLL);
            if (message.isPresent())
            {
                counter.record((int)message.get().size());
            }
        }
    }

    @Override
    public void close()
    {
        communicator.close(); // closes both sockets, the engine and the embedded driver
    }
}
