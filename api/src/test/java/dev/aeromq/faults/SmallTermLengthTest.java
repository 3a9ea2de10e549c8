package dev.aeromq.faults;

import dev.aeromq.Communicator;
import dev.aeromq.Config;
import dev.aeromq.PullSocket;
import dev.aeromq.PushSocket;
import dev.aeromq.Testing;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every term length the configuration accepts (a power of two from 64 KiB) works over IPC and loopback
 * UDP. Found by the 200-peer load test, which wanted small logs.
 */
class SmallTermLengthTest
{
    @ParameterizedTest
    @CsvSource({"IPC, 65536", "IPC, 262144", "UDP, 65536", "UDP, 131072", "UDP, 262144"})
    void aSmallTermLengthWorks(final Testing.Transport transport, final int termLength)
    {
        final Config config = Testing.config().termLength(termLength).build();
        try (Communicator a = Communicator.open(config); Communicator b = Communicator.open(config))
        {
            final PullSocket pull = a.pull().bind(transport.endpoint("small-term"));
            final Communicator sender = transport == Testing.Transport.IPC ? a : b;
            final PushSocket push = sender.push().connect(pull.endpoint()).awaitPeers(1, Testing.WAIT);
            push.send(Payloads.of(1, 100_000)); // larger than one wire message of these terms: chunks
            assertEquals(1, Payloads.check(pull.receive()));
        }
    }
}
