package dev.aeromq.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parsing endpoint strings into Aeron channels and streams, and the errors naming the bad part.
 */
class EndpointTest
{
    @Test
    void ipcNamesMapToAStreamOfTheirOwnOnTheIpcChannel()
    {
        final Endpoint.Ipc endpoint = assertInstanceOf(Endpoint.Ipc.class, Endpoint.parse("ipc://orders"));
        assertEquals("ipc://orders", endpoint.uri());
        assertEquals("orders", endpoint.name());
        assertEquals("aeron:ipc", endpoint.channel());
        assertTrue(endpoint.isIpc());
        assertEquals(Endpoint.ipcStreamId("orders"), endpoint.streamId());
        assertEquals(endpoint.streamId(), Endpoint.parse("ipc://orders").streamId(), "the same name, the same stream");
        assertNotEquals(endpoint.streamId(), Endpoint.parse("ipc://trades").streamId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "orders", "x-1", "a much longer name with spaces / and slashes", "\u00fcml\u00e4ut"})
    void ipcStreamsLieAboveTheReplyRangeSoTheyNeverMeetAReplyStream(final String name)
    {
        final int streamId = Endpoint.ipcStreamId(name);
        assertTrue(streamId >= 0x4000_0000 && streamId <= 0x7FFF_FFFF, Integer.toHexString(streamId));
        assertTrue(streamId > Channels.REPLY_STREAM_MAX, Integer.toHexString(streamId));
    }

    @Test
    void udpEndpointsNameHostAndPortOnTheUdpStream()
    {
        final Endpoint.Udp endpoint = assertInstanceOf(Endpoint.Udp.class, Endpoint.parse("udp://127.0.0.1:40123"));
        assertEquals("127.0.0.1", endpoint.host());
        assertEquals(40123, endpoint.port());
        assertEquals("aeron:udp?endpoint=127.0.0.1:40123", endpoint.channel());
        assertEquals(Endpoint.UDP_STREAM_ID, endpoint.streamId());
        assertFalse(endpoint.isIpc());
    }

    @Test
    void udpHostsMayBeIpv6InBracketsOrAStarForAnyInterface()
    {
        final Endpoint.Udp ipv6 = assertInstanceOf(Endpoint.Udp.class, Endpoint.parse("udp://[::1]:5555"));
        assertEquals("::1", ipv6.host());
        assertEquals("aeron:udp?endpoint=[::1]:5555", ipv6.channel());
        final Endpoint.Udp any = assertInstanceOf(Endpoint.Udp.class, Endpoint.parse("udp://*:5555"));
        assertEquals("0.0.0.0", any.host());
        assertEquals("aeron:udp?endpoint=0.0.0.0:5555", any.channel());
    }

    @Test
    void aResolvedPortReplacesPortZero()
    {
        final Endpoint.Udp any = assertInstanceOf(Endpoint.Udp.class, Endpoint.parse("udp://127.0.0.1:0"));
        final Endpoint.Udp resolved = any.withPort(40999);
        assertEquals("udp://127.0.0.1:40999", resolved.uri());
        assertEquals(40999, resolved.port());
        assertEquals("aeron:udp?endpoint=127.0.0.1:40999", resolved.channel());
        assertEquals("udp://[::1]:7", assertInstanceOf(Endpoint.Udp.class, Endpoint.parse("udp://[::1]:0"))
            .withPort(7).uri());
    }

    @Test
    void ipcAndUdpSchemesAreCaseInsensitive()
    {
        assertInstanceOf(Endpoint.Udp.class, Endpoint.parse("UDP://localhost:1"));
        assertInstanceOf(Endpoint.Ipc.class, Endpoint.parse("Ipc://x"));
    }

    @Test
    void rawAeronChannelsPassThroughWithAnOptionalStreamId()
    {
        final Endpoint.Raw withStream = assertInstanceOf(Endpoint.Raw.class,
            Endpoint.parse("aeron:udp?endpoint=10.0.0.1:7000|mtu=1408#42"));
        assertEquals("aeron:udp?endpoint=10.0.0.1:7000|mtu=1408", withStream.channel());
        assertEquals(42, withStream.streamId());
        assertFalse(withStream.isIpc());

        final Endpoint.Raw ipc = assertInstanceOf(Endpoint.Raw.class, Endpoint.parse("aeron:ipc"));
        assertEquals("aeron:ipc", ipc.channel());
        assertEquals(Endpoint.RAW_STREAM_ID, ipc.streamId());
        assertTrue(ipc.isIpc());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ipc://                    | the name after ipc:// is missing",
        "udp://localhost           | the port is missing",
        "udp://:5555               | the host is missing",
        "udp://localhost:http      | port 'http' is not a number",
        "udp://localhost:65536     | port 65536 is out of range 0-65535",
        "udp://localhost:-1        | port -1 is out of range 0-65535",
        "aeron:ipc#one             | stream id 'one' after # is not a number",
        "aeron:udp?endpoint        | Aeron cannot parse the channel",
        "tcp://localhost:5555      | transport 'tcp' is not supported",
        "localhost:5555            | it has no transport prefix"})
    void malformedEndpointsAreInvalidWithAMessageNamingTheBadPart(final String uri, final String why)
    {
        final Failure failure = assertThrows(Failure.class, () -> Endpoint.parse(uri));
        assertEquals(Failure.Kind.INVALID_ENDPOINT, failure.kind());
        assertTrue(failure.getMessage().contains("'" + uri + "'"), failure.getMessage());
        assertTrue(failure.getMessage().contains(why), failure.getMessage());
        assertTrue(failure.getMessage().contains(Endpoint.FORMS), failure.getMessage());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void emptyEndpointsAreInvalid(final String uri)
    {
        final Failure failure = assertThrows(Failure.class, () -> Endpoint.parse(uri));
        assertEquals(Failure.Kind.INVALID_ENDPOINT, failure.kind());
        assertTrue(failure.getMessage().contains("it is empty"), failure.getMessage());
    }
}
