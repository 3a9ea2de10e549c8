package dev.aeromq.transport;

import dev.aeromq.codec.FanOutOffer;
import dev.aeromq.codec.Liveness;
import dev.aeromq.codec.MalformedWireMessageException;
import dev.aeromq.codec.WireReader;
import dev.aeromq.codec.sbe.RejectDecoder;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.codec.sbe.WelcomeDecoder;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.exceptions.RegistrationException;
import io.aeron.logbuffer.ControlledFragmentHandler;
import io.aeron.logbuffer.FrameDescriptor;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * An endpoint a socket connected to, as a state machine whose transitions all live here. The
 * connector owns an exclusive publication to the endpoint and a reply subscription the binder answers
 * on; it keeps dialling until a binder there welcomes it, and dials again whenever that peer leaves.
 * <pre>
 *   connect --> REGISTERING --(streams added)--> DIALLING --(Welcome)--> LINKED --(peer leaves)--> DIALLING
 *                                                 |    ^                  |    ^
 *                                       (Reject)  v    | (Hello again,    +----+ (Welcome from a binder that
 *                                                REJECTED   once a second)  |  ^    restarted: leave, join again)
 *                                                              (silent for  v  | (heard again)
 *                                                            peer timeout)  DORMANT --(stream gone, 10 s)--> DIALLING
 *   disconnect/close: any state --> CLOSED
 * </pre>
 * Only an answer that echoes the nonce of this connector's Hello counts, so no third party can make
 * it join or refuse. Once linked, the Hello (same nonce, no prefixes) is the connector's heartbeat: a
 * binder that restarted on the endpoint, or dropped the link, does not know the nonce and answers it
 * with a Welcome, so the link is re-established within a heartbeat interval instead of a peer
 * timeout. Engine-confined: used only under its socket's {@link SocketStreams} lock.
 */
final class Connection implements ControlledFragmentHandler
{
    private static final long HELLO_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long REJECTED_HELLO_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    /** How long a silent binder is kept for a partition to heal: Aeron's default image liveness timeout. */
    private static final long DORMANT_LIMIT_NS = TimeUnit.SECONDS.toNanos(10);

    /** Where the connection stands. */
    enum State
    {
        /** The reply subscription and the publication are being added by the media driver. */
        REGISTERING,
        /** Sending Hello every 250 ms while the publication is connected, until answered. */
        DIALLING,
        /** The binder refused; Hello again once a second (a PAIR whose partner left may get in). */
        REJECTED,
        /** Welcomed: the peer joined and its {@link Session} reads what it sends. */
        LINKED,
        /**
         * The binder fell silent and left, but Aeron still has its stream: the session and the nonce are
         * kept and the Hello repeated, until it is heard again (it joins again where it was), a binder
         * answers anew, or the stream goes (then a fresh dial).
         */
        DORMANT,
        /** Disconnected or closed. */
        CLOSED
    }

    private final SocketStreams streams;
    private final Endpoint endpoint;
    private final int replyStreamId;
    private final long replyRegistrationId;
    private final long publicationRegistrationId;
    /** Which registration the driver refused: that one has nothing to remove. */
    private Refused refused = Refused.NONE;
    private final CompletableFuture<Void> result;
    private Subscription reply;
    private ExclusivePublication publication;
    private Link link;
    private Session session;
    private int replyPort;
    private long nonce;
    private HelloFields hello;
    private long nextHelloNs;
    private long dormantSinceNs;
    private State state = State.REGISTERING;

    Connection(
        final SocketStreams streams,
        final Endpoint endpoint,
        final int replyStreamId,
        final long replyRegistrationId,
        final long publicationRegistrationId,
        final CompletableFuture<Void> result)
    {
        this.streams = streams;
        this.endpoint = endpoint;
        this.replyStreamId = replyStreamId;
        this.replyRegistrationId = replyRegistrationId;
        this.publicationRegistrationId = publicationRegistrationId;
        this.result = result;
    }

    String uri()
    {
        return endpoint.uri();
    }

    State state()
    {
        return state;
    }

    Session session()
    {
        return session;
    }

    Subscription subscription()
    {
        return state == State.REGISTERING || state == State.CLOSED ? null : reply;
    }

    /**
     * @param nowNs the duty cycle's time.
     * @return work done.
     */
    int doWork(final long nowNs)
    {
        return switch (state)
        {
            case REGISTERING -> register(nowNs);
            case DIALLING, REJECTED -> dial(nowNs);
            case LINKED -> keepAlive(nowNs);
            case DORMANT -> keepDormant(nowNs);
            case CLOSED -> 0;
        };
    }

