package dev.aeromq;

import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.Background;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Linger under back pressure: a PUSH closing while its PULL does not read cannot send its Bye at once;
 * it retries until the PULL reads again (then everything sent before close is delivered, and close
 * returns on the PULL's answer) or until the linger is over.
 */
class LingerUnderBackPressureTest
{
    private static final Duration LINGER = Duration.ofSeconds(2);
    private static final byte[] PAYLOAD = new byte[1024];

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void closeWaitsUntilThePullReadsAgainThenReturnsWithEverythingDelivered(final Testing.Transport transport)
    {
        try (Communicator comm = Communicator.open(Testing.config().termLength(64 * 1024).build()))
        {
            final PullSocket pull = comm.pull().bind(transport.bindable("linger-reads-again"));
            pull.receiveHighWaterMark(1);
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.linger(LINGER);
            push.awaitPeers(1, Testing.WAIT);
            pull.awaitPeers(1, Testing.WAIT);
            final int sent = fillUntilBackPressure(push);

            final long closeStartNs = System.nanoTime();
            final Background<Void> closing = Background.platform("push.close()", () ->
            {
                push.close();
                return null;
            });
            closing.awaitBlocked();
            Await.holds("close to wait while the PULL does not read", Duration.ofMillis(300), () -> !closing.isDone());

            for (int i = 0; i < sent; i++)
            {
                final Message message = Testing.receive(pull, "message " + i + " of " + sent);
                assertEquals(i, (message.bytes()[0] & 0xFF) | (message.bytes()[1] & 0xFF) << 8, "in order");
            }
            closing.result();
            final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closeStartNs);
            assertTrue(tookMs < LINGER.toMillis(),
                "close returned on the PULL's answer to its Bye, before the " + LINGER + " linger: " + tookMs + " ms");
            assertTrue(pull.tryReceive().isEmpty(), "nothing more");
        }
    }

    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void closeGivesUpAtTheLingerWhenThePullNeverReads(final Testing.Transport transport)
    {
        try (Communicator comm = Communicator.open(Testing.config().termLength(64 * 1024).build()))
        {
            final PullSocket pull = comm.pull().bind(transport.bindable("linger-never-reads"));
            pull.receiveHighWaterMark(1);
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.linger(LINGER);
            push.awaitPeers(1, Testing.WAIT);
            pull.awaitPeers(1, Testing.WAIT);
            fillUntilBackPressure(push);

            final long closeStartNs = System.nanoTime();
            final Background<Void> closing = Background.platform("push.close()", () ->
            {
                push.close();
                return null;
            });
            closing.result();
            final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closeStartNs);
            assertTrue(tookMs >= LINGER.toMillis(), "close waited the whole " + LINGER + " linger: " + tookMs + " ms");
            assertTrue(push.isClosed());
        }
    }

    /**
     * @return messages sent until the PULL's stream pushed back.
     */
    private static int fillUntilBackPressure(final PushSocket push)
    {
        int sent = 0;
        while (true)
        {
            final byte[] payload = PAYLOAD.clone();
            payload[0] = (byte)sent;
            payload[1] = (byte)(sent >> 8);
            if (!push.trySend(Message.of(payload)))
            {
                return sent;
            }
            sent++;
            assertTrue(sent < 65_536, "the PULL's stream never pushed back");
        }
    }
}
