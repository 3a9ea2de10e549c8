package dev.aeromq.transport;

import dev.aeromq.codec.FanOutOffer;
import io.aeron.Subscription;

import java.util.ArrayList;
import java.util.List;

/**
 * The shared streams of one socket (docs/architecture.md, "Fan-out"): a PUB's, one per endpoint it
 * bound ({@link FanOutPublication}), and a SUB's, one per PUB that offered one ({@link FanOutSubscription}).
 * A SUB's peer joins only once the SUB reads the PUB's stream; one that leaves before never joined.
 * <p>
 * Engine-confined: used only under its socket's {@link SocketStreams} lock.
 */
final class FanOuts
{
    private final SocketStreams streams;
    private final ArrayList<FanOutPublication> publications = new ArrayList<>();
    private final ArrayList<FanOutSubscription> subscriptions = new ArrayList<>();
    private int reading;

    FanOuts(final SocketStreams streams)
    {
        this.streams = streams;
    }

    /**
     * A socket bound an endpoint: a PUB that shares a stream opens one for it.
     *
     * @param binding the new binding.
     * @param nowNs   the duty cycle's time.
     */
    void bound(final Binding binding, final long nowNs)
    {
        final SocketHandler handler = streams.handler();
        if (!handler.sharesStream())
        {
            return;
        }
        try
        {
            final FanOutPublication publication =
                FanOutPublication.open(streams, binding, handler.waitsForSlowPeers(), nowNs);
            if (publication != null)
            {
                publications.add(publication);
            }
        }
        catch (final RuntimeException ex)
        {
            streams.settings().report(new IllegalStateException("cannot share one stream among the SUBs of " +
                binding.uri() + "; each is sent to on its link: " + ex.getMessage(), ex));
        }
    }

    /**
     * @param binding a binding of this socket.
     * @return its shared stream (which may not be ready yet), or null if it has none.
     */
    FanOutPublication of(final Binding binding)
    {
        for (int i = 0, n = publications.size(); i < n; i++)
        {
            final FanOutPublication publication = publications.get(i);
            if (publication.binding() == binding && !publication.isClosed())
            {
                return publication;
            }
        }
        return null;
    }

    /**
     * A SUB's PUB welcomed it: read its shared stream, or join at once if it offers none.
     *
     * @param session            the new session.
     * @param peer               the PUB, as its Welcome named it.
     * @param peerMaxMessageSize the PUB's limit.
     * @param prefixes           the Welcome's.
     * @param offer              the Welcome's shared stream.
     * @param target             the endpoint the SUB connected to.
     */
    void joinOrAttach(
        final Session session,
        final TransportSettings.Candidate peer,
        final long peerMaxMessageSize,
        final List<byte[]> prefixes,
        final FanOutOffer offer,
        final Endpoint target)
    {
        if (!offer.isShared())
        {
            streams.roster().join(session, peer, peerMaxMessageSize, prefixes);
            return;
        }
        final String channel = FanOutChannels.subscription(target, offer);
        if (channel == null)
        {
            streams.settings().report(new IllegalStateException("the SUB cannot read the " + offer.kind() +
                " shared stream " + session.link() + " offers through " + target.uri() + "; connect with " +
                "the same form of endpoint the PUB bound (ipc://, udp://HOST:PORT or udp://GROUP:PORT?interface=)"));
            session.fail(LeaveReason.STREAM_LOST);
            return;
        }
        subscriptions.add(new FanOutSubscription(
            streams, session, peer, offer, channel, peerMaxMessageSize, prefixes, streams.nowNs()));
    }

    /**
     * A peer leaves.
     *
     * @param session its session.
     * @param reason  why.
     * @return false if it never joined (a SUB still waiting for its PUB's stream): nothing more to do.
     */
    boolean onLeave(final Session session, final LeaveReason reason)
    {
        for (int i = 0, n = subscriptions.size(); i < n; i++)
        {
            final FanOutSubscription subscription = subscriptions.get(i);
            if (subscription.session() == session && subscription.state() != FanOutSubscription.State.DRAINING)
            {
                return subscription.onLeave(reason, streams.nowNs());
            }
        }
        return true;
    }

    /**
     * A PUB's Heartbeat named its shared stream's position.
     *
     * @param session  the link to the PUB.
     * @param position the stream's position, or {@link dev.aeromq.codec.WireWriter#NO_FAN_OUT_POSITION}.
     */
    void onStreamPosition(final Session session, final long position)
    {
        for (int i = 0, n = subscriptions.size(); i < n; i++)
        {
            final FanOutSubscription subscription = subscriptions.get(i);
            if (subscription.session() == session)
            {
                subscription.onStreamPosition(position);
            }
        }
    }

    /**
     * @param nowNs the duty cycle's time.
     * @return work done.
     */
    int onTimer(final long nowNs)
    {
        int work = 0;
        for (int i = publications.size() - 1; i >= 0; i--)
        {
            final FanOutPublication publication = publications.get(i);
            if (publication.binding().state() == Binding.State.CLOSED)
            {
                publication.close();
            }
            work += publication.doWork(nowNs);
            if (publication.isClosed())
            {
                publications.remove(i);
            }
        }
        int readingNow = 0;
        for (int i = subscriptions.size() - 1; i >= 0; i--)
        {
            final FanOutSubscription subscription = subscriptions.get(i);
            work += subscription.doWork(nowNs);
            if (subscription.state() == FanOutSubscription.State.CLOSED)
            {
                subscriptions.remove(i);
            }
            else if (subscription.reading() != null)
            {
                readingNow++;
            }
        }
        reading = readingNow;
        return work;
    }

    /**
     * One pass of fair polling over the shared streams the SUB reads.
     *
     * @param poller the socket's.
     * @param limit  most fragments per stream.
     * @return fragments read.
     */
    int poll(final FairPoller poller, final int limit)
    {
        int fragments = 0;
        for (int i = 0, n = subscriptions.size(); i < n; i++)
        {
            final FanOutSubscription fanOut = subscriptions.get(i);
            final Subscription subscription = fanOut.reading();
            if (subscription != null)
            {
                fragments += poller.poll(subscription, fanOut, limit, reading == 1);
            }
        }
        return fragments;
    }

    /**
     * Release every shared stream: the socket is closing.
     */
    void closeAll()
    {
        for (final FanOutPublication publication : publications)
        {
            publication.close();
        }
        for (final FanOutSubscription subscription : subscriptions)
        {
            subscription.close();
        }
        publications.clear();
        subscriptions.clear();
        reading = 0;
    }
}
