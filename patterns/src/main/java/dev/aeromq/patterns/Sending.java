package dev.aeromq.patterns;

import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.transport.Deadlines;
import dev.aeromq.transport.DropReason;
import dev.aeromq.transport.Failure;
import dev.aeromq.transport.Failures;
import dev.aeromq.transport.Link;
import org.agrona.DirectBuffer;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A socket's send loops: to the next peer that can take a message (round-robin), or to one given
 * peer, waiting with a deadline while they push back, and the errors a send throws. A message that
 * began may finish within the call's timeout, or, for a call that does not wait to begin
 * ({@link Timeout#ZERO}), within the socket's send timeout.
 * <p>
 * Threads: any number of user threads send at once; each link serialises its own messages.
 */
final class Sending
{
    private final SocketCore core;
    private final RoundRobin roundRobin;
    private final BooleanSupplier isOpen;

    Sending(final SocketCore core)
    {
        this.core = core;
        this.roundRobin = new RoundRobin(core);
        this.isOpen = core::isOpen;
    }

    /**
     * Send to one peer, round-robin over those that can take it, or throw at the timeout.
     *
     * @param correlationId REQ/REP correlation id, 0 otherwise.
     * @param frames        the frames.
     * @param metadata      the metadata.
     * @param timeout       how long to wait.
     * @return the link it went to.
     */
    Link toAnyOrThrow(
        final long correlationId,
        final DirectBuffer[] frames,
        final Map<String, String> metadata,
        final Timeout timeout)
    {
        final Link link = toAny(correlationId, frames, metadata, timeout);
        if (link == null)
        {
            throw timedOut(timeout);
        }
        return link;
    }

    /**
     * Send to one peer, round-robin over those that can take it now, waiting while none can.
     *
     * @param correlationId REQ/REP correlation id, 0 otherwise.
     * @param frames        the frames.
     * @param metadata      the metadata.
     * @param timeout       how long to wait; {@link Timeout#ZERO} tries each peer once.
     * @return the link it went to, or null if no peer took it in time.
     */
    Link toAny(
        final long correlationId,
        final DirectBuffer[] frames,
        final Map<String, String> metadata,
        final Timeout timeout)
    {
        final long size = checkSize(frames);
        final long deadline = timeout.deadline();
        final long finishBy = finishDeadline(timeout, deadline);
        int attempt = 0;
        while (true)
        {
            core.ensureOpen();
            checkInterrupt();
            final Link[] links = core.peers.snapshot();
            final Link link = roundRobin.send(links, correlationId, frames, metadata, size, finishBy);
            if (link != null)
            {
                core.observer().sent(size);
                return link;
            }
            if (timeout.isZero() || Deadlines.passed(deadline))
            {
                return null;
            }
            if (links.length == 0)
            {
                core.peers.awaitAny(deadline, isOpen);
            }
            else
            {
                waitedForBackPressure(attempt);
                Deadlines.backoff(attempt++);
            }
        }
    }

    /**
     * Send to one given peer, waiting while it pushes back. If the peer is gone the message is
     * discarded, as ZeroMQ does with a reply whose requester left.
     *
     * @param link          the peer.
     * @param correlationId REQ/REP correlation id, 0 otherwise.
     * @param topic         topic bytes.
     * @param frames        the frames.
     * @param metadata      the metadata.
     * @param timeout       how long to wait; {@link Timeout#ZERO} tries once.
     * @return true if sent or discarded for a gone peer, false if the peer did not take it in time.
     */
    boolean to(
        final Link link,
        final long correlationId,
        final byte[] topic,
        final DirectBuffer[] frames,
        final Map<String, String> metadata,
        final Timeout timeout)
    {
        final long size = checkSize(frames);
        final long deadline = timeout.deadline();
        final long finishBy = finishDeadline(timeout, deadline);
        int attempt = 0;
        while (true)
        {
            core.ensureOpen();
            checkInterrupt();
            if (!link.isActive())
            {
                core.observer().dropped(link, DropReason.PEER_GONE);
                return true;
            }
            switch (link.send(correlationId, topic, frames, metadata, size, finishBy))
            {
                case SENT ->
                {
                    core.observer().sent(size);
                    return true;
                }
                case LOST ->
                {
                    core.observer().dropped(link, DropReason.PEER_GONE);
                    return true;
                }
                case TIMED_OUT ->
                {
                    core.observer().sendTimedOut();
                    throw abandonedMidMessage(link);
                }
                case REFUSED ->
                {
                    if (timeout.isZero() || Deadlines.passed(deadline))
                    {
                        return false;
                    }
                    waitedForBackPressure(attempt);
                    Deadlines.backoff(attempt++);
                }
            }
        }
    }

    private void waitedForBackPressure(final int attempt)
    {
        if (attempt == 0)
        {
            core.observer().backPressureWait();
        }
    }

    private long finishDeadline(final Timeout timeout, final long deadline)
    {
        return timeout.isZero() ? core.sendTimeout().deadline() : deadline;
    }

    /**
     * @param frames a message's frames.
     * @return their bytes together.
     * @throws RuntimeException of kind MESSAGE_TOO_LARGE if this socket sends no message this large.
     */
    long checkSize(final DirectBuffer[] frames)
    {
        final long size = Link.sizeOf(frames);
        final long limit = core.maxMessageSize();
        if (size > limit)
        {
            throw Failures.of(Failure.Kind.MESSAGE_TOO_LARGE, "a message of " + size + " bytes exceeds this " +
                core.type() + " socket's maxMessageSize of " + limit + " bytes; it was not sent");
        }
        return size;
    }

    private void checkInterrupt()
    {
        if (Thread.currentThread().isInterrupted())
        {
            throw Failures.of(Failure.Kind.CLOSED, "interrupted while sending on the " + core.type() + " socket");
        }
    }

    /**
     * @param link the peer the message went to.
     * @return the error a send throws when its message began but could not finish in time.
     */
    static RuntimeException abandonedMidMessage(final Link link)
    {
        return Failures.of(Failure.Kind.TIMEOUT, "send timed out in the middle of a message to " + link +
            ": the peer stopped taking its chunks; the part sent is discarded by the peer and nothing was delivered");
    }

    /**
     * @param timeout that passed.
     * @return the error a blocking send throws, naming why no peer took the message.
     */
    RuntimeException timedOut(final Timeout timeout)
    {
        core.observer().sendTimedOut();
        final int count = core.peers.count();
        final SocketType type = core.type();
        return Failures.of(Failure.Kind.TIMEOUT, "send timed out after " + timeout + ": " +
            (count == 0 ? "the " + type + " socket has no peer yet" : "none of the " + count + " peers of the " +
            type + " socket could take the message (high-water mark or back pressure)") + "; nothing was sent");
    }
}
