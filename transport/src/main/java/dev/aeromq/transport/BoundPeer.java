package dev.aeromq.transport;

import dev.aeromq.codec.sbe.SocketType;
import io.aeron.ExclusivePublication;
import io.aeron.exceptions.RegistrationException;
import org.agrona.CloseHelper;

import java.util.List;

/**
 * A connector as its binder sees it, from its Hello until it leaves: a state machine whose
 * transitions all live here.
 * <pre>
 *   Hello --> OPENING --(reply publication connected)--> ANSWERING --(Welcome sent)--> LINKED --(leave)--> CLOSED
 *                |                                           |
 *                +--(handshake deadline)--> CLOSED           +--(Reject sent, or deadline)--> CLOSED
 * </pre>
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
        /** Left, refused or given up on; its binding forgets it. */
        CLOSED
    }

    private final Binding binding;
    private final int sessionId;
    private final SocketType peerType;
    private final long nonce;
    private final long peerMaxMessageSize;
    private final List<byte[]> prefixes;
    private final String refusal;
    private final long registrationId;
    private final long deadlineNs;
    private ExclusivePublication publication;
    private Link link;
    private Session session;
    private State state = State.OPENING;

    /**
     * @param binding        it came through.
     * @param sessionId      Aeron session id of the connector's stream.
     * @param peerType       the connector's role.
     * @param nonce          of its Hello, echoed in the answer.
     * @param maxMessageSize the connector's limit, from its Hello.
     * @param prefixes       a SUB's prefixes from the Hello.
     * @param refusal        why it cannot join whatever the socket says (version, role), or null.
     * @param registrationId of the reply publication being added.
     * @param deadlineNs     when the handshake is given up.
     */
    BoundPeer(
        final Binding binding,
        final int sessionId,
        final SocketType peerType,
        final long nonce,
        final long maxMessageSize,
        final List<byte[]> prefixes,
        final String refusal,
        final long registrationId,
        final long deadlineNs)
    {
        this.binding = binding;
        this.sessionId = sessionId;
        this.peerType = peerType;
        this.nonce = nonce;
        this.peerMaxMessageSize = maxMessageSize;
        this.prefixes = prefixes;
        this.refusal = refusal;
        this.registrationId = registrationId;
        this.deadlineNs = deadlineNs;
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
        final String reason = refusal != null ? refusal : handler.admit(peerType);
        if (reason != null)
        {
            if (link.offerReject(handler.type(), handler.socketId(), nonce, reason) > 0 || nowNs - deadlineNs > 0)
            {
                close();
            }
            return 1;
        }
        if (link.offerWelcome(handler.type(), handler.socketId(), nonce, handler.maxMessageSize(),
            handler.handshakePrefixes()) > 0)
        {
            session = new Session(link, sessionId, nowNs, streams.settings().heartbeatIntervalNs());
            state = State.LINKED;
            streams.join(session, peerMaxMessageSize, prefixes);
            return 1;
        }
        return giveUpAfterDeadline(nowNs);
    }

    private int keepAlive(final long nowNs)
    {
        final SocketStreams streams = binding.streams();
        final LeaveReason reason = session.doWork(nowNs, !binding.hasImage(sessionId), streams);
        if (reason != null)
        {
            leave(reason);
            return 1;
        }
        return 0;
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
            binding.streams().leave(session, reason);
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
