package dev.aeromq.transport;

import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.testkit.Await;
import dev.aeromq.testkit.Names;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every handshake a binding refuses is answered with a Reject naming the reason, and counted
 * ({@link SocketStreams#handshakesRefused()}): a role that does not pair, a socket at its
 * {@code maxPeers}, the admission policy's no.
 */
class RefusalCountTest
{
    @Test
    void everyKindOfRefusalIsCountedAtTheBinding()
    {
        final Set<String> closedEndpoints = ConcurrentHashMap.newKeySet();
        try (TestTransport aeromq = TestTransport.start("refusals", 1,
            (candidate) -> !closedEndpoints.contains(candidate.endpoint())))
        {
            final TestSocket pull = aeromq.open(SocketType.PULL);
            final Endpoint open = pull.bind(Names.ipc("refusals-open"));
            final TestSocket closedPull = aeromq.open(SocketType.PULL);
            final Endpoint closed = closedPull.bind(Names.ipc("refusals-closed"));
            closedEndpoints.add(closed.uri());

            final TestSocket wrongRole = aeromq.open(SocketType.PUB);
            wrongRole.connect(open.uri());
            final String roleReason = wrongRole.handler().awaitRejection().reason();
            assertTrue(roleReason.contains("PUB"), roleReason);
            Await.await("the role refusal counted", () -> pull.streams().handshakesRefused() >= 1);

            final TestSocket first = aeromq.open(SocketType.PUSH);
            first.connect(open.uri());
            first.handler().awaitJoins(1);
            final long beforeFull = pull.streams().handshakesRefused();
            final TestSocket second = aeromq.open(SocketType.PUSH);
            second.connect(open.uri());
            final String fullReason = second.handler().awaitRejection().reason();
            assertTrue(fullReason.contains("has its maximum of 1 peers (maxPeers)"), fullReason);
            Await.await("the maxPeers refusal counted", () -> pull.streams().handshakesRefused() > beforeFull);

            final TestSocket toClosed = aeromq.open(SocketType.PUSH);
            toClosed.connect(closed.uri());
            final String policyReason = toClosed.handler().awaitRejection().reason();
            assertEquals("refused by the admission policy of " + closed.uri(), policyReason);
            Await.await("the policy's refusal counted", () -> closedPull.streams().handshakesRefused() >= 1);

            assertEquals(1, pull.handler().joinCount(), "only the first PUSH joined");
            assertEquals(0, closedPull.handler().joinCount());
        }
    }
}
