package dev.aeromq;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The smallest term length {@link Config.Builder#termLength} accepts (64 KiB) works over IPC and loopback
 * UDP, whose streams get a large MTU: no larger than a term's largest message, which Aeron requires.
 */
class SmallTermLengthTest
{
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void theSmallestTermLengthCarriesMessagesOfAnySize(final Testing.Transport transport)
    {
        try (Communicator comm = Communicator.open(Testing.config().termLength(64 * 1024).build()))
        {
            final PullSocket pull = comm.pull().bind(transport.bindable("small-term"));
            final PushSocket push = comm.push().connect(pull.endpoint());
            push.awaitPeers(1, Testing.WAIT);

            push.send(Message.of("small"));
            final byte[] large = Testing.filled(100_000, 3); // many fragments and wire messages
            push.send(Message.of(large));

            assertEquals("small", Testing.receive(pull, "the small message").text());
            final Message received = Testing.receive(pull, "the large message");
            assertEquals(large.length, received.bytes().length);
            assertArrayEquals(large, received.bytes());
        }
    }
}
