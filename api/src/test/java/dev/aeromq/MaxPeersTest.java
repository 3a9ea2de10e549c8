package dev.aeromq;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Config.Builder#maxPeers}: a binding admits at most that many peers per socket; one more is
 * refused with a reason naming the setting, and gets in (its connector dials again once a second) as
 * soon as a place is free.
 */
class MaxPeersTest
{
    @ParameterizedTest
    @EnumSource(Testing.Transport.class)
    void aPeerBeyondMaxPeersIsRefusedAndGetsInOnceAPlaceIsFree(final Testing.Transport transport)
    {
        try (Communicator comm = Communicator.open(Testing.config().maxPeers(2).build()))
        {
            final PullSocket pull = comm.pull().bind(transport.bindable("max-peers"));
            final PushSocket first = comm.push().connect(pull.endpoint());
            final PushSocket second = comm.push().connect(pull.endpoint());
            first.awaitPeers(1, Testing.WAIT);
            second.awaitPeers(1, Testing.WAIT);
            pull.awaitPeers(2, Testing.WAIT);

            final PushSocket third = comm.push().connect(pull.endpoint());
            final IncompatiblePeerException refused =
                assertThrows(IncompatiblePeerException.class, () -> third.awaitPeers(1, Testing.WAIT));
            final String message = refused.getMessage();
            assertTrue(message.contains("the peer at " + pull.endpoint() + " refused this PUSH socket"), message);
            assertTrue(message.contains("the PULL socket at " + pull.endpoint() + " has its maximum of 2 peers"),
                "names the cause: " + message);
            assertTrue(message.contains("(maxPeers)"), "names the setting: " + message);
            assertEquals(2, pull.peerCount());

            first.close();
            Testing.await("the third PUSH to get in once a place is free", () -> third.peerCount() == 1);
            assertEquals(2, pull.peerCount(), () -> "never more than maxPeers: " + pull);
            third.send(Message.of("in"));
            assertEquals("in", Testing.receive(pull, "the third PUSH's message").text());
        }
    }

    @Test
    void maxPeersComesFromTheEnvironmentAndIsChecked()
    {
        assertEquals(2, ConfigReader.config(Map.of("AEROMQ_MAX_PEERS", "2"), Map.of()).maxPeers());
        assertEquals(3, ConfigReader.config(Map.of(), Map.of("aeromq.max.peers", "3")).maxPeers());
        final ConfigException malformed =
            assertThrows(ConfigException.class, () -> ConfigReader.config(Map.of("AEROMQ_MAX_PEERS", "0"), Map.of()));
        assertTrue(malformed.getMessage().contains("AEROMQ_MAX_PEERS"), malformed.getMessage());
        final ConfigException built = assertThrows(ConfigException.class, () -> Config.builder().maxPeers(0));
        assertTrue(built.getMessage().contains("maxPeers"), built.getMessage());
    }
}
