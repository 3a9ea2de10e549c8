package dev.aeromq.patterns;

import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.transport.Deadlines;
import dev.aeromq.transport.DropReason;
import dev.aeromq.transport.EngineProxy;
import dev.aeromq.transport.Failure;
import dev.aeromq.transport.Failures;
import dev.aeromq.transport.FanOutPublication;
import dev.aeromq.transport.LeaveReason;
import dev.aeromq.transport.Link;
import dev.aeromq.transport.TransportSettings;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Map;

/**
 * PUB. The SUBs of an endpoint it bound read one shared stream (docs/architecture.md, "Fan-out"): each
 * message is written there once if any of them wants its topic, and each SUB filters for itself. Other
 * SUBs (those it connected to, or all with {@code FanOut.PER_SUBSCRIBER}) are filtered here and sent their
 * own copy on their link. A subscriber that cannot keep up misses messages (ZeroMQ semantics) unless the
 * publisher was configured to wait.
 */
public final class PubCore extends SocketCore
{
    private final boolean waitForSlowSubscribers;
    private final boolean sharedFanOut;
    private final Subscribers subscribers = new Subscribers();
    private final FanOutGroups shared = new FanOutGroups();
    private final long stallLimitNs;

    /**
     * How long a dropping PUB retries a message its shared stream pushes back on before it drops it for every
     * SUB: the stream pushes back only until a SUB that stopped reading drops to a quarter term behind or is
     * cut loose by Aeron (IPC: untethered after 100 ms, checked by the driver every 50 ms), so a SUB that keeps
     * up does not lose messages to a slow one.
     */
    private static final long SHARED_PUSH_BACK_NS = 200_000_000L;

    /**
     * @param engine   that moves the socket's messages.
     * @param defaults option values.
     */
    public PubCore(final EngineProxy engine, final SocketDefaults defaults)
    {
        super(engine, SocketType.PUB, defaults);
        this.waitForSlowSubscribers = defaults.publisherWaits();
        this.sharedFanOut = defaults.sharedFanOut();
        this.stallLimitNs = defaults.stallLimitNs();
        open(new DeliveringHandler.SendOnly(this)
        {
            @Override
            public boolean onPrefix(final Link link, final boolean add, final byte[] prefix)
            {
                if (!subscribers.onPrefix(link, add, prefix))
                {
                    return false;
                }
                shared.onPrefix(link, add, prefix);
                return true;
            }

            @Override
            public void onPeerJoined(final Link link)
            {
                if (link.fanOut() != null)
                {
                    shared.pending(link); // counts once it reads the shared stream
                    return;
                }
                subscribers.join(link);
                super.onPeerJoined(link);
            }

            @Override
            public void onSubscriberAttached(final Link link)
            {
                if (shared.attach(link))
                {
                    super.onPeerJoined(link);
                }
            }

            @Override
            public void onPeerLeft(final Link link, final LeaveReason reason)
            {
                final boolean counted = link.fanOut() == null || shared.leave(link);
                if (counted)
                {
                    super.onPeerLeft(link, reason);
                }
                subscribers.leave(link);
            }

            @Override
            public boolean sharesStream()
            {
                return sharedFanOut;
            }

            @Override
            public boolean waitsForSlowPeers()
            {
                return waitForSlowSubscribers;
            }
        });
    }

    /**
     * Publish to every subscriber whose prefixes match the topic.
     *
     * @param topic    UTF-8 topic bytes.
     * @param frames   the frames.
     * @param metadata the metadata.
     * @param timeout  how long a waiting publisher waits for a slow subscriber.
     */
    public void publish(
        final byte[] topic, final DirectBuffer[] frames, final Map<String, String> metadata, final Timeout timeout)
    {
        ensureOpen();
        final long size = sending.checkSize(frames);
        final boolean waits = waitForSlowSubscribers && !timeout.isZero();
        final UnsafeBuffer topicBytes = new UnsafeBuffer(topic); // never escapes: the JIT can scalar-replace it
        for (final FanOutGroups.Group group : shared.snapshot())
        {
            if (group.wants(topicBytes, 0, topic.length))
            {
                if (waits)
                {
                    waitForShared(group.publication(), topic, frames, metadata, size, timeout);
                }
                else
                {
                    dropOrSendShared(group.publication(), topic, frames, metadata, size);
                }
            }
        }
        for (final Subscribers.Subscriber subscriber : subscribers.snapshot())
        {
            if (subscriber.prefixes().matches(topicBytes, 0, topic.length))
            {
                if (waits)
                {
                    sending.to(subscriber.link(), 0, topic, frames, metadata, timeout);
                }
                else
                {
                    dropIfSlow(subscriber.link(), topic, frames, metadata, size);
                }
            }
        }
    }

