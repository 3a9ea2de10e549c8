package dev.aeromq.transport;

import dev.aeromq.codec.Liveness;
import dev.aeromq.codec.MalformedWireMessageException;
import dev.aeromq.codec.WireReader;
import dev.aeromq.codec.sbe.HelloDecoder;
import dev.aeromq.codec.sbe.MessageHeaderDecoder;
import dev.aeromq.codec.sbe.SocketType;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.exceptions.RegistrationException;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.FrameDescriptor;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * An endpoint a socket bound: the subscription every connector publishes to, and one
 * {@link BoundPeer} per connector, keyed by the Aeron session id of its stream.
 * <pre>
 *   bind --> REGISTERING --(subscription added)--> RESOLVING --(port known)--> BOUND --(unbind/close)--> CLOSED
 * </pre>
 * Engine-confined: used only under its socket's {@link SocketStreams} lock.
 */
final class Binding implements ControlledFragmentHandler
{
    private static final long RESOLVE_TIMEOUT_NS = 5_000_000_000L;

    /** Where the binding stands. */
    enum State
    {
        /** The subscription is being added by the media driver. */
        REGISTERING,
        /** Added; waiting for the driver to report the port a {@code :0} endpoint got. */
        RESOLVING,
        /** Listening: Hellos are answered, peers' wire messages read. */
        BOUND,
        /** Unbound or closed. */
        CLOSED
    }

    private final SocketStreams streams;
    private final String requestedUri;
    private final long registrationId;
    private boolean registrationRefused;
    private final CompletableFuture<Endpoint> result;
    private final Int2ObjectHashMap<BoundPeer> peers = new Int2ObjectHashMap<>();
    private final HandshakeGate gate = new HandshakeGate();
    private final long resolveDeadlineNs;
    private Endpoint endpoint;
    private Subscription subscription;
    private State state = State.REGISTERING;

    Binding(
        final SocketStreams streams,
        final Endpoint endpoint,
        final long registrationId,
        final CompletableFuture<Endpoint> result,
        final long nowNs)
    {
        this.streams = streams;
        this.requestedUri = endpoint.uri();
        this.endpoint = endpoint;
        this.registrationId = registrationId;
        this.result = result;
        this.resolveDeadlineNs = nowNs + RESOLVE_TIMEOUT_NS;
    }

    SocketStreams streams()
    {
        return streams;
    }

    String uri()
    {
        return endpoint.uri();
    }

    Endpoint endpoint()
    {
        return endpoint;
    }

    State state()
    {
        return state;
    }

    Subscription subscription()
    {
        return state == State.BOUND ? subscription : null;
    }

    boolean hasImage(final int sessionId)
    {
        return subscription.imageBySessionId(sessionId) != null;
    }

    /**
     * @param uri as given to unbind.
     * @return true if it names this binding (as bound, or as resolved for a {@code :0} port).
     */
    boolean matches(final String uri)
    {
        return requestedUri.equals(uri) || endpoint.uri().equals(uri);
    }

    /**
     * @param nowNs the duty cycle's time.
     * @return work done.
     */
    int doWork(final long nowNs)
    {
        return switch (state)
        {
            case REGISTERING -> register();
            case RESOLVING -> resolve(nowNs);
            case BOUND -> doPeerWork(nowNs);
            case CLOSED -> 0;
        };
    }

    private int register()
    {
        try
        {
            subscription = streams.aeron().getSubscription(registrationId);
        }
        catch (final RegistrationException ex)
        {
            registrationRefused = true; // nothing to remove at the driver
            fail("cannot bind " + endpoint.uri() + ": " + inUse(ex), ex);
            return 1;
        }
        if (subscription == null)
        {
            return 0;
        }
        if (result.isCancelled())
        {
            close(LeaveReason.UNBIND, false);
            return 1;
        }
        state = State.RESOLVING;
        return 1;
    }

