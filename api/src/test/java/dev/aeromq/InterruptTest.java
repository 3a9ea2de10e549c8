package dev.aeromq;

import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.Background;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An interrupted caller never breaks the communicator (Aeron closes its whole client when a thread is
 * interrupted inside one of its blocking calls), and an interrupted send under back pressure ends at once.
 */
class InterruptTest
{
    /** How long the PULL must have refused before its PUSH counts as back-pressured. */
    private static final Duration LASTING = Duration.ofMillis(300);
    private static final Duration AT_ONCE = Duration.ofSeconds(1);

    @Test
    void interruptedBindsAndConnectsLeaveTheCommunicatorWorking()
    {
        final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
        try (Communicator comm = Communicator.open(Testing.config().errorHandler(errors::add).build()))
        {
            for (int i = 0; i < 20; i++)
            {
                final String endpoint = i % 2 == 0 ? Testing.ipc("interrupted-" + i) : "udp://127.0.0.1:0";
                final PullSocket pull = comm.pull();
                final PushSocket push = comm.push();
                // interrupted before the call: it runs the socket's duty (Aeron calls included) interrupted
                endsOrIsInterrupted(Background.platform("bind", () -> interrupted(() -> pull.bind(endpoint))));
                endsOrIsInterrupted(Background.platform("connect",
                    () -> interrupted(() -> push.connect(Testing.udp()))));
                // interrupted by another thread while it waits
                final String other = i % 2 == 0 ? Testing.ipc("interrupted-other-" + i) : "udp://127.0.0.1:0";
                final Background<Socket> bind = Background.platform("bind-2", () -> comm.pull().bind(other));
                bind.thread().interrupt();
                endsOrIsInterrupted(bind);
                final String nobody = Testing.ipc("nobody-" + i);
                final Background<Socket> connect = Background.platform("connect-2",
                    () -> comm.push().connect(nobody));
                connect.thread().interrupt();
                endsOrIsInterrupted(connect);
                pull.close();
                push.close();
            }

            // Aeron maps log buffers through interruptible file channels: on an interrupted thread the mapping
            // fails ("Failed to map log buffer ... ClosedByInterruptException") and the stream is lost.
            assertTrue(errors.isEmpty(), () -> "no error while callers were interrupted: " + errors);
            assertFalse(comm.isClosed());
            for (final Testing.Transport transport : Testing.Transport.values())
            {
                final RepSocket rep = comm.rep().bind(transport.endpoint("after-interrupts"));
                rep.serve((m) -> Message.of("re: " + m.text()));
                final ReqSocket req = comm.req().connect(rep.endpoint()).awaitPeers(1, Testing.WAIT);
                assertEquals("re: " + transport, req.request(Message.of(transport.name()), Testing.WAIT).text());
            }
        }
    }

    @Test
    void interruptedSendUnderBackPressureEndsAtOnce()
    {
        try (Communicator comm = Testing.open())
        {
            final PushSocket push = backPressured(comm, "udp://127.0.0.1:0");
            final Background<Object> send = Background.platform("send", () -> send(push, new byte[64 * 1024]));
            send.awaitBlocked();
            final long interruptedNs = System.nanoTime();
            send.thread().interrupt();
            final ClosedException ex = send.failure(ClosedException.class);
            assertTrue(ex.getMessage().contains("interrupted while sending on the PUSH socket"), ex.getMessage());
            final Duration took = send.endedAfter(interruptedNs);
            assertTrue(took.compareTo(AT_ONCE) < 0, "an interrupted send ends at once, took " + took);
            assertFalse(comm.isClosed());
        }
    }

    @Test
    void interruptedSendInTheMiddleOfALargeMessageEndsAtOnce()
    {
        try (Communicator comm = Testing.open())
        {
            final PushSocket push = backPressured(comm, Testing.ipc("interrupted-large"));
            // 3 MiB: in chunks (the test term of 4 MiB carries 512 KiB per wire message), stopped half-way
            final Background<Object> send = Background.platform("send", () -> send(push, new byte[3 << 20]));
            send.awaitBlocked();
            final long interruptedNs = System.nanoTime();
            send.thread().interrupt();
            final ClosedException ex = send.failure(ClosedException.class);
            assertTrue(ex.getMessage().contains("interrupted while sending"), ex.getMessage());
            final Duration took = send.endedAfter(interruptedNs);
            assertTrue(took.compareTo(AT_ONCE) < 0, "an interrupted send ends at once, took " + took);
            assertFalse(comm.isClosed());
        }
    }

    /**
     * @return a PUSH whose PULL (high-water mark 1) reads nothing, filled until it pushes back.
     */
    private static PushSocket backPressured(final Communicator comm, final String endpoint)
    {
        final PullSocket pull = comm.pull();
        pull.receiveHighWaterMark(1);
        pull.bind(endpoint);
        final PushSocket push = comm.push().connect(pull.endpoint());
        push.awaitPeers(1, Testing.WAIT);
        final Message message = Message.of(new byte[64 * 1024]);
        // a refusal can be momentary (the window opens as status messages come): wait for one that lasts
        final long[] refusedSinceNs = {0};
        Await.await("the PUSH to meet back pressure that lasts " + LASTING.toMillis() + " ms",
            () -> refusedForAWhile(push, message, refusedSinceNs));
        return push;
    }

    private static boolean refusedForAWhile(final PushSocket push, final Message message, final long[] refusedSinceNs)
    {
        if (push.trySend(message))
        {
            refusedSinceNs[0] = 0;
            return false;
        }
        final long nowNs = System.nanoTime();
        if (refusedSinceNs[0] == 0)
        {
            refusedSinceNs[0] = nowNs;
        }
        return nowNs - refusedSinceNs[0] >= LASTING.toNanos();
    }

    private static Object send(final PushSocket push, final byte[] payload)
    {
        push.send(Message.of(payload));
        return null;
    }

    private static <T> T interrupted(final Callable<T> call) throws Exception
    {
        Thread.currentThread().interrupt();
        return call.call();
    }

    private static void endsOrIsInterrupted(final Background<?> call)
    {
        try
        {
            call.result();
        }
        catch (final AssertionError ex)
        {
            assertTrue(ex.getCause() instanceof ClosedException closed &&
                closed.getMessage().contains("interrupted"), () -> "an interrupted call fails as interrupted: " + ex);
        }
    }
}
