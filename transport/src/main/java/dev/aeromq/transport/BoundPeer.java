package dev.aeromq.transport;

import dev.aeromq.codec.FanOutOffer;
import dev.aeromq.codec.Liveness;
import dev.aeromq.codec.sbe.SocketType;
import io.aeron.ExclusivePublication;
import io.aeron.exceptions.RegistrationException;
import org.agrona.CloseHelper;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A connector as its binder sees it, from its Hello until it leaves: a state machine whose
 * transitions all live here.
 * <pre>
 *   Hello --> OPENING --(reply publication connected)--> ANSWERING --(Welcome sent)--> LINKED --(leave)--> CLOSED
 *                |                                           |                          |    ^
 *                +--(handshake deadline)--> CLOSED           +--(Reject sent,  (silent) v    | (heard again)
 *                                                                 or deadline)      DORMANT --(stream gone,
 *                                                                     --> CLOSED              or 10 s)--> CLOSED
 * </pre>
 * A peer silent for the peer timeout leaves, but while Aeron still has its stream it is kept
 * DORMANT: its publication and half-received message stay, so if the silence was a partition that
 * heals (before Aeron drops the stream), it joins again and what either side sent meanwhile is
 * delivered — nothing accepted is lost.
 * The admission policy, if the application set one, runs on a virtual thread while the publication
 * opens, so user code never holds up the engine; the answer waits for both. A peer is refused (a
 * Reject with the reason, counted) for another protocol version, a role that does not pair, the
 * policy's no, the socket's {@code maxPeers}, or the pattern's own rule (a PAIR has its peer).
 * Engine-confined: used only under its socket's {@link SocketStreams} lock.
 */
final class BoundPeer
{
    /** Where the handshake with this connector stands. */
    enum State
    {
        /** The publication back to the connector is being added, then waits to connect. */
        OPENING,
        /** It is connected: the Welcome or Reject goes out, retried while the stream pushes back. */
        ANSWERING,
        /** The peer joined; its {@link Session} reads what it sends. */
        LINKED,
        /** It fell silent and left; kept, with its stream, in case it is heard from again. */
        DORMANT,
        /** Left, refused or given up on; its binding forgets it. */
        CLOSED
    }

    private static final Executor ADMISSION_THREADS = (task) -> Thread.ofVirtual().name("aeromq-admission").start(task);
    private static final String UNDECIDED = "(the admission policy has not answered yet)";
    /** How long a silent peer is kept for a partition to heal: Aeron's default image liveness timeout. */
    private static final long DORMANT_LIMIT_NS = TimeUnit.SECONDS.toNanos(10);

    private final Binding binding;
    private final int sessionId;
    private final TransportSettings.Candidate candidate;
    private final SocketType peerType;
    private final long nonce;
    private final long peerMaxMessageSize;
    private final Liveness peerLiveness;
    private final List<byte[]> prefixes;
    private final String refusal;
    private final long registrationId;
    private final long deadlineNs;
    private final CompletableFuture<Boolean> admitted;
    private long dormantSinceNs;
    private ExclusivePublication publication;
    private Link link;
    private Session session;
    private State state = State.OPENING;

    /**
     * @param binding        it came through.
     * @param sessionId      Aeron session id of the connector's stream.
     * @param candidate      the connector as the network presents it.
     * @param nonce          of its Hello, echoed in the answer.
     * @param maxMessageSize the connector's limit, from its Hello.
     * @param liveness       the connector's heartbeat interval and peer timeout, from its Hello.
     * @param prefixes       a SUB's prefixes from the Hello.
     * @param refusal        why it cannot join whatever the socket says (version, role), or null.
     * @param registrationId of the reply publication being added.
     * @param deadlineNs     when the handshake is given up.
     */
    BoundPeer(
        final Binding binding,
        final int sessionId,
        final TransportSettings.Candidate candidate,
        final long nonce,
        final long maxMessageSize,
        final Liveness liveness,
        final List<byte[]> prefixes,
        final String refusal,
        final long registrationId,
        final long deadlineNs)
    {
        this.binding = binding;
        this.sessionId = sessionId;
        this.candidate = candidate;
        this.peerType = candidate.type();
        this.nonce = nonce;
        this.peerMaxMessageSize = maxMessageSize;
        this.peerLiveness = liveness;
        this.prefixes = prefixes;
        this.refusal = refusal;
        this.registrationId = registrationId;
        this.deadlineNs = deadlineNs;
        final var policy = binding.streams().settings().admission();
        final boolean ask = refusal == null && policy != TransportSettings.ADMIT_ALL;
        this.admitted = ask ? CompletableFuture.supplyAsync(() -> policy.test(candidate), ADMISSION_THREADS) : null;
    }

    /**
     * @return the host its stream comes from, or null for IPC.
     */
    String source()
    {
        return HandshakeGate.host(candidate.address());
    }

    /**
     * @return true while the handshake is under way (it counts against the binding's limits).
     */
    boolean isHandshaking()
    {
        return state == State.OPENING || state == State.ANSWERING;
    }

    State state()
    {
        return state;
    }

    long nonce()
    {
        return nonce;
    }

    Session session()
    {
        return session;
    }

