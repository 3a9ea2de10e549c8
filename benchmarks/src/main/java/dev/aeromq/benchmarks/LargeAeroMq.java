package dev.aeromq.benchmarks;

import dev.aeromq.Communicator;
import dev.aeromq.Config;
import dev.aeromq.Message;
import dev.aeromq.MessageView;
import dev.aeromq.PullSocket;
import dev.aeromq.PushSocket;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * AeroMQ moving large messages through its public API: a PUSH that binds, a PULL that connects. The PUSH
 * sends each message with {@code send(DirectBuffer, 0, size)} straight from the shared direct source
 * (AeroMQ cuts it into chunks of the publication's largest message and gathers them from there); the
 * PULL has a {@link dev.aeromq.FrameAllocator} that returns the shared direct destination for every
 * frame, so each message is reassembled there in one copy from the log buffer, and takes messages either
 * with {@code poll(handler, 10)} (inline, on the receiving thread) or with {@code receive(timeout)} (the
 * engine reassembles, the receiving thread takes the message).
 */
final class LargeAeroMq implements LargeLink
{
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final Duration PEERS = Duration.ofSeconds(10);
    private static final Duration RECEIVE_WAIT = Duration.ofMillis(10);

    private final Communicator communicator;
    private final PushSocket push;
    private final PullSocket pull;
    private final UnsafeBuffer source;
    private final UnsafeBuffer destination;
    private final boolean inline;
    private final Consumer<MessageView> handler = this::onMessage;
    private int expected;
    private long received;
    private Throwable wrong;

    private LargeAeroMq(final Communicator communicator, final PushSocket push, final PullSocket pull,
        final LargeBuffers buffers, final boolean inline)
    {
        this.communicator = communicator;
        this.push = push;
        this.pull = pull;
        this.source = buffers.source();
        this.destination = buffers.destination();
        this.inline = inline;
    }

    /**
     * @param transport ipc or udp.
     * @param buffers   source and destination.
     * @param config    the communicator's settings.
     * @param inline    true to take messages with {@code poll}, false with {@code receive}.
     * @return the link, peers joined.
     */
    static LargeAeroMq open(final String transport, final LargeBuffers buffers, final Config config,
        final boolean inline)
    {
        final Communicator communicator = Communicator.open(config);
        try
        {
            final PushSocket push = communicator.push();
            final PullSocket pull = communicator.pull();
            push.linger(Duration.ZERO);
            pull.linger(Duration.ZERO);
            final UnsafeBuffer destination = buffers.destination();
            pull.frameAllocator((header, index, length) -> destination);
            push.bind("ipc".equals(transport) ?
                "ipc://bench-large-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet() :
                "udp://127.0.0.1:0");
            pull.connect(push.endpoint());
            push.awaitPeers(1, PEERS);
            pull.awaitPeers(1, PEERS);
            return new LargeAeroMq(communicator, push, pull, buffers, inline);
        }
        catch (final RuntimeException ex)
        {
            communicator.close();
            throw ex;
        }
    }

    @Override
    public void send(final int size, final BooleanSupplier running)
    {
        push.send(source, 0, size); // blocks until every chunk is in the transport; close() wakes it
    }

    @Override
    public int receive(final int size)
    {
        expected = size;
        if (inline)
        {
            // what poll returns is what an application idles on; whole messages are counted by the handler
            final int work = pull.poll(handler, ThroughputAeroMq.POLL_LIMIT);
            if (wrong != null)
            {
                throw new IllegalStateException(wrong.getMessage(), wrong);
            }
            return work;
        }
        final Optional<Message> message = pull.receive(RECEIVE_WAIT);
        if (message.isEmpty())
        {
            return 0;
        }
        check(message.get());
        received++;
        return 1;
    }

    @Override
    public long received()
    {
        return received;
    }

    private void onMessage(final MessageView view)
    {
        try
        {
            check(view);
            received++;
        }
        catch (final RuntimeException ex)
        {
            wrong = ex; // not thrown through poll: keep the failure, report it after
        }
    }

    private void check(final MessageView view)
    {
        if (view.frameCount() != 1 || view.size() != expected)
        {
            throw new IllegalStateException("received " + view.frameCount() + " frames, " + view.size() +
                " bytes; expected 1 frame of " + expected);
        }
        final DirectBuffer frame = view.frame(0);
        if (frame.addressOffset() != destination.addressOffset())
        {
            throw new IllegalStateException("the frame is not in the FrameAllocator's memory");
        }
    }

    @Override
    public void close()
    {
        communicator.close();
    }
}
