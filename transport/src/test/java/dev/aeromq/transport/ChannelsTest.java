package dev.aeromq.transport;

import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The channels AeroMQ opens: above all, a binder builds its reply channel from what it knows itself
 * (the address Aeron saw the Hello come from, the reply port or stream the Hello names, its own
 * settings), so a connector can never make it publish anywhere else.
 */
class ChannelsTest
{
    private static final int TERM_LENGTH = 4 * 1024 * 1024;
    private static final TransportSettings SETTINGS = new TransportSettings(null, false, 10_000_000_000L,
        TransportSettings.DriverThreading.SHARED, TransportSettings.Idle.BACKOFF, 1, 1024, TERM_LENGTH,
        100_000_000L, 2_000_000_000L, 1024, TransportSettings.ADMIT_ALL, ChannelsTest::ignore);

    private static final Endpoint UDP_BINDING = Endpoint.parse("udp://0.0.0.0:40000");
    private static final Endpoint IPC_BINDING = Endpoint.parse("ipc://orders");

    @Test
    void aUdpReplyGoesToTheAddressTheHelloCameFromAtTheReplyPort()
    {
        final ChannelUri reply = ChannelUri.parse(Channels.reply(UDP_BINDING, "192.168.7.9:53124", 1001, 40123,
            SETTINGS));
        assertEquals("udp", reply.media());
        assertEquals("192.168.7.9:40123", reply.get(CommonContext.ENDPOINT_PARAM_NAME));
        assertEquals(Integer.toString(TERM_LENGTH), reply.get(CommonContext.TERM_LENGTH_PARAM_NAME));
        assertEquals("true", reply.get(CommonContext.SPARSE_PARAM_NAME));
    }

    @Test
    void aUdpReplyToAnIpv6SourceKeepsTheBrackets()
    {
        final ChannelUri reply = ChannelUri.parse(Channels.reply(UDP_BINDING, "[::1]:53124", 1001, 40123, SETTINGS));
        assertEquals("[::1]:40123", reply.get(CommonContext.ENDPOINT_PARAM_NAME));
    }

    @Test
    void aUdpHelloWithoutAUsableSourceOrPortGetsNoReply()
    {
        assertNull(Channels.reply(UDP_BINDING, null, 1001, 40123, SETTINGS), "no source address");
        assertNull(Channels.reply(UDP_BINDING, "no-port", 1001, 40123, SETTINGS), "a source without a port");
        assertNull(Channels.reply(UDP_BINDING, ":53124", 1001, 40123, SETTINGS), "a source without a host");
        assertNull(Channels.reply(UDP_BINDING, "192.168.7.9:53124", 1001, 0, SETTINGS), "reply port 0");
        assertNull(Channels.reply(UDP_BINDING, "192.168.7.9:53124", 1001, -1, SETTINGS), "a negative reply port");
    }

    @ParameterizedTest
    @ValueSource(ints = {Channels.REPLY_STREAM_MIN, Channels.REPLY_STREAM_MIN + 1, Channels.REPLY_STREAM_MAX})
    void anIpcReplyGoesToTheIpcChannelOnAStreamInTheReplyRange(final int replyStream)
    {
        final ChannelUri reply = ChannelUri.parse(Channels.reply(IPC_BINDING, "ignored", replyStream, 0, SETTINGS));
        assertTrue(reply.isIpc());
        assertNull(reply.get(CommonContext.ENDPOINT_PARAM_NAME));
        assertEquals(Integer.toString(TERM_LENGTH), reply.get(CommonContext.TERM_LENGTH_PARAM_NAME));
    }

    @ParameterizedTest
    @ValueSource(ints = {Integer.MIN_VALUE, -1, 0, 1001, Channels.REPLY_STREAM_MIN - 1, Channels.REPLY_STREAM_MAX + 1,
        0x4000_0000, Integer.MAX_VALUE})
    void anIpcReplyStreamOutsideTheReplyRangeGetsNoReply(final int replyStream)
    {
        assertNull(Channels.reply(IPC_BINDING, null, replyStream, 0, SETTINGS));
    }

    @Test
    void anIpcReplyCannotLandOnABoundName()
    {
        final int bound = IPC_BINDING.streamId();
        assertNull(Channels.reply(IPC_BINDING, null, bound, 0, SETTINGS), "a Hello naming a bound name's stream");
    }

