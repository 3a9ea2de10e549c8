package dev.aeromq.patterns;

import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.transport.DataFrame;
import dev.aeromq.transport.Engine;
import dev.aeromq.transport.InboundMessage;
import dev.aeromq.transport.Link;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * SUB: holds counted prefixes, tells each PUB when a prefix comes or goes (the PUB filters), and
 * filters again on arrival so that an unsubscribe takes effect at once, locally.
 */
public final class SubCore extends SocketCore implements Receiver
{
    private final ReentrantLock countsLock = new ReentrantLock();
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private volatile byte[][] active = new byte[0][];

    /**
     * @param engine   that moves the socket's messages.
     * @param defaults option values.
     */
    public SubCore(final Engine engine, final SocketDefaults defaults)
    {
        super(engine, SocketType.SUB, defaults);
    }

    /**
     * @param prefix to add; counted, so two subscribes need two unsubscribes.
     */
    public void subscribe(final String prefix)
    {
        ensureOpen();
        final boolean first;
        countsLock.lock();
        try
        {
            first = counts.merge(prefix, 1, Integer::sum) == 1;
            if (first)
            {
                rebuild();
            }
        }
        finally
        {
            countsLock.unlock();
        }
        if (first)
        {
            broadcast(true, prefix.getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * @param prefix to drop one subscription of; unknown prefixes are ignored.
     */
    public void unsubscribe(final String prefix)
    {
        ensureOpen();
        final boolean last;
        countsLock.lock();
        try
        {
            final Integer count = counts.get(prefix);
            if (count == null)
            {
                return;
            }
            last = count == 1;
            if (last)
            {
                counts.remove(prefix);
                rebuild();
            }
            else
            {
                counts.put(prefix, count - 1);
            }
        }
        finally
        {
            countsLock.unlock();
        }
        if (last)
        {
            broadcast(false, prefix.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void rebuild()
    {
        final byte[][] next = new byte[counts.size()][];
        int i = 0;
        for (final String prefix : counts.keySet())
        {
            next[i++] = prefix.getBytes(StandardCharsets.UTF_8);
        }
        active = next;
    }

    /**
     * Tell every PUB, on the engine thread so it is ordered with handshakes.
     */
    private void broadcast(final boolean subscribe, final byte[] prefix)
    {
        engine.execute(() ->
        {
            for (final Link link : peers())
            {
                if (link.offerSubscription(subscribe, prefix) < 0 && link.isActive())
                {
                    engine.report(new IllegalStateException("could not tell " + link + " to " +
                        (subscribe ? "subscribe to" : "unsubscribe from") + " '" +
                        new String(prefix, StandardCharsets.UTF_8) + "': its stream pushes back"));
                }
            }
        });
    }

    @Override
    public List<byte[]> handshakeSubscriptions()
    {
        return List.of(active);
    }

    @Override
    public void onPeerJoined(final Link link)
    {
        super.onPeerJoined(link);
        // The handshake carried the prefixes of its moment; resend all (the PUB keeps a set) to
        // cover a subscribe that raced with it.
        for (final byte[] prefix : active)
        {
            link.offerSubscription(true, prefix);
        }
    }

    @Override
    public void onData(final Link link, final DataFrame frame)
    {
        for (final byte[] prefix : active)
        {
            if (frame.topicStartsWith(prefix))
            {
                inbox.add(frame.copy(link));
                return;
            }
        }
    }

    /**
     * @param timeoutNs negative for forever, 0 to not wait.
     * @param orTimeout throw at the deadline instead of returning null.
     * @return the next message.
     */
    @Override
    public InboundMessage receive(final long timeoutNs, final boolean orTimeout)
    {
        return take(timeoutNs, orTimeout);
    }
}