    private void dropOrSendShared(
        final FanOutPublication publication,
        final byte[] topic,
        final DirectBuffer[] frames,
        final Map<String, String> metadata,
        final long size)
    {
        final long deadline = System.nanoTime() + Math.min(SHARED_PUSH_BACK_NS, stallLimitNs);
        int attempt = 0;
        Link.SendResult result;
        while ((result = publication.send(topic, frames, metadata, size, Deadlines.NONE, stallLimitNs)) ==
            Link.SendResult.REFUSED && !Deadlines.passed(deadline))
        {
            Deadlines.backoff(attempt++);
        }
        switch (result) // the shared stream has no one peer: a drop there is every SUB's
        {
            case SENT -> observer().sent(size);
            case REFUSED -> observer().dropped((TransportSettings.Candidate)null, DropReason.HIGH_WATER_MARK);
            case TIMED_OUT -> observer().dropped((TransportSettings.Candidate)null, DropReason.SEND_TIMEOUT);
            case LOST -> observer().dropped((TransportSettings.Candidate)null, DropReason.PEER_GONE);
        }
    }

    /**
     * A waiting publisher: until the shared stream takes the message, which it does once every SUB reading
     * it has room (their subscriptions hold the stream), or the timeout passes (then no SUB gets it).
     */
    private void waitForShared(
        final FanOutPublication publication,
        final byte[] topic,
        final DirectBuffer[] frames,
        final Map<String, String> metadata,
        final long size,
        final Timeout timeout)
    {
        final long deadline = timeout.deadline();
        int attempt = 0;
        while (true)
        {
            ensureOpen();
            if (Thread.currentThread().isInterrupted())
            {
                throw Failures.of(Failure.Kind.CLOSED, "interrupted while publishing on the PUB socket");
            }
            switch (publication.send(topic, frames, metadata, size, deadline, 0))
            {
                case SENT, LOST ->
                {
                    return;
                }
                case TIMED_OUT -> throw Failures.of(Failure.Kind.TIMEOUT, "publish timed out after " + timeout +
                    " in the middle of a message on " + publication + ": a SUB stopped taking its chunks; the " +
                    "part sent is discarded by the SUBs and nothing was delivered");
                case REFUSED ->
                {
                    if (Deadlines.passed(deadline))
                    {
                        return;
                    }
                    Deadlines.backoff(attempt++);
                }
            }
        }
    }

    /**
     * ZeroMQ's rule: a subscriber that cannot take the message now misses it, whole. One that took
     * the start of a message longer than one wire message is given the rest as fast as it takes it; if
     * it takes nothing for the stall limit (measured from its last progress, not from the start of the
     * message), it misses the message (its part is discarded at the subscriber).
     */
    private void dropIfSlow(
        final Link link,
        final byte[] topic,
        final DirectBuffer[] frames,
        final Map<String, String> metadata,
        final long size)
    {
        if (link.peerMaxMessageSize() < size)
        {
            observer().dropped(link, DropReason.TOO_LARGE); // that subscriber takes no message this large
            return;
        }
        switch (link.send(0, topic, frames, metadata, size, Deadlines.NONE, stallLimitNs))
        {
            case SENT -> observer().sent(size);
            case REFUSED ->
                observer().dropped(link, link.isActive() ? DropReason.HIGH_WATER_MARK : DropReason.PEER_GONE);
            case TIMED_OUT -> observer().dropped(link, DropReason.SEND_TIMEOUT);
            case LOST -> observer().dropped(link, DropReason.PEER_GONE);
        }
    }
}
