package dev.aeromq.transport;

import io.aeron.ChannelUri;

import java.util.Locale;

/**
 * A parsed endpoint: which Aeron channel and stream a socket binds or connects to.
 */
public sealed interface Endpoint
{
    /** Stream id of every {@code udp://} endpoint: each has its own port, so one id suffices. */
    int UDP_STREAM_ID = 1001;

    /** Stream id of a raw {@code aeron:} channel without a {@code #STREAM_ID} suffix. */
    int RAW_STREAM_ID = 1001;

    /** The accepted forms, for error messages. */
    String FORMS = "ipc://NAME, udp://HOST:PORT (PORT 0 on bind = any free port), " +
        "udp://GROUP:PORT?interface=ADDRESS (multicast, PUB binds and SUBs connect) or aeron:CHANNEL[#STREAM_ID]";

    /**
     * @return the endpoint as the user wrote it (or as resolved, for a bound port 0).
     */
    String uri();

    /**
     * @return the Aeron channel.
     */
    String channel();

    /**
     * @return the Aeron stream id.
     */
    int streamId();

    /**
     * @return true for shared-memory IPC, false for a network channel.
     */
    boolean isIpc();

    /**
     * {@code ipc://NAME}: stream id derived from the name, in a range apart from reply streams.
     *
     * @param uri      as written.
     * @param name     the name.
     * @param streamId derived from the name.
     */
    record Ipc(String uri, String name, int streamId) implements Endpoint
    {
        @Override
        public String channel()
        {
            return "aeron:ipc";
        }

        @Override
        public boolean isIpc()
        {
            return true;
        }
    }

    /**
     * {@code udp://HOST:PORT}.
     *
     * @param uri  as written.
     * @param host host name or address.
     * @param port port, 0 for any free one.
     */
    record Udp(String uri, String host, int port) implements Endpoint
    {
        @Override
        public String channel()
        {
            return "aeron:udp?endpoint=" + hostPort(host, port);
        }

        @Override
        public int streamId()
        {
            return UDP_STREAM_ID;
        }

        @Override
        public boolean isIpc()
        {
            return false;
        }

        /**
         * @param resolvedPort the port actually bound.
         * @return this endpoint with its port replaced.
         */
        public Udp withPort(final int resolvedPort)
        {
            return new Udp("udp://" + hostPort(host, resolvedPort), host, resolvedPort);
        }
    }

    /**
     * {@code udp://GROUP:PORT?interface=ADDRESS}: a multicast group. A PUB binds it (the SUBs' handshakes
     * reach it through the group) and shares its messages with every SUB through the group; SUBs connect.
     *
     * @param uri              as written.
     * @param group            the multicast group address (its last byte odd: Aeron uses the next address
     *                         for the group's control traffic).
     * @param port             the group's port.
     * @param interfaceAddress the local interface to send and receive on, or null for the system's default.
     */
    record Multicast(String uri, String group, int port, String interfaceAddress) implements Endpoint
    {
        @Override
        public String channel()
        {
            return "aeron:udp?endpoint=" + hostPort(group, port) +
                (interfaceAddress == null ? "" : "|interface=" + interfaceAddress);
        }

        @Override
        public int streamId()
        {
            return UDP_STREAM_ID;
        }

        @Override
        public boolean isIpc()
        {
            return false;
        }
    }

    /**
     * A raw Aeron channel, passed through.
     *
     * @param uri      as written.
     * @param channel  the Aeron channel.
     * @param streamId from the {@code #STREAM_ID} suffix, or {@link #RAW_STREAM_ID}.
     * @param isIpc    whether the channel is {@code aeron:ipc}.
     */
    record Raw(String uri, String channel, int streamId, boolean isIpc) implements Endpoint
    {
    }

