package dev.aeromq;

import dev.aeromq.codec.DataView;
import dev.aeromq.codec.Liveness;
import dev.aeromq.codec.MalformedWireMessageException;
import dev.aeromq.codec.WireReader;
import dev.aeromq.codec.WireWriter;
import dev.aeromq.codec.sbe.ByeDecoder;
import dev.aeromq.codec.sbe.DataDecoder;
import dev.aeromq.codec.sbe.HeartbeatDecoder;
import dev.aeromq.codec.sbe.PrefixAckDecoder;
import dev.aeromq.codec.sbe.RejectDecoder;
import dev.aeromq.codec.sbe.WelcomeDecoder;
import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * A connector built by hand from a raw Aeron client and the wire codecs, attached to a communicator's
 * media driver and dialling one of its UDP endpoints: it says exactly what a test tells it to (a Hello
 * announcing any liveness, a flood of Prefix wire messages, garbage) and nothing else, not even a
 * heartbeat, while its stream stays open. What the binder answers is counted by {@link #poll()}.
 * <p>
 * Used from one thread at a time.
 */
final class RawConnector implements AutoCloseable, FragmentHandler
{
    /** The stream of every {@code udp://} endpoint, and of its reply stream. */
    static final int UDP_STREAM_ID = 1001;

    /** What AeroMQ's own sockets announce by default. */
    static final Liveness DEFAULT_LIVENESS = new Liveness(250_000_000L, 2_000_000_000L);

    private final Aeron aeron;
    private final Subscription reply;
    private final ExclusivePublication publication;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * 1024]);
    private final WireWriter writer = new WireWriter();
    private final WireReader reader = new WireReader();
    private final DataView data = new DataView();
    private final List<Long> welcomeNonces = new ArrayList<>();
    private final List<String> rejectReasons = new ArrayList<>();
    private final List<String> topics = new ArrayList<>();
    private long prefixSequence;
    private long prefixesAcknowledged;
    private int heartbeats;
    private int byes;

    /**
     * @param comm     whose media driver to attach to.
     * @param endpoint a {@code udp://HOST:PORT} endpoint bound there.
     */
    RawConnector(final Communicator comm, final String endpoint)
    {
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(comm.aeronDirectory()));
        try
        {
            reply = aeron.addSubscription("aeron:udp?endpoint=127.0.0.1:0", UDP_STREAM_ID);
            publication = aeron.addExclusivePublication(
                "aeron:udp?endpoint=" + endpoint.substring("udp://".length()), UDP_STREAM_ID);
            Testing.await("the raw connector's streams to " + endpoint + " to connect",
                () -> publication.isConnected() && reply.resolvedEndpoint() != null);
        }
        catch (final RuntimeException | Error ex)
        {
            aeron.close();
            throw ex;
        }
    }

    /**
     * A Hello of this version.
     *
     * @param type     the role claimed.
     * @param socketId the id claimed.
     * @param nonce    to be echoed.
     * @param liveness the heartbeat interval and peer timeout announced.
     * @param prefixes a SUB's prefixes.
     */
    void hello(
        final SocketType type,
        final long socketId,
        final long nonce,
        final Liveness liveness,
        final List<byte[]> prefixes)
    {
        offer(buffer, writer.hello(buffer, 0, wire(type), socketId, nonce, UDP_STREAM_ID, replyPort(), 1L << 30,
            liveness, prefixes));
    }

    /**
     * A Hello of this version with AeroMQ's default liveness and no prefixes.
     *
     * @param type  the role claimed.
     * @param nonce to be echoed.
     */
    void hello(final SocketType type, final long nonce)
    {
        hello(type, 42, nonce, DEFAULT_LIVENESS, List.of());
    }

    /**
     * A Heartbeat: the connector lives.
     */
    void heartbeat()
    {
        offer(buffer, writer.heartbeat(buffer, 0));
    }

    /**
     * A SUB's Prefix wire message, numbered on from the last.
     *
     * @param add    true to add, false to drop.
     * @param prefix its bytes.
     * @return its sequence.
     */
    long prefix(final boolean add, final byte[] prefix)
    {
        final long sequence = ++prefixSequence;
        offer(buffer, writer.prefix(buffer, 0, add, sequence, prefix));
        return sequence;
    }

    /**
     * @param bytes sent as they are, as one wire message.
     */
    void raw(final byte[] bytes)
    {
        offer(new UnsafeBuffer(bytes), bytes.length);
    }

    /**
     * Read what the binder sent so far.
     *
     * @return this.
     */
    RawConnector poll()
    {
        while (reply.poll(this, 64) > 0)
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
                case WelcomeDecoder.TEMPLATE_ID -> welcomeNonces.add(reader.welcome().nonce());
                case RejectDecoder.TEMPLATE_ID -> rejectReasons.add(reader.reject().reason());
                case HeartbeatDecoder.TEMPLATE_ID -> heartbeats++;
                case ByeDecoder.TEMPLATE_ID -> byes++;
                case PrefixAckDecoder.TEMPLATE_ID ->
                    prefixesAcknowledged = Math.max(prefixesAcknowledged, reader.prefixAck().sequence());
                case DataDecoder.TEMPLATE_ID -> topics.add(data.wrap(reader).topic());
                default ->
                {
                    // nothing else is counted
                }
            }
        }
        catch (final MalformedWireMessageException ex)
        {
            throw new AssertionError("the binder sent a malformed wire message", ex);
        }
    }

    /**
     * @return the nonces of the Welcomes received so far.
     */
    List<Long> welcomeNonces()
    {
        return welcomeNonces;
    }

    /**
     * @return the reasons of the Rejects received so far.
     */
    List<String> rejectReasons()
    {
        return rejectReasons;
    }

    /**
     * @return the topics of the (one-fragment) messages received so far.
     */
    List<String> topics()
    {
        return topics;
    }

    /**
     * @return Heartbeats received so far.
     */
    int heartbeats()
    {
        return heartbeats;
    }

    /**
     * @return Byes received so far.
     */
    int byes()
    {
        return byes;
    }

    /**
     * @return the sequence of the last Prefix the PUB confirmed.
     */
    long prefixesAcknowledged()
    {
        return prefixesAcknowledged;
    }

    /**
     * @return the sequence of the last Prefix sent.
     */
    long prefixSequence()
    {
        return prefixSequence;
    }

    /**
     * @return the UDP port of the reply stream.
     */
    int replyPort()
    {
        final String resolved = reply.resolvedEndpoint();
        return Integer.parseInt(resolved.substring(resolved.lastIndexOf(':') + 1));
    }

    /**
     * @return the Aeron session id of this connector's stream.
     */
    int sessionId()
    {
        return publication.sessionId();
    }

    /**
     * @return the local UDP port its stream is sent from: the port of the address the binder's Aeron sees.
     */
    int sourcePort()
    {
        final String address = publication.localSocketAddresses().get(0);
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    private void offer(final DirectBuffer bytes, final int length)
    {
        Testing.await("the raw connector to send " + length + " bytes", () ->
        {
            if (publication.offer(bytes, 0, length) > 0)
            {
                return true;
            }
            poll(); // the binder's answers must not back up while we wait for room
            return false;
        });
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
