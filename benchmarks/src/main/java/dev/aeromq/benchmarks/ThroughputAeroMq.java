package dev.aeromq.benchmarks;

import dev.aeromq.Communicator;
import dev.aeromq.Message;
import dev.aeromq.MessageView;
import dev.aeromq.PullSocket;
import dev.aeromq.PushSocket;
import dev.aeromq.TimeoutException;
import org.agrona.BufferUtil;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The AeroMQ contender, through the public API only: a PUSH that binds, a PULL that connects, on
 * one communicator (one embedded driver, the default profile). Two ways to use it:
 * <ul>
 *     <li>{@link #open}: {@code send(Message.of(payload))} for each message, {@code receive(timeout)} on the
 *     PULL (the message path: the engine queues each message for the receiving thread);</li>
 *     <li>{@link #openInline}: {@code send(DirectBuffer, 0, size)} from one reused direct buffer, and
 *     {@code poll(handler, }{@value #POLL_LIMIT}{@code )} in a loop on the receiving platform thread,
 *     idling with {@link BenchSupport#idle()} when a poll hands nothing (the zero-copy path: messages
 *     are handed in place in the log buffer, as raw Aeron's subscriber sees them).</li>
 * </ul>
 */
final class ThroughputAeroMq implements ThroughputLink
{
    /** Most messages per {@code poll}: the raw Aeron contender's fragment limit. */
    static final int POLL_LIMIT = 10;

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final Duration PEERS = Duration.ofSeconds(5);
    /** Bounds each blocking call, so the stop flag is seen promptly (it costs the set-up of every run). */
    private static final Duration POLL = Duration.ofMillis(10);

    private final Communicator communicator;
    private final PushSocket push;
    private final PullSocket pull;
    private final byte[] payload;
    private final UnsafeBuffer buffer;
    private final boolean inline;

    private ThroughputAeroMq(final Communicator communicator, final PushSocket push, final PullSocket pull,
        final byte[] payload, final boolean inline)
    {
        this.communicator = communicator;
        this.push = push;
        this.pull = pull;
        this.payload = payload;
        this.inline = inline;
        if (inline)
        {
            buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(payload.length, 64));
            buffer.putBytes(0, payload);
        }
        else
        {
            buffer = null;
        }
    }

    /**
     * @param transport ipc or udp.
     * @param payload   what every message carries.
     * @return the link (message path), both sides' peers joined.
     */
    static ThroughputAeroMq open(final String transport, final byte[] payload)
    {
        return open(transport, payload, false);
    }

    /**
     * @param transport ipc or udp.
     * @param payload   what every message carries.
     * @return the link (buffer send and inline poll), both sides' peers joined.
     */
    static ThroughputAeroMq openInline(final String transport, final byte[] payload)
    {
        return open(transport, payload, true);
    }

    private static ThroughputAeroMq open(final String transport, final byte[] payload, final boolean inline)
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
            return new ThroughputAeroMq(communicator, push, pull, payload, inline);
        }
        catch (final RuntimeException ex)
        {
            communicator.close();
            throw ex;
        }
    }

    /**
     * @return the PUSH, for a harness of its own (the alloc scenario).
     */
    PushSocket push()
    {
        return push;
    }

    /**
     * @return the PULL, for a harness of its own.
     */
    PullSocket pull()
    {
        return pull;
    }

    @Override
    public void sendLoop(final BooleanSupplier running)
    {
        if (inline)
        {
            sendBufferLoop(running);
            return;
        }
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

    private void sendBufferLoop(final BooleanSupplier running)
    {
        final int length = buffer.capacity();
        while (running.getAsBoolean())
        {
            try
            {
                push.send(buffer, 0, length);
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
        if (inline)
        {
            final IdleStrategy idle = BenchSupport.idle();
            final Consumer<MessageView> handler = (view) -> counter.record((int)view.size());
            while (running.getAsBoolean())
            {
                idle.idle(pull.poll(handler, POLL_LIMIT));
            }
            return;
        }
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
