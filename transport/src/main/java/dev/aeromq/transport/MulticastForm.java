package dev.aeromq.transport;

import java.util.Locale;

/**
 * The multicast form of a UDP endpoint, {@code udp://GROUP:PORT?interface=ADDRESS}, checked part by
 * part so a bad one fails naming what is wrong with it: the group (a multicast address whose last byte
 * is odd, since Aeron sends a group's control traffic to the next address), a fixed port, and the
 * interface (an IP address of a local interface, optionally with a {@code /prefix} to match a subnet).
 * No name is looked up: a group and an interface are written as addresses.
 */
final class MulticastForm
{
    private static final String INTERFACE = "interface";

    private MulticastForm()
    {
    }

    /**
     * @param udp   the endpoint's {@code HOST:PORT} part, already checked.
     * @param query what follows {@code ?}, or null.
     * @return a {@link Endpoint.Multicast} for a multicast group, else {@code udp} itself.
     * @throws RuntimeException of kind {@link Failure.Kind#INVALID_ENDPOINT} naming the bad part.
     */
    static Endpoint parse(final Endpoint.Udp udp, final String query)
    {
        final String uri = udp.uri();
        final String interfaceAddress = query == null ? null : interfaceOf(uri, query);
        final byte[] group = ipv4(udp.host());
        final boolean ipv6Group = udp.host().toLowerCase(Locale.ROOT).startsWith("ff") && udp.host().indexOf(':') > 0;
        final boolean multicast = ipv6Group || (group != null && (group[0] & 0xF0) == 0xE0);
        if (!multicast)
        {
            if (query != null)
            {
                throw Endpoint.invalid(uri, "'" + udp.host() + "' is not a multicast group (224.0.0.0 to " +
                    "239.255.255.255, or ff00::/8): ?interface= belongs to a multicast endpoint only");
            }
            return udp;
        }
        final int lastByte = ipv6Group ? lastIpv6Byte(uri, udp.host()) : group[3] & 0xFF;
        if ((lastByte & 1) == 0)
        {
            throw Endpoint.invalid(uri, "multicast group " + udp.host() + " must end in an odd number: Aeron " +
                "sends the group's control traffic to the next address (use e.g. " + oddNeighbour(udp.host()) + ")");
        }
        if (udp.port() == 0)
        {
            throw Endpoint.invalid(uri, "a multicast group needs a fixed port, not 0: every SUB must know it");
        }
        return new Endpoint.Multicast(uri, udp.host(), udp.port(), interfaceAddress);
    }

    private static String interfaceOf(final String uri, final String query)
    {
        String interfaceAddress = null;
        for (final String pair : query.split("&", -1))
        {
            final int equals = pair.indexOf('=');
            final String key = equals < 0 ? pair : pair.substring(0, equals);
            if (!INTERFACE.equals(key))
            {
                throw Endpoint.invalid(uri, "parameter '" + key + "' is not known; a UDP endpoint takes only " +
                    "interface=ADDRESS, for a multicast group");
            }
            if (interfaceAddress != null)
            {
                throw Endpoint.invalid(uri, "interface= is given twice");
            }
            final String value = equals < 0 ? "" : pair.substring(equals + 1);
            if (value.isEmpty())
            {
                throw Endpoint.invalid(uri, "interface= has no address; give the IP address of a local " +
                    "interface, e.g. interface=192.168.1.5");
            }
            checkInterface(uri, value);
            interfaceAddress = value;
        }
        return interfaceAddress;
    }

    private static void checkInterface(final String uri, final String value)
    {
        final int slash = value.indexOf('/');
        final String address = slash < 0 ? value : value.substring(0, slash);
        final boolean ipv6 = address.startsWith("[") && address.endsWith("]") && address.indexOf(':') > 0;
        if (ipv4(address) == null && !ipv6)
        {
            throw Endpoint.invalid(uri, "interface '" + value + "' is not an IP address (no names are looked up): " +
                "give the address of a local interface, e.g. interface=192.168.1.5 or interface=[fe80::1]");
        }
        if (slash >= 0)
        {
            final String bits = value.substring(slash + 1);
            final int max = ipv6 ? 128 : 32;
            if (!bits.matches("\\d{1,3}") || Integer.parseInt(bits) > max)
            {
                throw Endpoint.invalid(uri, "interface '" + value + "' has a bad subnet prefix '/" + bits +
                    "': 0 to " + max);
            }
        }
    }

    /**
     * @return the four bytes of a dotted IPv4 address, or null if it is not one.
     */
    private static byte[] ipv4(final String text)
    {
        final String[] parts = text.split("\\.", -1);
        if (parts.length != 4)
        {
            return null;
        }
        final byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++)
        {
            if (!parts[i].matches("\\d{1,3}") || Integer.parseInt(parts[i]) > 255)
            {
                return null;
            }
            bytes[i] = (byte)Integer.parseInt(parts[i]);
        }
        return bytes;
    }

    private static int lastIpv6Byte(final String uri, final String host)
    {
        final String last = host.substring(host.lastIndexOf(':') + 1);
        if (!last.matches("[0-9a-fA-F]{1,4}"))
        {
            throw Endpoint.invalid(uri, "multicast group '" + host + "' is not an IPv6 address");
        }
        return Integer.parseInt(last, 16) & 0xFF;
    }

    private static String oddNeighbour(final String host)
    {
        final byte[] bytes = ipv4(host);
        if (bytes == null)
        {
            return host + " with its last byte plus one";
        }
        return (bytes[0] & 0xFF) + "." + (bytes[1] & 0xFF) + "." + (bytes[2] & 0xFF) + "." + ((bytes[3] & 0xFF) + 1);
    }
}
