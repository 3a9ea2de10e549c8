package dev.aeromq.transport;

import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import org.agrona.SystemUtil;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds every Aeron channel AeroMQ opens. A binder builds the channel it answers a connector on
 * from what it knows itself: the address the connector's Hello came from, the reply port or stream
 * the Hello names, and its own settings. A peer never names a channel the binder opens.
 * <p>
 * Sizes for bulk data, where they are safe: IPC and loopback UDP use an MTU of 64 KiB (fewer,
 * larger fragments; many small messages batched into one datagram; less with a term under 512 KiB,
 * whose largest message is an eighth of it), other UDP keeps Aeron's 1408
 * bytes, which fits any Ethernet path (raise it with a raw {@code aeron:} channel's {@code mtu} on a
 * jumbo-frame LAN). Every UDP subscription asks for a 2 MiB socket receive buffer and receiver
 * window (Aeron's default is 128 KiB), capped at what the kernel allows ({@code net.core.rmem_max}),
 * so a round trip's worth of data is in flight on a fast link. (The send buffer is left alone: the
 * driver shares one send socket per destination, and every publication to it must agree.) A channel
 * that sets any of these itself keeps its own.
 */
final class Channels
{
    /** Connectors' IPC reply streams lie in [MIN, MAX]; bound IPC names map above, so they never meet. */
    static final int REPLY_STREAM_MIN = 0x1000_0000;
    static final int REPLY_STREAM_MAX = 0x3FFF_FFFF;

    /** MTU of IPC and loopback UDP streams: the largest Aeron allows (a UDP datagram's payload). */
    static final int LOCAL_MTU = 65504;

    private static final int WANTED_SOCKET_BUFFER = 2 * 1024 * 1024;
    private static final int RECEIVE_BUFFER = kernelLimit("rmem_max");

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
        if (isLocal(uri))
        {
            // Aeron takes no MTU above the largest message of a term (an eighth of it): small terms, smaller MTU
            final long termLength = SystemUtil.parseSize(
                CommonContext.TERM_LENGTH_PARAM_NAME, uri.get(CommonContext.TERM_LENGTH_PARAM_NAME));
            putIfAbsent(uri, CommonContext.MTU_LENGTH_PARAM_NAME, Long.toString(Math.min(LOCAL_MTU, termLength / 8)));
        }
        return uri.toString();
    }

    /**
     * @param channel a channel to subscribe to.
     * @return it with larger UDP socket buffers and receiver window, unless the channel sets them.
     */
    static String subscription(final String channel)
    {
        final ChannelUri uri = ChannelUri.parse(channel);
        if (uri.isUdp() && RECEIVE_BUFFER > 0)
        {
            putIfAbsent(uri, CommonContext.SOCKET_RCVBUF_PARAM_NAME, Integer.toString(RECEIVE_BUFFER));
            putIfAbsent(uri, CommonContext.RECEIVER_WINDOW_LENGTH_PARAM_NAME, Integer.toString(RECEIVE_BUFFER));
        }
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
        return subscription("aeron:udp?endpoint=" + (isLoopback(target) ? "127.0.0.1" : "0.0.0.0") + ":0");
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

    private static boolean isLocal(final ChannelUri uri)
    {
        if (uri.isIpc())
        {
            return true;
        }
        final String endpoint = uri.get(CommonContext.ENDPOINT_PARAM_NAME);
        return endpoint != null && (endpoint.startsWith("127.") || endpoint.startsWith("localhost:") ||
            endpoint.startsWith("[::1]:"));
    }

    private static int kernelLimit(final String name)
    {
        try
        {
            // not Files.readString: it trusts the size procfs reports and reads a truncated value
            final Path file = Path.of("/proc/sys/net/core", name);
            final String text = Files.readAllLines(file, StandardCharsets.US_ASCII).get(0);
            return (int)Math.min(WANTED_SOCKET_BUFFER, Long.parseLong(text.trim()));
        }
        catch (final IOException | RuntimeException ex)
        {
            return 0; // not Linux, or not readable: leave Aeron's defaults
        }
    }

    private static void putIfAbsent(final ChannelUri uri, final String key, final String value)
    {
        if (uri.get(key) == null)
        {
            uri.put(key, value);
        }
    }
}
