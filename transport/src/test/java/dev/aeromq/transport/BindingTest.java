package dev.aeromq.transport;

import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.testkit.Names;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Binding, unbinding and their errors, on a real embedded media driver.
 */
class BindingTest
{
    @Test
    void anIpcNameBoundByOneSocketIsInUseForAnother()
    {
        try (TestTransport aeromq = TestTransport.start("ipc-in-use"))
        {
            final String name = Names.ipc("in-use");
            final TestSocket first = aeromq.open(SocketType.PULL);
            final TestSocket second = aeromq.open(SocketType.PULL);
            first.bind(name);

            final Failure failure = assertThrows(Failure.class, () -> second.bind(name));
            assertEquals(Failure.Kind.INVALID_ENDPOINT, failure.kind());
            assertTrue(failure.getMessage().contains(name) && failure.getMessage().contains("already in use"),
                failure.getMessage());

            first.unbind(name);
            second.bind(name); // free again once unbound
        }
    }

    @Test
    void aUdpEndpointBoundByOneSocketIsInUseForAnother()
    {
        try (TestTransport aeromq = TestTransport.start("udp-in-use"))
        {
            final TestSocket first = aeromq.open(SocketType.PULL);
            final TestSocket second = aeromq.open(SocketType.PULL);
            final Endpoint bound = first.bind("udp://127.0.0.1:0");

            final Failure failure = assertThrows(Failure.class, () -> second.bind(bound.uri()));
            assertEquals(Failure.Kind.INVALID_ENDPOINT, failure.kind());
        }
    }

    @Test
    void aPortZeroIsResolvedAndUnbindAcceptsEitherForm()
    {
        try (TestTransport aeromq = TestTransport.start("port-zero"))
        {
            final TestSocket socket = aeromq.open(SocketType.PULL);
            final Endpoint first = socket.bind("udp://127.0.0.1:0");
            final Endpoint.Udp udp = (Endpoint.Udp)first;
            assertTrue(udp.port() > 0, first.uri());
            assertEquals("udp://127.0.0.1:" + udp.port(), first.uri());
            socket.unbind(first.uri());

            socket.bind("udp://127.0.0.1:0");
            socket.unbind("udp://127.0.0.1:0"); // as bound
        }
    }

    @Test
    void unbindingOrDisconnectingWhatIsNotThereIsAnInvalidEndpoint()
    {
        try (TestTransport aeromq = TestTransport.start("not-there"))
        {
            final TestSocket socket = aeromq.open(SocketType.PULL);
            final Failure unbind = assertThrows(Failure.class, () -> socket.unbind("ipc://nowhere"));
            assertEquals(Failure.Kind.INVALID_ENDPOINT, unbind.kind());
            assertTrue(unbind.getMessage().contains("not bound there"), unbind.getMessage());
            final Failure disconnect = assertThrows(Failure.class, () -> socket.disconnect("ipc://nowhere"));
            assertEquals(Failure.Kind.INVALID_ENDPOINT, disconnect.kind());
            assertTrue(disconnect.getMessage().contains("not connected there"), disconnect.getMessage());
        }
    }

    @Test
    void commandsOnAClosedSocketFailAsClosed()
    {
        try (TestTransport aeromq = TestTransport.start("closed"))
        {
            final TestSocket socket = aeromq.open(SocketType.PULL);
            socket.close(0);
            final Failure failure = assertThrows(Failure.class, () -> socket.bind(Names.ipc("closed")));
            assertEquals(Failure.Kind.CLOSED, failure.kind());
            assertTrue(failure.getMessage().contains("PULL socket is closed"), failure.getMessage());
            socket.close(0); // closing again returns
        }
    }
}
