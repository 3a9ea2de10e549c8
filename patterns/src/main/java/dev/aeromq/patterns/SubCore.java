package dev.aeromq.patterns;

import dev.aeromq.codec.DataView;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.transport.EngineProxy;
import dev.aeromq.transport.Link;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * SUB: holds counted prefixes, tells each PUB when a prefix comes or goes (the PUB filters), and
 * filters again on arrival so that an unsubscribe takes effect at once, locally.
 */
public final class SubCore extends SocketCore implements ReceivingCore
{
    private final TopicFilter filter = new TopicFilter();

    /**
     * @param engine   that moves the socket's messages.
     * @param defaults option values.
     */
    public SubCore(final EngineProxy engine, final SocketDefaults defaults)
    {
        super(engine, SocketType.SUB, defaults);
        open(new DeliveringHandler(this)
        {
            @Override
            public void onPeerJoined(final Link link)
            {
                super.onPeerJoined(link);
                // The handshake carried the prefixes of its moment; send all again (the PUB keeps a set)
                // to cover a subscribe that raced with it.
                for (final byte[] prefix : filter.active())
                {
                    link.offerPrefix(true, prefix);
                }
            }

            @Override
            boolean wanted(final Link link, final DataView header)
            {
                return filter.matches(header);
            }

            @Override
            public List<byte[]> handshakePrefixes()
            {
                return filter.active();
            }
        });
    }

    /**
     * @param prefix to add; counted, so two subscribes need two unsubscribes.
     */
    public void subscribe(final String prefix)
    {
        ensureOpen();
        if (filter.add(prefix))
        {
            tellPublishers(true, prefix);
        }
    }

    /**
     * @param prefix to drop one subscription of; unknown prefixes are ignored.
     */
    public void unsubscribe(final String prefix)
    {
        ensureOpen();
        if (filter.remove(prefix))
        {
            tellPublishers(false, prefix);
        }
    }

    /**
     * Tell every PUB, on the duty thread so it is ordered with handshakes.
     */
    private void tellPublishers(final boolean add, final String prefix)
    {
        final byte[] bytes = prefix.getBytes(StandardCharsets.UTF_8);
        executeOnDuty(() ->
        {
            int refused = 0;
            for (final Link link : peers.snapshot())
            {
                refused += link.offerPrefix(add, bytes) < 0 && link.isActive() ? 1 : 0;
            }
            if (refused > 0)
            {
                throw new IllegalStateException("could not tell " + refused + " PUB peers of the SUB socket to " +
                    (add ? "add" : "drop") + " prefix '" + prefix + "': their streams push back");
            }
        });
    }

    @Override
    public InboundMessage receive(final Timeout timeout)
    {
        return takeOrThrow(timeout);
    }

    @Override
    public InboundMessage tryReceive(final Timeout timeout)
    {
        return take(timeout);
    }
}
