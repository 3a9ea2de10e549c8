package dev.aeromq.patterns;

import dev.aeromq.codec.DataView;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.transport.Deadlines;
import dev.aeromq.transport.EngineProxy;
import dev.aeromq.transport.Failure;
import dev.aeromq.transport.Failures;
import dev.aeromq.transport.Link;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * SUB: holds counted prefixes, tells each PUB when a prefix comes or goes (the PUB filters) and waits
 * for each PUB's confirmation of a new one, and filters again on arrival so that an unsubscribe
 * takes effect at once, locally.
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
     * Add a prefix and wait until every joined PUB has confirmed it, so a message published after this
     * returns is never filtered out at a PUB for want of it.
     *
     * @param prefix  to add; counted, so two subscribes need two unsubscribes.
     * @param timeout how long to wait for the confirmations.
     * @throws RuntimeException of kind TIMEOUT if a PUB did not confirm in time (the prefix stays: it
     *                          takes effect there when that PUB catches up).
     */
    public void subscribe(final String prefix, final Timeout timeout)
    {
        ensureOpen();
        if (filter.add(prefix))
        {
            final long deadlineNs = timeout.deadline();
            awaitConfirmed(tellPublishers(true, prefix), prefix, timeout, deadlineNs);
        }
    }

    /**
     * @param prefix to drop one subscription of; unknown prefixes are ignored. Takes effect locally at
     *               once; the PUBs are told without waiting.
     */
    public void unsubscribe(final String prefix)
    {
        ensureOpen();
        if (filter.remove(prefix))
        {
            tellPublishers(false, prefix);
        }
    }

    /** A Prefix sent to a PUB, and its sequence there. */
    private record Sent(Link link, long sequence)
    {
        boolean confirmed()
        {
            return link.prefixesConfirmed() >= sequence || !link.isActive();
        }
    }

    /**
     * Tell every joined PUB, on the duty thread so it is ordered with handshakes (a PUB that joins
     * meanwhile gets every active prefix then).
     */
    private CompletableFuture<List<Sent>> tellPublishers(final boolean add, final String prefix)
    {
        final byte[] bytes = prefix.getBytes(StandardCharsets.UTF_8);
        final CompletableFuture<List<Sent>> sent = new CompletableFuture<>();
        executeOnDuty(() ->
        {
            final List<Sent> offered = new ArrayList<>();
            int refused = 0;
            for (final Link link : peers.snapshot())
            {
                final long sequence = link.offerPrefix(add, bytes);
                if (sequence > 0)
                {
                    offered.add(new Sent(link, sequence));
                }
                else if (link.isActive())
                {
                    refused++;
                }
            }
            if (refused > 0)
            {
                sent.completeExceptionally(Failures.of(Failure.Kind.SOCKET_STATE, "could not tell " + refused +
                    " PUB peers of the SUB socket to " + (add ? "add" : "drop") + " prefix '" + prefix +
                    "': their streams push back; unsubscribe and subscribe again"));
            }
            else
            {
                sent.complete(offered);
            }
        });
        return sent;
    }

    private void awaitConfirmed(
        final CompletableFuture<List<Sent>> sending, final String prefix, final Timeout timeout, final long deadlineNs)
    {
        final List<Sent> sent = awaitSent(sending, timeout, deadlineNs);
        int attempt = 0;
        for (final Sent one : sent)
        {
            while (!one.confirmed())
            {
                ensureOpen();
                if (Deadlines.passed(deadlineNs))
                {
                    final long unconfirmed = sent.stream().filter(s -> !s.confirmed()).count();
                    throw Failures.of(Failure.Kind.TIMEOUT, "subscribe('" + prefix + "') timed out after " +
                        timeout + " (the SUB socket's send timeout): " + unconfirmed + " of " + sent.size() +
                        " PUB peers have not confirmed it; it stays subscribed and takes effect at them when they " +
                        "catch up");
                }
                Deadlines.backoff(attempt++);
            }
        }
    }

    private List<Sent> awaitSent(
        final CompletableFuture<List<Sent>> sending, final Timeout timeout, final long deadlineNs)
    {
        try
        {
            return deadlineNs == Deadlines.NONE ? sending.get() :
                sending.get(Deadlines.remaining(deadlineNs, Long.MAX_VALUE), TimeUnit.NANOSECONDS);
        }
        catch (final ExecutionException ex)
        {
            throw ex.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(ex.getCause());
        }
        catch (final TimeoutException ex)
        {
            throw Failures.of(Failure.Kind.TIMEOUT, "subscribe timed out after " + timeout +
                " (the SUB socket's send timeout) before its engine could tell the PUBs", ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw Failures.of(Failure.Kind.CLOSED, "interrupted while subscribing", ex);
        }
    }

    @Override
    public InboundMessage receive(final Timeout timeout)
    {
        return receiving.takeOrThrow(timeout);
    }

    @Override
    public InboundMessage tryReceive(final Timeout timeout)
    {
        return receiving.take(timeout);
    }
}
