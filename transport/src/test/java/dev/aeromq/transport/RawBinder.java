package dev.aeromq.transport;

import dev.aeromq.codec.Liveness;
import dev.aeromq.codec.MalformedWireMessageException;
import dev.aeromq.codec.WireReader;
import dev.aeromq.codec.WireWriter;
import dev.aeromq.codec.sbe.DataDecoder;
import dev.aeromq.codec.sbe.HelloDecoder;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.testkit.Await;
import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * A binder built by hand from a raw Aeron client and the wire codecs, attached to a test transport's
 * media driver: a UDP subscription an AeroMQ connector dials, answering a Hello with a Welcome on the
 * reply channel the Hello names (its source address and reply port), from a new publication each time
 * it is told to (a new Aeron session, as a binder that restarted would answer), and nothing else unless
 * told. Used from the test thread only.
 */
final class RawBinder implements AutoCloseable, FragmentHandler
{
    /**
     * A Hello as it arrived.
     *
     * @param sessionId of the connector's stream.
     * @param source    its host, as Aeron saw it.
     * @param nonce     to echo.
     * @param replyPort the reply stream's port.
     * @param prefixes  how many prefixes it carried.
     * @param atNs      {@link System#nanoTime()} when it was read.
     */
    record Hello(int sessionId, String source, long nonce, int replyPort, int prefixes, long atNs)
    {
    }

    private final Aeron aeron;
    private final Subscription subscription;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private final WireWriter writer = new WireWriter();
    private final WireReader reader = new WireReader();
    private final List<Hello> hellos = new ArrayList<>();
    private final List<ExclusivePublication> publications = new ArrayList<>();
    private int dataMessages;

    /**
     * @param aeronDirectory of the driver to use.
     */
    RawBinder(final String aeronDirectory)
    {
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDirectory));
        try
        {
            subscription = aeron.addSubscription("aeron:udp?endpoint=127.0.0.1:0", Endpoint.UDP_STREAM_ID);
            Await.await("the raw binder's port", () -> subscription.resolvedEndpoint() != null);
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
                case HelloDecoder.TEMPLATE_ID ->
                {
                    final HelloDecoder hello = reader.hello();
                    final Image image = subscription.imageBySessionId(header.sessionId());
                    final String identity = image.sourceIdentity();
                    hellos.add(new Hello(header.sessionId(), identity.substring(0, identity.lastIndexOf(':')),
                        hello.nonce(), hello.replyPort(), hello.prefixes().count(), System.nanoTime()));
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

    /**
     * @return every Hello so far, in order.
     */
    List<Hello> hellos()
    {
        return hellos;
    }

    /**
     * @param count Hellos to wait for, counting all so far.
     * @return the last of them.
     */
    Hello awaitHellos(final int count)
    {
        Await.await(() -> count + " Hellos at the raw binder, " + hellos.size() + " so far", Await.WAIT,
            () -> poll().hellos.size() >= count);
        return hellos.get(count - 1);
    }

    /**
     * @return Data wire messages received so far.
     */
    int dataMessages()
    {
        return dataMessages;
    }

    /**
     * Answer a Hello with a Welcome from a new publication: a new Aeron session, as a binder that
     * restarted would answer; the publications of earlier answers stay open, and silent.
     *
     * @param hello    to answer.
     * @param type     the role claimed.
     * @param liveness the heartbeat interval and peer timeout announced.
     * @return when the Welcome went out, {@link System#nanoTime()}.
     */
    long welcome(final Hello hello, final SocketType type, final Liveness liveness)
    {
        final ExclusivePublication publication = aeron.addExclusivePublication(
            "aeron:udp?endpoint=" + hello.source() + ":" + hello.replyPort(), Endpoint.UDP_STREAM_ID);
        publications.add(publication);
        Await.await("the raw binder's reply stream to connect", publication::isConnected);
        offer(writer.welcome(buffer, 0, type, 43, hello.nonce(), 1L << 30, liveness, List.of()));
        return System.nanoTime();
    }

    /**
     * A Heartbeat on the newest publication.
     */
    void heartbeat()
    {
        offer(writer.heartbeat(buffer, 0));
    }

    /**
     * @return the Aeron session id of the newest publication.
     */
    int sessionId()
    {
        return publications.get(publications.size() - 1).sessionId();
    }

    private void offer(final int length)
    {
        final ExclusivePublication publication = publications.get(publications.size() - 1);
        Await.await("the raw binder to send " + length + " bytes", () -> publication.offer(buffer, 0, length) > 0);
    }

    @Override
    public void close()
    {
        aeron.close();
    }
}