    private int register(final long nowNs)
    {
        try
        {
            if (reply == null)
            {
                reply = streams.aeron().getSubscription(replyRegistrationId);
            }
            if (publication == null)
            {
                publication = streams.aeron().getExclusivePublication(publicationRegistrationId);
            }
        }
        catch (final RegistrationException ex)
        {
            refused = reply == null ? Refused.REPLY : Refused.PUBLICATION; // the reply is asked for first
            close(LeaveReason.DISCONNECT, false);
            result.completeExceptionally(Failures.of(Failure.Kind.INVALID_ENDPOINT,
                "cannot connect to " + endpoint.uri() + ": " + ex.getMessage(), ex));
            return 1;
        }
        if (reply == null || publication == null)
        {
            return 0;
        }
        if (!endpoint.isIpc())
        {
            final String resolved = reply.resolvedEndpoint();
            if (resolved == null)
            {
                return 0;
            }
            replyPort = Integer.parseInt(resolved.substring(resolved.lastIndexOf(':') + 1));
        }
        link = new Link(publication, Handshake.partner(streams.handler().type()), endpoint.uri(),
            streams.settings().attachmentThreshold());
        redial(nowNs);
        if (!result.complete(null))
        {
            close(LeaveReason.DISCONNECT, false); // the caller gave up (interrupted)
        }
        return 1;
    }

    private int dial(final long nowNs)
    {
        if (nowNs - nextHelloNs < 0 || !publication.isConnected() || streams.isClosing())
        {
            return 0; // a closing socket takes no new peers
        }
        final SocketHandler handler = streams.handler();
        hello = new HelloFields(handler.type(), handler.socketId(), nonce, replyStreamId, replyPort,
            handler.maxMessageSize(), streams.settings().liveness(), handler.handshakePrefixes());
        if (link.controls().offerHello(hello))
        {
            nextHelloNs = nowNs + (state == State.REJECTED ? REJECTED_HELLO_INTERVAL_NS : HELLO_INTERVAL_NS);
        }
        return 1;
    }

    private boolean heartbeat()
    {
        return link.controls().offerHello(hello.asHeartbeat());
    }

    private int keepAlive(final long nowNs)
    {
        final LeaveReason reason = session.doWork(nowNs, reply.imageBySessionId(session.peerSessionId()) == null,
            streams);
        if (reason == LeaveReason.TIMEOUT && !session.peerEndedItsStream())
        {
            streams.roster().suspend(session);
            state = State.DORMANT;
            dormantSinceNs = nowNs;
            return 1;
        }
        if (reason != null)
        {
            leave(reason);
            return 1;
        }
        return 0;
    }

    private int keepDormant(final long nowNs)
    {
        if (reply.imageBySessionId(session.peerSessionId()) == null || session.peerEndedItsStream() ||
            nowNs - dormantSinceNs > DORMANT_LIMIT_NS)
        {
            session.close(); // it left already; a message it was sending will never complete
            session = null;
            redial(nowNs);
            return 1;
        }
        if (nowNs - nextHelloNs >= 0 && heartbeat())
        {
            nextHelloNs = nowNs + HELLO_INTERVAL_NS;
        }
        return 0;
    }

