package dev.aeromq;

import dev.aeromq.testkit.Await;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * receiveHighWaterMarkBytes (API.md Part 2): a socket holds about that many bytes of messages not yet taken, then
 * leaves the rest in the transport, which pushes back on the sender once Aeron's window fills too; the mark is
 * soft, so a socket holding nothing still takes one message larger than it. What the socket holds is seen through
 * a {@link FrameAllocator} that counts the messages placed.
 */
class ByteHighWaterMarkTest
{
    private static final int KIB = 1024;
    private static final int MIB = 1024 * KIB;
    private static final Duration QUIET = Duration.ofMillis(300);

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void aPullHoldsMessagesUpToItsByteHighWaterMarkThenPushesBack(final Testing.Transport transport)
    {
        final int size = 256 * KIB;
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull();
            pull.receiveHighWaterMarkBytes(MIB);
            final AtomicInteger held = countPlaced(pull);
            pull.bind(transport.bindable("hwm-bytes"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            pull.awaitPeers(1, Testing.WAIT);
            push.sendTimeout(Duration.ofMillis(300));

            int sent = 0;
            TimeoutException pushedBack = null;
            while (pushedBack == null)
            {
                try
                {
                    push.send(Message.of(Testing.filled(size, sent)));
                    sent++;
                }
                catch (final TimeoutException ex)
                {
                    pushedBack = ex;
                }
                if (sent > 64)
                {
                    fail("64 messages of 256 KiB went out to a PULL that holds 1 MiB and takes none");
                }
            }
            assertTrue(pushedBack.getMessage().contains("nothing was sent"), pushedBack.getMessage());
            Testing.await("the PULL to hold four messages", () -> held.get() == 4);
            Await.holds("the PULL to hold four messages (1 MiB) and no more", QUIET, () -> held.get() == 4);
            final int inFlight = sent;
            // 4 held, and what Aeron's window (half the 4 MiB term, or the receiver window) takes
            assertTrue(inFlight > 4 && inFlight <= 4 + 4 * MIB / size, () -> inFlight + " messages went out");

            for (int i = 0; i < inFlight; i++)
            {
                Testing.assertPattern("message " + i, Testing.receive(pull, "message " + i).frame(0), size, i);
            }
            push.send(Message.of(Testing.filled(size, 99)));
            Testing.assertPattern("the message after", Testing.receive(pull, "the message after").frame(0), size, 99);
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void anEmptySocketStillTakesOneMessageLargerThanItsByteHighWaterMark(final Testing.Transport transport)
    {
        final int size = 3 * MIB;
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull();
            pull.receiveHighWaterMarkBytes(MIB);
            final AtomicInteger held = countPlaced(pull);
            pull.bind(transport.bindable("hwm-soft"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);

            push.send(Message.of(Testing.filled(size, 1)));
            push.send(Message.of("after"));
            Testing.await("the PULL to take the 3 MiB message", () -> held.get() == 1);
            Await.holds("the PULL, holding 3 MiB, to take nothing more", QUIET, () -> held.get() == 1);

            Testing.assertPattern("the 3 MiB message", Testing.receive(pull, "the 3 MiB message").frame(0), size, 1);
            assertEquals("after", Testing.receive(pull, "the message after it").text());
            assertEquals(2, held.get());
        }
    }

    /**
     * @return the count of messages placed (held) by the socket: its allocator's calls for first frames.
     */
    private static AtomicInteger countPlaced(final ReceivingSocket socket)
    {
        final AtomicInteger messages = new AtomicInteger();
        socket.frameAllocator((header, index, length) ->
        {
            if (index == 0)
            {
                messages.incrementAndGet();
            }
            return new UnsafeBuffer(new byte[length]);
        });
        return messages;
    }
}