    @Test
    void publicationsGetTheTermLengthAndSparseFilesUnlessTheChannelSetsThem()
    {
        final ChannelUri plain = ChannelUri.parse(Channels.publication("aeron:udp?endpoint=127.0.0.1:5000",
            SETTINGS));
        assertEquals(Integer.toString(TERM_LENGTH), plain.get(CommonContext.TERM_LENGTH_PARAM_NAME));
        assertEquals("true", plain.get(CommonContext.SPARSE_PARAM_NAME));
        assertEquals("127.0.0.1:5000", plain.get(CommonContext.ENDPOINT_PARAM_NAME));

        final ChannelUri own = ChannelUri.parse(Channels.publication(
            "aeron:ipc?term-length=65536|sparse=false", SETTINGS));
        assertEquals("65536", own.get(CommonContext.TERM_LENGTH_PARAM_NAME));
        assertEquals("false", own.get(CommonContext.SPARSE_PARAM_NAME));
    }

    @Test
    void aConnectorListensForRepliesOnIpcOrOnAnEphemeralPortOfTheRightInterface()
    {
        assertEquals("aeron:ipc", Channels.replySubscription(IPC_BINDING));
        assertEquals("127.0.0.1:0", endpointOf(Channels.replySubscription(Endpoint.parse("udp://127.0.0.1:1"))));
        assertEquals("127.0.0.1:0", endpointOf(Channels.replySubscription(Endpoint.parse("udp://localhost:1"))));
        assertEquals("0.0.0.0:0", endpointOf(Channels.replySubscription(Endpoint.parse("udp://10.1.2.3:1"))));
    }

    @Test
    void ipcConnectorsPickRandomReplyStreamsInTheRangeAndUdpConnectorsTheEndpointsStream()
    {
        for (int i = 0; i < 1000; i++)
        {
            final int replyStream = Channels.replyStreamId(IPC_BINDING);
            assertTrue(replyStream >= Channels.REPLY_STREAM_MIN && replyStream <= Channels.REPLY_STREAM_MAX);
            assertNotNull(Channels.reply(IPC_BINDING, null, replyStream, 0, SETTINGS));
        }
        assertEquals(Endpoint.UDP_STREAM_ID, Channels.replyStreamId(UDP_BINDING));
    }

    @Test
    void localStreamsGetALargeMtuAndUdpSubscriptionsLargerBuffersUnlessTheChannelSaysOtherwise()
    {
        final ChannelUri ipc = ChannelUri.parse(Channels.publication("aeron:ipc", SETTINGS));
        assertEquals(String.valueOf(Channels.LOCAL_MTU), ipc.get(CommonContext.MTU_LENGTH_PARAM_NAME));
        final ChannelUri loopback = ChannelUri.parse(Channels.publication("aeron:udp?endpoint=127.0.0.1:9", SETTINGS));
        assertEquals(String.valueOf(Channels.LOCAL_MTU), loopback.get(CommonContext.MTU_LENGTH_PARAM_NAME));
        final ChannelUri remote = ChannelUri.parse(Channels.publication("aeron:udp?endpoint=10.1.2.3:9", SETTINGS));
        assertEquals(null, remote.get(CommonContext.MTU_LENGTH_PARAM_NAME), "a real network keeps Aeron's MTU");
        final ChannelUri own = ChannelUri.parse(Channels.publication("aeron:ipc?mtu=8192", SETTINGS));
        assertEquals("8192", own.get(CommonContext.MTU_LENGTH_PARAM_NAME));
        final ChannelUri smallTerm = ChannelUri.parse(Channels.publication("aeron:ipc?term-length=64k", SETTINGS));
        assertEquals("8192", smallTerm.get(CommonContext.MTU_LENGTH_PARAM_NAME),
            "no more than the largest message of a 64 KiB term: Aeron refuses a larger MTU");

        final ChannelUri subscription = ChannelUri.parse(Channels.subscription("aeron:udp?endpoint=0.0.0.0:9"));
        final String buffer = subscription.get(CommonContext.SOCKET_RCVBUF_PARAM_NAME);
        if (buffer != null) // null where the kernel's limit cannot be read
        {
            assertTrue(Integer.parseInt(buffer) > 0 && Integer.parseInt(buffer) <= 2 * 1024 * 1024, buffer);
            assertEquals(buffer, subscription.get(CommonContext.RECEIVER_WINDOW_LENGTH_PARAM_NAME));
        }
        assertEquals("aeron:ipc", Channels.subscription("aeron:ipc"));
    }

    private static String endpointOf(final String channel)
    {
        return ChannelUri.parse(channel).get(CommonContext.ENDPOINT_PARAM_NAME);
    }

    private static void ignore(final Throwable error)
    {
        // these tests build channels only: nothing reports errors
    }
}
