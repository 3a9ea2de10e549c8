package dev.aeromq.transport;

import dev.aeromq.codec.Liveness;
import dev.aeromq.codec.MalformedWireMessageException;
import dev.aeromq.codec.WireReader;
import dev.aeromq.codec.WireWriter;
import dev.aeromq.codec.sbe.ByeDecoder;
import dev.aeromq.codec.sbe.MessageHeaderEncoder;
import dev.aeromq.codec.sbe.RejectDecoder;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.codec.sbe.WelcomeDecoder;
import dev.aeromq.testkit.Await;
import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.logbuffer.BufferClaim;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A connector built by hand from a raw Aeron client and the wire codecs, attached to a test
 * transport's media driver: it says exactly what a test tells it to (a Hello of another version, a
 * second Hello, a malformed wire message) and nothing else, not even heartbeats, while its stream
 * stays open. Used from the test thread only.
 */
final class RawPeer implements AutoCloseable
{
    private final Aeron aeron;
    private final Endpoint target;
    private final int replyStreamId;
    private final Subscription reply;
    private final ExclusivePublication publication;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private final WireWriter writer = new WireWriter();
    private final WireReader reader = new WireReader();
    private final BufferClaim claim = new BufferClaim();
    private final List<Long> welcomeNonces = new ArrayList<>();
    private final List<String> rejectReasons = new ArrayList<>();
    private int byes;

    /**
     * @param aeronDirectory of the driver to use (the binder's, so IPC reaches it).
     * @param target         the binder's endpoint.
     * @param replyStreamId  the stream the binder should answer on (for IPC; UDP uses the target's).
     */
    RawPeer(final String aeronDirectory, final Endpoint target, final int replyStreamId)
    {
        this.target = target;
        this.replyStreamId = target.isIpc() ? replyStreamId : target.streamId();
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDirectory));
        try
        {
            reply = aeron.addSubscription(
                target.isIpc() ? "aeron:ipc" : "aeron:udp?endpoint=127.0.0.1:0", this.replyStreamId);
            publication = aeron.addExclusivePublication(target.channel(), target.streamId());
            Await.await("the raw peer's streams to " + target.uri() + " to connect",
                () -> publication.isConnected() && (target.isIpc() || reply.resolvedEndpoint() != null));
        }
        catch (final RuntimeException | Error ex)
        {
            aeron.close();
            throw ex;
        }
    }

    /**
     * @param aeronDirectory of the driver to use.
     * @param target         the binder's endpoint.
     */
    RawPeer(final String aeronDirectory, final Endpoint target)
    {
        this(aeronDirectory, target, Channels.REPLY_STREAM_MIN + 1);
    }

    /**
     * @return the UDP port of the reply stream, 0 for IPC.
     */
    int replyPort()
    {
        if (target.isIpc())
        {
            return 0;
        }
        final String resolved = reply.resolvedEndpoint();
        return Integer.parseInt(resolved.substring(resolved.lastIndexOf(':') + 1));
    }

    /**
     * A well-formed Hello of this version, naming this peer's reply stream.
     *
     * @param type  the role claimed.
     * @param nonce to be echoed.
     */
    void hello(final SocketType type, final long nonce)
    {
        hello(WireReader.VERSION, type, nonce, replyStreamId, replyPort());
    }

    /**
     * A Hello as the test wants it.
     *
     * @param version      protocol version in the header.
     * @param type         the role claimed.
     * @param nonce        to be echoed.
     * @param replyStream  the reply stream it names.
     * @param replyUdpPort the reply port it names.
     */
    void hello(
        final int version, final SocketType type, final long nonce, final int replyStream, final int replyUdpPort)
    {
        final int length = writer.hello(buffer, 0, type, 42, nonce, replyStream, replyUdpPort, 1L << 30,
            new Liveness(100_000_000L, 2_000_000_000L), List.of());
        new MessageHeaderEncoder().wrap(buffer, 0).version(version);
        offer(buffer, length);
    }

    /**
     * @param frame the one frame of a Data wire message to send.
     */
    void data(final byte[] frame)
    {
        final UnsafeBuffer[] frames = {new UnsafeBuffer(frame)};
        final int header = writer.dataHeader(buffer, 0, 0, frames, Map.of(), new byte[0]);
        buffer.putBytes(header, frame);
        offer(buffer, header + frame.length);
    }

    /**
     * @param bytes sent as they are, as one wire message.
     */
    void raw(final byte[] bytes)
    {
        offer(new UnsafeBuffer(bytes), bytes.length);
    }

    /**
     * One fragment, with the flags the test gives it (Aeron's own fragmentation bypassed).
     *
     * @param bytes its payload, at most the publication's largest payload.
     * @param flags Aeron's begin and end flags.
     */
    void fragment(final byte[] bytes, final byte flags)
    {
        Await.await("the raw peer to send a fragment of " + bytes.length + " bytes",
            () -> publication.tryClaim(bytes.length, claim) > 0);
        claim.putBytes(new UnsafeBuffer(bytes), 0, bytes.length);
        claim.flags(flags);
        claim.commit();
    }

    /**
     * A Welcome, which has no place on an established link.
     *
     * @param nonce any.
     */
    void welcome(final long nonce)
    {
        offer(buffer, writer.welcome(buffer, 0, SocketType.PULL, 43, nonce, 1L << 30,
            new Liveness(100_000_000L, 2_000_000_000L), List.of()));
    }

    /**
     * Read what the binder sent so far.
     *
     * @return this.
     */
    RawPeer poll()
    {
        reply.poll((buffer, offset, length, header) ->
        {
            try
            {
                switch (reader.read(buffer, offset, length))
                {
                    case WelcomeDecoder.TEMPLATE_ID -> welcomeNonces.add(reader.welcome().nonce());
                    case RejectDecoder.TEMPLATE_ID -> rejectReasons.add(reader.reject().reason());
                    case ByeDecoder.TEMPLATE_ID -> byes++;
                    default ->
                    {
                        // heartbeats and the like
                    }
                }
            }
            catch (final MalformedWireMessageException ex)
            {
                throw new AssertionError("the binder sent a malformed wire message", ex);
            }
        }, 16);
        return this;
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
     * @return Byes received so far.
     */
    int byes()
    {
        return byes;
    }

    /**
     * @return the Aeron session id of this peer's stream, as the binder sees it.
     */
    int sessionId()
    {
        return publication.sessionId();
    }

    private void offer(final DirectBuffer bytes, final int length)
    {
        Await.await("the raw peer to send " + length + " bytes", () -> publication.offer(bytes, 0, length) > 0);
    }

    @Override
    public void close()
    {
        aeron.close();
    }
}