    /**
     * @param uri the endpoint string.
     * @return the parsed endpoint.
     * @throws RuntimeException of kind {@link Failure.Kind#INVALID_ENDPOINT} naming the bad part.
     */
    static Endpoint parse(final String uri)
    {
        if (uri == null || uri.isBlank())
        {
            throw invalid(String.valueOf(uri), "it is empty");
        }
        final String lower = uri.toLowerCase(Locale.ROOT);
        if (lower.startsWith("ipc://"))
        {
            final String name = uri.substring("ipc://".length());
            if (name.isEmpty())
            {
                throw invalid(uri, "the name after ipc:// is missing");
            }
            return new Ipc(uri, name, ipcStreamId(name));
        }
        if (lower.startsWith("udp://"))
        {
            final String rest = uri.substring("udp://".length());
            final int query = rest.indexOf('?');
            final Udp udp = parseUdp(uri, query < 0 ? rest : rest.substring(0, query));
            return MulticastForm.parse(udp, query < 0 ? null : rest.substring(query + 1));
        }
        if (lower.startsWith("aeron:"))
        {
            return parseRaw(uri);
        }
        final int scheme = uri.indexOf("://");
        throw invalid(uri, scheme > 0 ?
            "transport '" + uri.substring(0, scheme) + "' is not supported" : "it has no transport prefix");
    }

    private static Udp parseUdp(final String uri, final String hostPort)
    {
        final int colon = hostPort.lastIndexOf(':');
        if (colon < 0)
        {
            throw invalid(uri, "the port is missing");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]"))
        {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty())
        {
            throw invalid(uri, "the host is missing");
        }
        if (host.equals("*"))
        {
            host = "0.0.0.0";
        }
        final String portText = hostPort.substring(colon + 1);
        final int port;
        try
        {
            port = Integer.parseInt(portText);
        }
        catch (final NumberFormatException ex)
        {
            throw invalid(uri, "port '" + portText + "' is not a number");
        }
        if (port < 0 || port > 65535)
        {
            throw invalid(uri, "port " + port + " is out of range 0-65535");
        }
        return new Udp(uri, host, port);
    }

    private static Raw parseRaw(final String uri)
    {
        String channel = uri;
        int streamId = RAW_STREAM_ID;
        final int hash = uri.lastIndexOf('#');
        if (hash > 0)
        {
            channel = uri.substring(0, hash);
            try
            {
                streamId = Integer.parseInt(uri.substring(hash + 1));
            }
            catch (final NumberFormatException ex)
            {
                throw invalid(uri, "stream id '" + uri.substring(hash + 1) + "' after # is not a number");
            }
        }
        final ChannelUri parsed;
        try
        {
            parsed = ChannelUri.parse(channel);
        }
        catch (final RuntimeException ex)
        {
            throw invalid(uri, "Aeron cannot parse the channel: " + ex.getMessage());
        }
        return new Raw(uri, channel, streamId, parsed.isIpc());
    }

    /**
     * Stream ids of bound IPC names lie in [0x40000000, 0x7FFFFFFF]; reply streams lie below, so a
     * name can never collide with a connector's reply stream.
     *
     * @param name the IPC name.
     * @return its stream id.
     */
    static int ipcStreamId(final String name)
    {
        int h = 0x811C9DC5;
        for (int i = 0; i < name.length(); i++)
        {
            h = (h ^ name.charAt(i)) * 0x01000193;
        }
        return (h & 0x3FFFFFFF) | 0x40000000;
    }

    /**
     * @param host a host name or address.
     * @param port a port.
     * @return them as Aeron writes an endpoint, an IPv6 address in brackets.
     */
    static String hostPort(final String host, final int port)
    {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * @param uri as written.
     * @param why what is wrong with it.
     * @return the error, listing the accepted forms.
     */
    static RuntimeException invalid(final String uri, final String why)
    {
        return Failures.of(Failure.Kind.INVALID_ENDPOINT,
            "invalid endpoint '" + uri + "': " + why + "; accepted forms are " + FORMS);
    }
}