    /**
     * @param nowNs the duty cycle's time.
     * @return work done.
     */
    int doWork(final long nowNs)
    {
        return switch (state)
        {
            case OPENING -> open(nowNs);
            case ANSWERING -> answer(nowNs);
            case LINKED -> keepAlive(nowNs);
            case DORMANT -> giveUpDormant(nowNs);
            case CLOSED -> 0;
        };
    }

    private int open(final long nowNs)
    {
        final SocketStreams streams = binding.streams();
        if (publication == null)
        {
            try
            {
                publication = streams.aeron().getExclusivePublication(registrationId);
            }
            catch (final RegistrationException ex)
            {
                state = State.CLOSED;
                streams.settings().report(new IllegalStateException(
                    "cannot answer a " + peerType + " peer of " + binding.uri() + ": " + ex.getMessage(), ex));
                return 1;
            }
            if (publication == null)
            {
                return giveUpAfterDeadline(nowNs);
            }
            link = new Link(publication, peerType, peerType + " peer of " + binding.uri(),
                streams.settings().attachmentThreshold());
        }
        if (!publication.isConnected())
        {
            return giveUpAfterDeadline(nowNs);
        }
        state = State.ANSWERING;
        return 1 + answer(nowNs);
    }

    private int answer(final long nowNs)
    {
        final SocketStreams streams = binding.streams();
        final SocketHandler handler = streams.handler();
        final String reason = refusal(streams, nowNs);
        if (reason == UNDECIDED)
        {
            return 0;
        }
        if (reason != null)
        {
            if (link.controls().offerReject(handler.type(), handler.socketId(), nonce, reason) > 0 ||
                nowNs - deadlineNs > 0)
            {
                streams.roster().refused(candidate, reason);
                close();
            }
            return 1;
        }
        final Liveness liveness = streams.settings().liveness();
        final FanOutPublication fanOut = streams.fanOuts().of(binding);
        if (fanOut != null && !fanOut.isReady())
        {
            return giveUpAfterDeadline(nowNs); // its shared stream is still being added
        }
        if (link.controls().offerWelcome(handler.type(), handler.socketId(), nonce, handler.maxMessageSize(), liveness,
            handler.handshakePrefixes(), fanOut == null ? FanOutOffer.NONE : fanOut.offer()) > 0)
        {
            link.fanOut(fanOut);
            session = new Session(link, sessionId, nowNs, liveness.agree(peerLiveness), link::heartbeat);
            state = State.LINKED;
            streams.roster().join(session, candidate, peerMaxMessageSize, prefixes);
            return 1;
        }
        return giveUpAfterDeadline(nowNs);
    }

    /**
     * @return null to admit the peer, the reason to refuse it, or {@link #UNDECIDED} while the
     * admission policy has not answered.
     */
    private String refusal(final SocketStreams streams, final long nowNs)
    {
        if (refusal != null)
        {
            return refusal;
        }
        if (admitted != null)
        {
            if (!admitted.isDone())
            {
                return nowNs - deadlineNs > 0 ? "the admission policy of " + binding.uri() +
                    " did not answer within the handshake deadline" : UNDECIDED;
            }
            final String policyRefusal = policyRefusal();
            if (policyRefusal != null)
            {
                return policyRefusal;
            }
        }
        final int maxPeers = streams.settings().maxPeers();
        if (streams.roster().count() >= maxPeers)
        {
            return "the " + streams.handler().type() + " socket at " + binding.uri() + " has its maximum of " +
                maxPeers + " peers (maxPeers)";
        }
        return streams.handler().admit(peerType);
    }

    private String policyRefusal()
    {
        try
        {
            return admitted.join() ? null : "refused by the admission policy of " + binding.uri();
        }
        catch (final RuntimeException ex)
        {
            final Throwable failure = ex.getCause() != null ? ex.getCause() : ex;
            binding.streams().settings().report(failure);
            return "the admission policy of " + binding.uri() + " failed: " + failure;
        }
    }

    private int keepAlive(final long nowNs)
    {
        final SocketStreams streams = binding.streams();
        final LeaveReason reason = session.doWork(nowNs, !binding.hasImage(sessionId), streams);
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

    private int giveUpDormant(final long nowNs)
    {
        if (!binding.hasImage(sessionId) || session.peerEndedItsStream() ||
            nowNs - dormantSinceNs > DORMANT_LIMIT_NS)
        {
            session.close(); // a message it was sending will never complete
            close();
            return 1;
        }
        return 0;
    }

    /**
     * The dormant peer was heard from: it joins again where it left off.
     */
    void resume()
    {
        if (state == State.DORMANT)
        {
            state = State.LINKED;
            binding.streams().roster().resume(session);
        }
    }

    private int giveUpAfterDeadline(final long nowNs)
    {
        if (nowNs - deadlineNs > 0)
        {
            close();
            return 1;
        }
        return 0;
    }

    /**
     * The peer leaves (LINKED), or the handshake is abandoned (any earlier state).
     *
     * @param reason why.
     */
    void leave(final LeaveReason reason)
    {
        if (state == State.LINKED)
        {
            binding.streams().roster().leave(session, reason);
        }
        else if (state == State.DORMANT)
        {
            session.close(); // it left already; a message it was sending will never complete
        }
        close();
    }

    private void close()
    {
        if (state == State.CLOSED)
        {
            return;
        }
        state = State.CLOSED;
        if (publication != null)
        {
            CloseHelper.quietClose(publication);
        }
        else
        {
            binding.streams().aeron().asyncRemovePublication(registrationId);
        }
    }
}
