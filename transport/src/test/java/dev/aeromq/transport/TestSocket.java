package dev.aeromq.transport;

import dev.aeromq.testkit.Await;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Map;

/**
 * One socket's streams on a {@link TestTransport}, driven the way a pattern drives them: through its
 * engine proxy, with a {@link RecordingHandler} as its engine side.
 *
 * @param engine  the proxy of the socket's engine.
 * @param streams the socket's streams.
 * @param handler records what the transport tells the socket.
 */
record TestSocket(EngineProxy engine, SocketStreams streams, RecordingHandler handler)
{
    private static final byte[] NO_TOPIC = new byte[0];

    Endpoint bind(final String uri)
    {
        return engine.bind(streams, uri);
    }

    void connect(final String uri)
    {
        engine.connect(streams, uri);
    }

    void unbind(final String uri)
    {
        engine.unbind(streams, uri);
    }

    void disconnect(final String uri)
    {
        engine.disconnect(streams, uri);
    }

    void close(final long lingerNs)
    {
        engine.close(streams, lingerNs);
    }

    /**
     * Send one single-frame message to a peer, retrying while the stream pushes back.
     *
     * @param link  to the peer.
     * @param frame the message's one frame.
     */
    static void send(final Link link, final byte[] frame)
    {
        final DirectBuffer[] frames = {new UnsafeBuffer(frame)};
        Await.await("the message to " + link + " to be sent", () -> link.send(0, NO_TOPIC, frames, Map.of(),
            frame.length, System.nanoTime() + 5_000_000_000L) == Link.SendResult.SENT);
    }
}
