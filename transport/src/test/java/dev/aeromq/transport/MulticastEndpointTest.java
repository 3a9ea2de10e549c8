package dev.aeromq.transport;

import dev.aeromq.codec.FanOutOffer;
import dev.aeromq.codec.sbe.FanOutKind;
import io.aeron.ChannelUri;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The multicast form {@code udp://GROUP:PORT?interface=ADDRESS}, its errors naming the bad part, and the
 * channels of the shared streams a PUB binder opens for each form of endpoint.
 */
class MulticastEndpointTest
{
    private static final TransportSettings SETTINGS = new TransportSettings(null, false, 10_000_000_000L,
        TransportSettings.DriverThreading.SHARED, TransportSettings.Idle.BACKOFF, 1, 1024, 4 * 1024 * 1024,
        100_000_000L, 2_000_000_000L, 1024, TransportSettings.ADMIT_ALL, MulticastEndpointTest::ignore);

    @Test
    void aGroupWithAnInterfaceIsAMulticastEndpoint()
    {
        final Endpoint.Multicast endpoint = assertInstanceOf(Endpoint.Multicast.class,
            Endpoint.parse("udp://239.1.2.3:40456?interface=192.168.1.5"));
        assertEquals("239.1.2.3", endpoint.group());
        assertEquals(40456, endpoint.port());
        assertEquals("192.168.1.5", endpoint.interfaceAddress());
        assertEquals("aeron:udp?endpoint=239.1.2.3:40456|interface=192.168.1.5", endpoint.channel());
        assertEquals(Endpoint.UDP_STREAM_ID, endpoint.streamId());
        assertFalse(endpoint.isIpc());
        assertEquals("udp://239.1.2.3:40456?interface=192.168.1.5", endpoint.uri(), "kept as written");
    }

    @Test
    void theInterfaceIsOptionalAndMayMatchASubnet()
    {
        final Endpoint.Multicast any = assertInstanceOf(Endpoint.Multicast.class,
            Endpoint.parse("udp://224.0.1.1:5000"));
        assertNull(any.interfaceAddress(), "the system's default interface");
        assertEquals("aeron:udp?endpoint=224.0.1.1:5000", any.channel());

        final Endpoint.Multicast subnet = assertInstanceOf(Endpoint.Multicast.class,
            Endpoint.parse("udp://239.255.0.1:5000?interface=10.0.0.0/8"));
        assertEquals("10.0.0.0/8", subnet.interfaceAddress());

        final Endpoint.Multicast ipv6 = assertInstanceOf(Endpoint.Multicast.class,
            Endpoint.parse("udp://[ff02::1]:5000?interface=[fe80::1]"));
        assertEquals("ff02::1", ipv6.group());
        assertEquals("aeron:udp?endpoint=[ff02::1]:5000|interface=[fe80::1]", ipv6.channel());
    }

    @Test
    void aUnicastAddressStaysUnicast()
    {
        assertInstanceOf(Endpoint.Udp.class, Endpoint.parse("udp://223.255.255.254:5000"));
        assertInstanceOf(Endpoint.Udp.class, Endpoint.parse("udp://240.0.0.1:5000"));
        assertInstanceOf(Endpoint.Udp.class, Endpoint.parse("udp://localhost:5000"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "udp://239.1.2.3:40456?interface=eth0                  | interface 'eth0' is not an IP address",
        "udp://239.1.2.3:40456?interface=                      | interface= has no address",
        "udp://239.1.2.3:40456?interface                       | interface= has no address",
        "udp://239.1.2.3:40456?iface=10.0.0.1                  | parameter 'iface' is not known",
        "udp://239.1.2.3:40456?interface=10.0.0.1&ttl=4        | parameter 'ttl' is not known",
        "udp://239.1.2.3:40456?interface=1.2.3.4&interface=1.2.3.5 | interface= is given twice",
        "udp://239.1.2.3:40456?interface=10.0.0.0/33           | bad subnet prefix '/33'",
        "udp://239.1.2.3:40456?interface=300.1.1.1             | interface '300.1.1.1' is not an IP address",
        "udp://239.1.2.2:40456?interface=10.0.0.1              | must end in an odd number",
        "udp://239.1.2.2:40456                                 | use e.g. 239.1.2.3",
        "udp://[ff02::2]:5000                                  | must end in an odd number",
        "udp://239.1.2.3:0?interface=10.0.0.1                  | needs a fixed port, not 0",
        "udp://10.0.0.1:5000?interface=10.0.0.1                | '10.0.0.1' is not a multicast group",
        "udp://239.1.2.3?interface=10.0.0.1                    | the port is missing",
        "udp://239.1.2.3:x?interface=10.0.0.1                  | port 'x' is not a number",
    })
    void badMulticastFormsFailNamingThePart(final String uri, final String why)
    {
        final RuntimeException ex = assertThrows(RuntimeException.class, () -> Endpoint.parse(uri.trim()));
        final Failure failure = assertInstanceOf(Failure.class, ex);
        assertEquals(Failure.Kind.INVALID_ENDPOINT, failure.kind());
        assertTrue(ex.getMessage().contains(why.trim()), () -> "'" + ex.getMessage() + "' should say " + why);
        assertTrue(ex.getMessage().contains("udp://GROUP:PORT?interface=ADDRESS"), "lists the accepted forms");
    }

    @Test
    void sharedStreamsHaveStreamsOfTheirOwn()
    {
        final Endpoint ipc = Endpoint.parse("ipc://orders");
        final int ipcStream = FanOutChannels.streamId(ipc);
        assertTrue(ipcStream < 0, "an IPC shared stream is negative: it meets no bound name and no reply stream");
        assertEquals(ipc.streamId(), ipcStream & 0x7FFF_FFFF, "one per bound name");
        assertEquals(FanOutChannels.UDP_STREAM_ID, FanOutChannels.streamId(Endpoint.parse("udp://127.0.0.1:5000")));
        assertTrue(FanOutChannels.UDP_STREAM_ID != Endpoint.UDP_STREAM_ID);
        assertEquals(FanOutKind.NONE, FanOutChannels.kind(Endpoint.parse("aeron:ipc#7")), "raw channels share none");
    }

    @Test
    void aDroppingPubsIpcStreamCutsSlowSubsLoose()
    {
        final ChannelUri dropping = ChannelUri.parse(
            FanOutChannels.publication(Endpoint.parse("ipc://a"), false, SETTINGS));
        assertEquals("100ms", dropping.get("untethered-window-limit-timeout"));
        assertEquals("1000ms", dropping.get("untethered-resting-timeout"));
        final ChannelUri waiting = ChannelUri.parse(
            FanOutChannels.publication(Endpoint.parse("ipc://a"), true, SETTINGS));
        assertNull(waiting.get("untethered-window-limit-timeout"));

        final FanOutOffer drop = new FanOutOffer(FanOutKind.IPC, false, -5, 1, 0, 0);
        final FanOutOffer wait = new FanOutOffer(FanOutKind.IPC, true, -5, 1, 0, 0);
        assertEquals("false", ChannelUri.parse(FanOutChannels.subscription(Endpoint.parse("ipc://a"), drop))
            .get("tether"));
        assertNull(ChannelUri.parse(FanOutChannels.subscription(Endpoint.parse("ipc://a"), wait)).get("tether"));
    }

    @Test
    void udpSharesByMultiDestinationCastFollowingTheFastestSubUnlessThePubWaits()
    {
        final Endpoint udp = Endpoint.parse("udp://127.0.0.1:5000");
        final ChannelUri dropping = ChannelUri.parse(FanOutChannels.publication(udp, false, SETTINGS));
        assertEquals("127.0.0.1:0", dropping.get("control"));
        assertEquals("dynamic", dropping.get("control-mode"));
        assertEquals("max", dropping.get("fc"));
        final ChannelUri waiting = ChannelUri.parse(FanOutChannels.publication(udp, true, SETTINGS));
        assertTrue(waiting.get("fc").startsWith("min,t:"), waiting.get("fc"));

        final ChannelUri sub = ChannelUri.parse(FanOutChannels.subscription(udp,
            new FanOutOffer(FanOutKind.MDC, false, 1002, 1, 40999, 0)));
        assertEquals("127.0.0.1:40999", sub.get("control"), "the PUB's host, the Welcome's control port");
        assertEquals("127.0.0.1:0", sub.get("endpoint"));
        assertEquals("dynamic", sub.get("control-mode"));

        final Endpoint group = Endpoint.parse("udp://239.1.2.3:5000?interface=127.0.0.1");
        assertEquals("max", ChannelUri.parse(FanOutChannels.publication(group, false, SETTINGS))
            .get("fc"));
        assertEquals("239.1.2.3:5000", ChannelUri.parse(FanOutChannels.subscription(group,
            new FanOutOffer(FanOutKind.MULTICAST, false, 1002, 1, 0, 0))).get("endpoint"));
    }

    @Test
    void anOfferThatDoesNotFitTheEndpointIsNotSubscribed()
    {
        assertNull(FanOutChannels.subscription(Endpoint.parse("udp://127.0.0.1:5000"),
            new FanOutOffer(FanOutKind.IPC, false, -5, 1, 0, 0)));
        assertNull(FanOutChannels.subscription(Endpoint.parse("ipc://a"),
            new FanOutOffer(FanOutKind.MDC, false, 1002, 1, 40999, 0)));
        assertNull(FanOutChannels.subscription(Endpoint.parse("udp://127.0.0.1:5000"),
            new FanOutOffer(FanOutKind.MDC, false, 1002, 1, 0, 0)), "no control port");
    }

    private static void ignore(final Throwable error)
    {
        // errors of these settings are never raised: no transport runs
    }
}
