package dev.aeromq.transport;

import dev.aeromq.codec.WireTensor;
import dev.aeromq.codec.WireWriter;
import dev.aeromq.codec.sbe.DataDecoder;
import dev.aeromq.codec.sbe.MessageHeaderDecoder;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.codec.sbe.TensorType;
import dev.aeromq.testkit.Bytes;
import dev.aeromq.testkit.Names;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tensors as a peer puts them on the wire by hand: a Data whose tensor the receiver cannot trust (an
 * unknown dtype, a shape its data does not fill) is dropped and reported, never delivered as something
 * else, and the link goes on to deliver the next message, frames then tensors' data.
 */
class TensorWireTest
{
    private static final int DTYPE_AT = MessageHeaderDecoder.ENCODED_LENGTH + DataDecoder.BLOCK_LENGTH +
        DataDecoder.FramesDecoder.sbeHeaderSize() + DataDecoder.FramesDecoder.sbeBlockLength() +
        DataDecoder.MetadataDecoder.sbeHeaderSize() + DataDecoder.TensorsDecoder.sbeHeaderSize() + 8;

    @ParameterizedTest
    @ValueSource(strings = { "ipc", "udp://127.0.0.1:0" })
    void aTensorOfAnUnknownDtypeIsDroppedAndReportedAndTheLinkGoesOn(final String bindTo)
    {
        try (TestTransport aeromq = TestTransport.start("tensor-wire"))
        {
            final TestSocket pull = aeromq.open(SocketType.PULL);
            final Endpoint bound = pull.bind(bindTo.equals("ipc") ? Names.ipc("tensor-wire") : bindTo);
            try (RawPeer peer = new RawPeer(aeromq.aeronDirectory(), bound))
            {
                peer.hello(SocketType.PUSH, 7);
                final Link toPeer = pull.handler().awaitJoins(1);

                final byte[] unknown = data(TensorType.F32, new long[]{ 2 }, 8);
                unknown[DTYPE_AT] = (byte)200;
                peer.raw(unknown);
                aeromq.awaitError("the unknown dtype", ex -> isMalformed(ex, peer, "unknown dtype 200"));

                peer.raw(data(TensorType.F32, new long[]{ 3 }, 8));
                aeromq.awaitError("the short tensor", ex -> isMalformed(ex, peer, "needs 12"));

                final byte[] good = data(TensorType.BF16, new long[]{ 2, 2 }, 8);
                peer.raw(good);
                final RecordingHandler.ReceivedMessage message = pull.handler().awaitReceived(1).get(0);
                assertEquals(1, pull.handler().awaitReceived(1).size(), "only the good message arrived");
                assertTrue(message.link() == toPeer && toPeer.isActive());
                assertEquals(2, message.frames().length, "one frame, then the tensor's data");
                assertArrayEquals(Bytes.pattern(3, 1), message.frames()[0]);
                assertArrayEquals(Bytes.pattern(8, 2), message.frames()[1]);
                assertEquals(List.of(), pull.handler().leaveReasons());
            }
        }
    }

    /**
     * @return a Data wire message: one 3-byte frame, then one tensor "t" with the given header and data.
     */
    private static byte[] data(final TensorType type, final long[] shape, final int dataLength)
    {
        final DirectBuffer[] parts = { new UnsafeBuffer(Bytes.pattern(3, 1)),
            new WireTensor("t", type, shape, new UnsafeBuffer(Bytes.pattern(dataLength, 2)), 0, dataLength) };
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
        int cursor = new WireWriter().dataHeader(buffer, 0, 0, parts, Map.of(), new byte[0]);
        for (final DirectBuffer part : parts)
        {
            buffer.putBytes(cursor, part, 0, part.capacity());
            cursor += part.capacity();
        }
        final byte[] bytes = new byte[cursor];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    private static boolean isMalformed(final Throwable error, final RawPeer peer, final String detail)
    {
        final String message = String.valueOf(error.getMessage());
        return message.startsWith("malformed wire message") && message.contains("session " + peer.sessionId()) &&
            message.contains(detail);
    }
}
