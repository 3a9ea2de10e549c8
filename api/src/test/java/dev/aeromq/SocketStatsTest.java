package dev.aeromq;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Socket#stats()}: the counters move as messages flow, peers come and go, and senders wait
 * and time out; the snapshot names the socket.
 */
class SocketStatsTest
{
    private static final int SIZE = 100;
    private static final int COUNT = 10;

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void countersMoveAsMessagesFlow(final Testing.Transport transport)
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull().bind(transport.bindable("stats-flow"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            pull.awaitPeers(1, Testing.WAIT);
            assertEquals(1, push.stats().peers());
            assertEquals(1, pull.stats().peers());
            assertEquals(0, push.stats().messagesSent());

            for (int i = 0; i < COUNT; i++)
            {
                push.send(Message.of(new byte[SIZE]));
            }
            for (int i = 0; i < COUNT; i++)
            {
                Testing.receive(pull, "message " + i);
            }
            final SocketStats sent = push.stats();
            assertEquals(COUNT, sent.messagesSent());
            assertEquals((long)COUNT * SIZE, sent.bytesSent());
            assertEquals(0, sent.messagesReceived());
            Testing.await("the PULL counts " + COUNT + " messages received", () ->
                pull.stats().messagesReceived() == COUNT);
            final SocketStats received = pull.stats();
            assertEquals((long)COUNT * SIZE, received.bytesReceived());
            assertEquals(0, received.messagesDropped());
            assertEquals(0, received.messagesSent());

            assertEquals(SocketType.PUSH, sent.type());
            assertEquals(SocketType.PULL, received.type());
            assertEquals(pull.endpoint(), received.endpoint(), "the PULL is named by the endpoint it bound");
            assertEquals(pull.endpoint(), sent.endpoint(), "the PUSH is named by the endpoint it connected to");
            assertTrue(sent.socketId() != received.socketId());

            push.close();
            Testing.await("the PULL counts its peer gone", () -> pull.stats().peers() == 0);
            assertEquals(COUNT, push.stats().messagesSent(), "the figures stay readable after close");
        }
    }

    @Test
    void aSenderThatWaitsAndTimesOutIsCounted()
    {
        try (Communicator comm = Testing.open())
        {
            final PullSocket pull = comm.pull().bind(Testing.ipc("stats-pressure"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);
            pull.awaitPeers(1, Testing.WAIT);
            assertEquals(0, pull.poll(SocketStatsTest::ignore, 1)); // read with poll, never again: its stream fills

            push.sendTimeout(Duration.ofMillis(200));
            final Message message = Message.of(new byte[64 * 1024]);
            int sent = 0;
            final long deadline = System.nanoTime() + Testing.WAIT.toNanos();
            while (push.stats().sendTimeouts() == 0 && System.nanoTime() < deadline)
            {
                try
                {
                    push.send(message);
                    sent++;
                }
                catch (final TimeoutException expected)
                {
                    // the stream is full: counted
                }
            }
            final SocketStats stats = push.stats();
            assertEquals(1, stats.sendTimeouts(), stats::toString);
            assertTrue(stats.backPressureWaits() >= 1, stats::toString);
            assertEquals(sent, stats.messagesSent());
            assertThrows(TimeoutException.class, () -> push.send(message));
            assertEquals(2, push.stats().sendTimeouts());
        }
    }

    private static void ignore(final MessageView view)
    {
        // nothing arrives: the PULL only stops reading
    }
}