    private int resolve(final long nowNs)
    {
        if (endpoint instanceof Endpoint.Udp udp && udp.port() == 0)
        {
            final String resolved = subscription.resolvedEndpoint();
            if (resolved == null)
            {
                if (nowNs - resolveDeadlineNs > 0)
                {
                    fail("cannot bind " + endpoint.uri() + ": the media driver did not report the bound port in time",
                        null);
                    return 1;
                }
                return 0;
            }
            endpoint = udp.withPort(Integer.parseInt(resolved.substring(resolved.lastIndexOf(':') + 1)));
        }
        state = State.BOUND;
        streams.observer().bound(endpoint.uri()); // before bind() returns: its counters are named by then
        if (!result.complete(endpoint))
        {
            close(LeaveReason.UNBIND, false); // the caller gave up (interrupted)
        }
        return 1;
    }

    private void fail(final String message, final Throwable cause)
    {
        close(LeaveReason.UNBIND, false);
        result.completeExceptionally(Failures.of(Failure.Kind.INVALID_ENDPOINT, message, cause));
    }

    private int doPeerWork(final long nowNs)
    {
        int work = 0;
        for (final Iterator<BoundPeer> it = peers.values().iterator(); it.hasNext(); )
        {
            final BoundPeer peer = it.next();
            try
            {
                work += peer.doWork(nowNs);
            }
            catch (final RuntimeException ex)
            {
                streams.settings().report(ex); // one failing peer never stops the others
                peer.leave(LeaveReason.STREAM_LOST);
            }
            if (peer.state() == BoundPeer.State.CLOSED)
            {
                it.remove();
            }
        }
        return work;
    }

