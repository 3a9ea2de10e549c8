package dev.aeromq;

import dev.aeromq.codec.Liveness;
import dev.aeromq.codec.MalformedWireMessageException;
import dev.aeromq.codec.WireReader;
import dev.aeromq.codec.WireWriter;
import dev.aeromq.codec.sbe.DataDecoder;
import dev.aeromq.codec.sbe.HelloDecoder;
import dev.aeromq.codec.sbe.PrefixAction;
import dev.aeromq.codec.sbe.PrefixDecoder;
import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A binder built by hand from a raw Aeron client and the wire codecs, attached to a communicator's
 * media driver: a UDP subscription an AeroMQ socket connects to, answering its Hello with a Welcome
 * on the reply channel the Hello names (its source address and reply port), as a test tells it to,
 * and nothing else: no heartbeat, no PrefixAck, unless asked.
 * <p>
 * Used from one thread at a time.
 */
final class RawBinder implements AutoCloseable, FragmentHandler
{
    /**
     * A Hello as it arrived.
     *
     * @param sessionId  of the connector's stream.
     * @param source     its host, as Aeron saw it.
     * @param nonce      to echo.
     * @param replyPort  the reply stream's port.
     * @param prefixes   how many prefixes it carried.
     * @param liveness   what the connector announced.
     * @param atNs       {@link System#nanoTime()} when it was read.
     */
    record Hello(int sessionId, String source, long nonce, int replyPort, int prefixes, Liveness liveness, long atNs)
    {
    }

    private final Aeron aeron;
    private final Subscription subscription;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * 1024]);
    private final WireWriter writer = new WireWriter();
    private final WireReader reader = new WireReader();
    private final List<Hello> hellos = new ArrayList<>();
    private final List<String> prefixes = new ArrayList<>();
    private int dataMessages;
    private ExclusivePublication publication;

    /**
     * @param comm whose media driver to attach to.
     */
    RawBinder(final Communicator comm)
    {
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(comm.aeronDirectory()));
        try
        {
            subscription = aeron.addSubscription("aeron:udp?endpoint=127.0.0.1:0", RawConnector.UDP_STREAM_ID);
            Testing.await("the raw binder's port", () -> subscription.resolvedEndpoint() != null);
        }
        catch (final RuntimeException | Error ex)
        {
            aeron.close();
            throw ex;
        }
    }

    /**
     * @return the endpoint an AeroMQ socket connects to.
     */
    String endpoint()
    {
        return "udp://" + subscription.resolvedEndpoint();
    }

    /**
     * Read what connectors sent so far.
     *
     * @return this.
     */
    RawBinder poll()
    {
        while (subscription.poll(this, 64) > 0)
        {
            // drain
        }
        return this;
    }

    @Override
    public void onFragment(final DirectBuffer bytes, final int offset, final int length, final Header header)
    {
        try
        {
            switch (reader.read(bytes, offset, length))
            {
                case HelloDecoder.TEMPLATE_ID -> onHello(header.sessionId());
                case PrefixDecoder.TEMPLATE_ID ->
                {
                    final byte[] prefix = new byte[reader.prefixLength()];
                    reader.buffer().getBytes(reader.prefixOffset(), prefix);
                    final boolean add = reader.prefix().action() == PrefixAction.ADD;
                    prefixes.add((add ? "+" : "-") + new String(prefix, StandardCharsets.UTF_8));
                }
                case DataDecoder.TEMPLATE_ID -> dataMessages++;
                default ->
                {
                    // heartbeats, byes
                }
            }
        }
        catch (final MalformedWireMessageException ex)
        {
            throw new AssertionError("the connector sent a malformed wire message", ex);
        }
    }

    private void onHello(final int sessionId)
    {
        final HelloDecoder hello = reader.hello();
        final Image image = subscription.imageBySessionId(sessionId);
        final String identity = image.sourceIdentity();
        hellos.add(new Hello(sessionId, identity.substring(0, identity.lastIndexOf(':')), hello.nonce(),
            hello.replyPort(), hello.prefixes().count(),
            new Liveness(hello.heartbeatIntervalNs(), hello.peerTimeoutNs()), System.nanoTime()));
    }

    /**
     * @return every Hello so far, in order.
     */
    List<Hello> hellos()
    {
        return hellos;
    }

    /**
     * @return the first Hello, once there is one.
     */
    Hello awaitHello()
    {
        Testing.await("a Hello at the raw binder", () -> !poll().hellos.isEmpty());
        return hellos.get(0);
    }

    /**
     * @return the prefixes the connector added ({@code +p}) and dropped ({@code -p}) so far, in order.
     */
    List<String> prefixes()
    {
        return prefixes;
    }

    /**
     * @return Data wire messages received so far.
     */
    int dataMessages()
    {
        return dataMessages;
    }

    /**
     * Answer a Hello with a Welcome from a new publication (a new Aeron session, as a restarted binder's).
     *
     * @param hello    to answer.
     * @param type     the role claimed.
     * @param liveness the heartbeat interval and peer timeout announced.
     */
    void welcome(final Hello hello, final SocketType type, final Liveness liveness)
    {
        CloseHelper.quietClose(publication);
        publication = aeron.addExclusivePublication(
            "aeron:udp?endpoint=" + hello.source() + ":" + hello.replyPort(), RawConnector.UDP_STREAM_ID);
        Testing.await("the raw binder's reply stream to connect", publication::isConnected);
        offer(writer.welcome(buffer, 0, wire(type), 43, hello.nonce(), 1L << 30, liveness, List.of()));
    }

    /**
     * A Heartbeat: the binder lives.
     */
    void heartbeat()
    {
        offer(writer.heartbeat(buffer, 0));
    }

    /**
     * A one-frame message, as a PUB sends it.
     *
     * @param topic its topic.
     * @param frame its one frame.
     */
    void data(final String topic, final byte[] frame)
    {
        final UnsafeBuffer[] frames = {new UnsafeBuffer(frame)};
        final int header = writer.dataHeader(buffer, 0, 0, frames, Map.of(), topic.getBytes(StandardCharsets.UTF_8));
        buffer.putBytes(header, frame);
        offer(header + frame.length);
    }

    private void offer(final int length)
    {
        Testing.await("the raw binder to send " + length + " bytes", () -> publication.offer(buffer, 0, length) > 0);
    }

    // CHECKSTYLE:OFF:InlineFullyQualifiedName
    private static dev.aeromq.codec.sbe.SocketType wire(final SocketType type)
    {
        return dev.aeromq.codec.sbe.SocketType.valueOf(type.name());
    }
    // CHECKSTYLE:ON:InlineFullyQualifiedName

    @Override
    public void close()
    {
        aeron.close();
    }
}
