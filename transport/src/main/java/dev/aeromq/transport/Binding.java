package dev.aeromq.transport;

import dev.aeromq.codec.sbe.SocketType;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.List;

/**
 * Engine-thread state of an endpoint a socket bound: the subscription every connector publishes to,
 * and one link per accepted peer, keyed by the Aeron session id of the peer's publication.
 */
final class Binding
{
    final SocketHandler handler;
    final Endpoint endpoint;
    final Subscription subscription;
    final FragmentAssembler assembler;
    final Int2ObjectHashMap<Link> links = new Int2ObjectHashMap<>();
    final Int2ObjectHashMap<PendingPeer> pending = new Int2ObjectHashMap<>();

    /** True while its socket reads other streams too: then polling interleaves them fairly. */
    boolean sharesSocket;

    Binding(final Engine engine, final SocketHandler handler, final Endpoint endpoint, final Subscription subscription)
    {
        this.handler = handler;
        this.endpoint = endpoint;
        this.subscription = subscription;
        this.assembler = new FragmentAssembler(
            (buffer, offset, length, header) -> engine.onBindingFrame(this, buffer, offset, length, header));
    }

    /**
     * A connector whose HELLO arrived, while the publication back to it is being set up.
     */
    static final class PendingPeer
    {
        final int sessionId;
        final SocketType peerType;
        final List<byte[]> subscriptions;
        final String rejectReason;
        final String replyChannel;
        final long registrationId;
        final long deadlineNs;
        Link link;

        PendingPeer(
            final int sessionId,
            final SocketType peerType,
            final List<byte[]> subscriptions,
            final String rejectReason,
            final String replyChannel,
            final long registrationId,
            final long deadlineNs)
        {
            this.sessionId = sessionId;
            this.peerType = peerType;
            this.subscriptions = subscriptions;
            this.rejectReason = rejectReason;
            this.replyChannel = replyChannel;
            this.registrationId = registrationId;
            this.deadlineNs = deadlineNs;
        }
    }
}
