package dev.aeromq.transport;

import io.aeron.FragmentAssembler;
import io.aeron.Subscription;

/**
 * Engine-thread state of an endpoint a socket connected to: its link (publication to the binder),
 * the reply subscription the binder answers on, and the handshake state. The link is active, and
 * knows the binder's session id, from WELCOME until the binder goes away.
 */
final class Connection
{
    final SocketHandler handler;
    final Endpoint endpoint;
    final Subscription replySubscription;
    final String replyChannel;
    final int replyStreamId;
    final Link link;
    final FragmentAssembler assembler;

    /** True while its socket reads other streams too: then polling interleaves them fairly. */
    boolean sharesSocket;

    long nextHelloNs;
    boolean rejected;

    Connection(
        final Engine engine,
        final SocketHandler handler,
        final Endpoint endpoint,
        final Subscription replySubscription,
        final String replyChannel,
        final int replyStreamId,
        final Link link)
    {
        this.handler = handler;
        this.endpoint = endpoint;
        this.replySubscription = replySubscription;
        this.replyChannel = replyChannel;
        this.replyStreamId = replyStreamId;
        this.link = link;
        this.assembler = new FragmentAssembler(
            (buffer, offset, length, header) -> engine.onConnectionFrame(this, buffer, offset, length, header));
    }
}
