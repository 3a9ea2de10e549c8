package dev.aeromq.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;

/**
 * Free network ports for tests. A port found free may be taken by someone else before the test binds
 * it: prefer binding port 0 and reading the port bound where the code under test allows.
 */
public final class Ports
{
    private Ports()
    {
    }

    /**
     * @return a UDP port of the loopback interface that was free a moment ago.
     */
    public static int freeUdpPort()
    {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return {@code udp://127.0.0.1:PORT} on a port from {@link #freeUdpPort()}.
     */
    public static String loopbackUdpEndpoint()
    {
        return "udp://127.0.0.1:" + freeUdpPort();
    }
}
