package dev.aeromq.transport;

import io.aeron.ChannelUri;
import io.aeron.CommonContext;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds every Aeron channel AeroMQ opens. A binder builds the channel it answers a connector on
 * from what it knows itself: the address the connector's Hello came from, the reply port or stream
 * the Hello names, and its own settings. A peer never names a channel the binder opens.
 */
final class Channels
{
    /** Connectors' IPC reply streams lie in [MIN, MAX]; bound IPC names map above, so they never meet. */
    static final int REPLY_STREAM_MIN = 0x1000_0000;
    static final int REPLY_STREAM_MAX = 0x3FFF_FFFF;

    private Channels()
    {
    }

    /**
     * @param channel  a channel to publish on.
     * @param settings the transport's.
     * @return it with this transport's term length and sparse log files, unless the channel sets them.
     */
    static String publication(final String channel, final TransportSettings settings)
    {
        final ChannelUri uri = ChannelUri.parse(channel);
        putIfAbsent(uri, CommonContext.TERM_LENGTH_PARAM_NAME, Integer.toString(settings.termLength()));
        putIfAbsent(uri, CommonContext.SPARSE_PARAM_NAME, "true");
        return uri.toString();
    }

    /**
     * @param target the endpoint a socket connects to.
     * @return the channel of the connector's reply subscription: IPC, or UDP on an ephemeral port of
     * the loopback or any interface.
     */
    static String replySubscription(final Endpoint target)
    {
        if (target.isIpc())
        {
            return "aeron:ipc";
        }
        return "aeron:udp?endpoint=" + (isLoopback(target) ? "127.0.0.1" : "0.0.0.0") + ":0";
    }

    /**
     * @param target the endpoint a socket connects to.
     * @return the stream id of its reply subscription: random in the reply range for IPC (several
     * connectors share the driver's IPC), the endpoint's own for UDP (each has its own port).
     */
    static int replyStreamId(final Endpoint target)
    {
        return target.isIpc() ?
            ThreadLocalRandom.current().nextInt(REPLY_STREAM_MIN, REPLY_STREAM_MAX + 1) : target.streamId();
    }

    /**
     * The channel a binder answers a connector on.
     *
     * @param binding       the binder's endpoint.
     * @param source        the connector's address as Aeron saw it ({@code Image.sourceIdentity()}).
     * @param replyStreamId the Hello's reply stream.
     * @param replyPort     the Hello's reply port.
     * @param settings      the binder's own.
     * @return the channel, or null if the Hello names no usable reply (the Hello is then dropped).
     */
    static String reply(
        final Endpoint binding,
        final String source,
        final int replyStreamId,
        final int replyPort,
        final TransportSettings settings)
    {
        if (binding.isIpc())
        {
            return replyStreamId >= REPLY_STREAM_MIN && replyStreamId <= REPLY_STREAM_MAX ?
                publication("aeron:ipc", settings) : null;
        }
        final int colon = source == null ? -1 : source.lastIndexOf(':');
        if (colon <= 0 || replyPort <= 0)
        {
            return null;
        }
        return publication("aeron:udp?endpoint=" + source.substring(0, colon) + ":" + replyPort, settings);
    }

    private static boolean isLoopback(final Endpoint endpoint)
    {
        if (endpoint instanceof Endpoint.Udp udp)
        {
            final String host = udp.host();
            return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
        }
        return false;
    }

    private static void putIfAbsent(final ChannelUri uri, final String key, final String value)
    {
        if (uri.get(key) == null)
        {
            uri.put(key, value);
        }
    }
}