    /**
     * A fragment of the reply stream: the linked binder's goes to its session; before that only a
     * Welcome or Reject in one fragment counts.
     */
    @Override
    public Action onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final int sessionId = header.sessionId();
        if (state == State.DORMANT && sessionId == session.peerSessionId())
        {
            state = State.LINKED; // a partition healed: it joins again where it left off
            streams.roster().resume(session);
        }
        if (state == State.LINKED && sessionId == session.peerSessionId())
        {
            final Action action = session.onFragment(buffer, offset, length, header, streams);
            if (session.leaveReason() != null)
            {
                leave(session.leaveReason());
            }
            return action;
        }
        if ((header.flags() & FrameDescriptor.UNFRAGMENTED) != FrameDescriptor.UNFRAGMENTED)
        {
            return Action.CONTINUE; // nothing beyond one fragment from a peer not admitted
        }
        try
        {
            final WireReader reader = streams.reader();
            switch (reader.read(buffer, offset, length))
            {
                case WelcomeDecoder.TEMPLATE_ID -> onWelcome(reader, sessionId);
                case RejectDecoder.TEMPLATE_ID -> onReject(reader, sessionId);
                default ->
                {
                    // anything else from a peer not linked is not for us
                }
            }
        }
        catch (final MalformedWireMessageException ex)
        {
            streams.faults().malformed(endpoint.uri(), sessionId, ex);
        }
        return Action.CONTINUE;
    }

    private void onWelcome(final WireReader reader, final int sessionId)
    {
        final WelcomeDecoder welcome = reader.welcome();
        if (welcome.nonce() != nonce || state == State.REGISTERING || state == State.CLOSED)
        {
            return; // not the answer to our Hello: stale, or not from the binder we dialled
        }
        if (state == State.LINKED || state == State.DORMANT)
        {
            if (sessionId == session.peerSessionId())
            {
                return;
            }
            // the binder answered our heartbeat as a new Hello: it restarted, or dropped the link
            if (state == State.LINKED)
            {
                streams.roster().leave(session, LeaveReason.RESET);
            }
            else
            {
                session.close();
            }
            session = null;
            state = State.DIALLING;
        }
        final SocketType peerType = Handshake.socketType(welcome.socketTypeRaw());
        final TransportSettings.Candidate peer = peer(sessionId, peerType, welcome.socketId());
        final List<byte[]> prefixes = prefixes(welcome);
        final SocketHandler handler = streams.handler();
        String reason = Handshake.incompatibility(handler.type(), peerType);
        if (reason == null)
        {
            reason = handler.admit(peerType);
        }
        if (reason != null)
        {
            link.bye(false); // the binder took us, but we cannot take it (a PAIR that has its peer)
            refused(peer, reason);
            return;
        }
        final Liveness liveness = streams.settings().liveness()
            .agree(new Liveness(welcome.heartbeatIntervalNs(), welcome.peerTimeoutNs()));
        session = new Session(link, sessionId, streams.nowNs(), liveness, this::heartbeat);
        state = State.LINKED;
        streams.fanOuts().joinOrAttach(
            session, peer, welcome.maxMessageSize(), prefixes, FanOutOffer.of(welcome), endpoint);
    }

    private void onReject(final WireReader reader, final int sessionId)
    {
        final RejectDecoder reject = reader.reject();
        if ((state == State.DIALLING || state == State.REJECTED) && reject.nonce() == nonce)
        {
            final TransportSettings.Candidate peer =
                peer(sessionId, Handshake.socketType(reject.socketTypeRaw()), reject.socketId());
            refused(peer, reject.reason());
        }
    }

    private void refused(final TransportSettings.Candidate peer, final String reason)
    {
        state = State.REJECTED;
        nextHelloNs = streams.nowNs() + REJECTED_HELLO_INTERVAL_NS;
        streams.roster().rejectedBy(peer, reason);
    }

    /**
     * @return the binder as its answer names it, at the address its reply stream comes from.
     */
    private TransportSettings.Candidate peer(final int sessionId, final SocketType type, final long socketId)
    {
        final Image image = reply.imageBySessionId(sessionId);
        return new TransportSettings.Candidate(endpoint.uri(), image == null ? null : image.sourceIdentity(), type,
            socketId);
    }

    private void leave(final LeaveReason reason)
    {
        streams.roster().leave(session, reason);
        session = null;
        redial(streams.nowNs());
    }

    private void redial(final long nowNs)
    {
        nonce = ThreadLocalRandom.current().nextLong();
        nextHelloNs = nowNs;
        state = State.DIALLING;
    }

    private static List<byte[]> prefixes(final WelcomeDecoder welcome)
    {
        final WelcomeDecoder.PrefixesDecoder entries = welcome.prefixes();
        if (entries.count() == 0)
        {
            return List.of();
        }
        final List<byte[]> prefixes = new ArrayList<>(entries.count());
        for (final WelcomeDecoder.PrefixesDecoder entry : entries)
        {
            final byte[] prefix = new byte[entry.prefixLength()];
            entry.getPrefix(prefix, 0, prefix.length);
            prefixes.add(prefix);
        }
        return prefixes;
    }

    /**
     * @param lingering collects the session if its goodbye is awaited.
     */
    void lingering(final List<Session> lingering)
    {
        if (state == State.LINKED)
        {
            lingering.add(session);
        }
    }

    /**
     * Let the peer leave (saying goodbye first if asked) and release both streams.
     *
     * @param reason why the peer leaves.
     * @param sayBye true to send it a Bye first.
     */
    void close(final LeaveReason reason, final boolean sayBye)
    {
        if (state == State.CLOSED)
        {
            return;
        }
        if (state == State.LINKED)
        {
            if (sayBye)
            {
                link.bye(false);
            }
            streams.roster().leave(session, reason);
            session = null;
        }
        else if (state == State.DORMANT)
        {
            session.close();
            session = null;
        }
        state = State.CLOSED;
        if (publication != null)
        {
            CloseHelper.quietClose(publication);
        }
        else if (refused != Refused.PUBLICATION)
        {
            streams.aeron().asyncRemovePublication(publicationRegistrationId);
        }
        if (reply != null)
        {
            CloseHelper.quietClose(reply);
        }
        else if (refused != Refused.REPLY)
        {
            streams.aeron().asyncRemoveSubscription(replyRegistrationId);
        }
    }

    private enum Refused
    {
        NONE, REPLY, PUBLICATION
    }
}