    /**
     * A fragment of the binding's stream: a linked peer's goes to its session; from anyone else only
     * a Hello in one fragment counts, so nothing is gathered for a peer not admitted.
     */
    @Override
    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final int sessionId = header.sessionId();
        final BoundPeer peer = peers.get(sessionId);
        final boolean whole = (header.flags() & FrameDescriptor.UNFRAGMENTED) == FrameDescriptor.UNFRAGMENTED;
        final boolean hello = whole && isHello(buffer, offset, length);
        if (peer != null && peer.state() == BoundPeer.State.DORMANT && !hello)
        {
            peer.resume(); // a partition healed: it joins again where it left off
        }
        if (peer != null && peer.state() == BoundPeer.State.LINKED && !hello)
        {
            final Action action = peer.session().onFragment(buffer, offset, length, header, streams);
            final LeaveReason reason = peer.session().leaveReason();
            if (reason != null)
            {
                peer.leave(reason);
                peers.remove(sessionId);
            }
            return action;
        }
        if (!whole)
        {
            return Action.CONTINUE; // nothing beyond one fragment from a peer not admitted
        }
        try
        {
            final WireReader reader = streams.reader();
            if (reader.read(buffer, offset, length) == HelloDecoder.TEMPLATE_ID && !streams.isClosing())
            {
                onHello(reader, sessionId); // a closing socket takes no new peers
            }
        }
        catch (final MalformedWireMessageException ex)
        {
            streams.faults().malformed(endpoint.uri(), sessionId, ex);
        }
        return Action.CONTINUE;
    }

    /**
     * A Hello on a linked stream is the connector dialling again (it lost the link): a reset.
     */
    private static boolean isHello(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= MessageHeaderDecoder.ENCODED_LENGTH &&
            WireReader.templateId(buffer, offset, length) == HelloDecoder.TEMPLATE_ID;
    }

    private void onHello(final WireReader reader, final int sessionId)
    {
        final HelloDecoder hello = reader.hello();
        final long nonce = hello.nonce();
        final BoundPeer existing = peers.get(sessionId);
        if (existing != null)
        {
            if (existing.nonce() == nonce)
            {
                existing.resume(); // if it was dormant: heard again
                if (existing.state() == BoundPeer.State.LINKED)
                {
                    existing.session().heard(streams.nowNs()); // the connector's heartbeat
                }
                return; // else the same Hello again while we answer it
            }
            existing.leave(LeaveReason.RESET); // the connector dialled afresh: it lost the link
            peers.remove(sessionId);
        }
        final SocketType peerType = Handshake.socketType(hello.socketTypeRaw());
        final Image image = subscription.imageBySessionId(sessionId);
        final String address = image == null ? null : image.sourceIdentity();
        if (!gate.admits(peers.values(), HandshakeGate.host(address), streams.nowNs()))
        {
            return; // over the limits for now: its connector says Hello again soon
        }
        final int replyStreamId = hello.replyStreamId();
        final int replyPort = hello.replyPort();
        final boolean sameVersion = reader.version() == WireReader.VERSION;
        final List<byte[]> prefixes = sameVersion ? prefixes(hello) : List.of();
        String refusal = Handshake.versionMismatch(reader.version(), endpoint.uri());
        if (refusal == null)
        {
            refusal = Handshake.incompatibility(peerType, streams.handler().type());
        }
        final String channel = Channels.reply(endpoint, address, replyStreamId, replyPort, streams.settings());
        if (channel == null)
        {
            throw new MalformedWireMessageException("Hello names no usable reply stream (stream " + replyStreamId +
                ", port " + replyPort + ")");
        }
        final long maxMessageSize = sameVersion ? hello.maxMessageSize() : 0;
        final Liveness liveness = sameVersion ? liveness(hello) : new Liveness(0, 0);
        final long registration = streams.aeron().asyncAddExclusivePublication(channel, replyStreamId);
        final TransportSettings.Candidate candidate =
            new TransportSettings.Candidate(endpoint.uri(), address, peerType, hello.socketId());
        peers.put(sessionId, new BoundPeer(this, sessionId, candidate, nonce, maxMessageSize, liveness, prefixes,
            refusal, registration, streams.nowNs() + streams.settings().peerTimeoutNs()));
        streams.observer().hello(candidate);
    }

    private static Liveness liveness(final HelloDecoder hello)
    {
        return new Liveness(hello.heartbeatIntervalNs(), hello.peerTimeoutNs());
    }

    private static List<byte[]> prefixes(final HelloDecoder hello)
    {
        final HelloDecoder.PrefixesDecoder entries = hello.prefixes();
        if (entries.count() == 0)
        {
            return List.of();
        }
        final List<byte[]> prefixes = new ArrayList<>(entries.count());
        for (final HelloDecoder.PrefixesDecoder entry : entries)
        {
            final byte[] prefix = new byte[entry.prefixLength()];
            entry.getPrefix(prefix, 0, prefix.length);
            prefixes.add(prefix);
        }
        return prefixes;
    }

    /**
     * Say goodbye to every linked peer (if asked), let them all leave, and stop listening.
     *
     * @param reason why the peers leave.
     * @param sayBye true to send each a Bye first.
     */
    void close(final LeaveReason reason, final boolean sayBye)
    {
        if (state == State.CLOSED)
        {
            return;
        }
        for (final BoundPeer peer : peers.values())
        {
            if (sayBye && peer.state() == BoundPeer.State.LINKED)
            {
                peer.session().link().bye(false);
            }
            peer.leave(reason);
        }
        peers.clear();
        if (subscription != null)
        {
            CloseHelper.quietClose(subscription);
        }
        else if (!registrationRefused)
        {
            streams.aeron().asyncRemoveSubscription(registrationId);
        }
        state = State.CLOSED;
        streams.transport().releaseIpc(endpoint);
    }

    /**
     * @param lingering collects the sessions whose goodbye is awaited.
     */
    void lingering(final List<Session> lingering)
    {
        for (final BoundPeer peer : peers.values())
        {
            if (peer.state() == BoundPeer.State.LINKED)
            {
                lingering.add(peer.session());
            }
        }
    }

    /**
     * @param source a UDP source host, or null for every source.
     * @return handshakes under way (from that source): what the {@link HandshakeGate} limits.
     */
    int pendingHandshakes(final String source)
    {
        int pending = 0;
        for (final BoundPeer peer : peers.values())
        {
            if (peer.isHandshaking() && (source == null || source.equals(peer.source())))
            {
                pending++;
            }
        }
        return pending;
    }

    /**
     * @return Hellos ignored because the binding was at its handshake limits.
     */
    long hellosTurnedAway()
    {
        return gate.turnedAway();
    }

    private static String inUse(final RegistrationException ex)
    {
        final String message = String.valueOf(ex.getMessage());
        return message.toLowerCase(Locale.ROOT).contains("in use") ?
            "the address is already in use (" + message + ")" : message;
    }
}
