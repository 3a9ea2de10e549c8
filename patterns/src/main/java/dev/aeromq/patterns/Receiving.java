package dev.aeromq.patterns;

import dev.aeromq.transport.Deadlines;
import dev.aeromq.transport.Failure;
import dev.aeromq.transport.Failures;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A socket's receiving side, on the user's threads: waiting for the next message in its {@link Inbox}
 * (until a timeout, a deadline, a stop condition, or for a long-running consumer), and the inline
 * {@code poll}. A queued receive switches the socket's {@link Delivery} to queuing, a poll to handing
 * messages inline.
 * <p>
 * Threads: any; polls of one socket are kept apart by a lock, and a poll handler that polls its socket
 * again is refused with a SOCKET_STATE failure (it runs under the duty lock the inner poll would need).
 */
final class Receiving
{
    private static final BooleanSupplier NEVER = () -> false;

    private final SocketCore core;
    private final ReentrantLock pollLock = new ReentrantLock();

    Receiving(final SocketCore core)
    {
        this.core = core;
    }

    /**
     * Wait for the next message in the inbox until the timeout.
     *
     * @param timeout how long; {@link Timeout#ZERO} looks once.
     * @return the message, or null at the deadline.
     */
    InboundMessage take(final Timeout timeout)
    {
        core.ensureOpen();
        core.delivery.inline(false);
        final InboundMessage ready = core.inbox.poll();
        if (ready != null || timeout.isZero())
        {
            return ready; // one waiting needs no deadline: no clock read per message while they keep coming
        }
        return takeBefore(timeout.deadline());
    }

    /**
     * Wait for the next message until a deadline.
     *
     * @param deadlineNs {@link Deadlines} value.
     * @return the message, or null at the deadline.
     */
    InboundMessage takeBefore(final long deadlineNs)
    {
        return takeBefore(deadlineNs, NEVER);
    }

    /**
     * Wait for the next message until a deadline, or until a condition holds.
     *
     * @param deadlineNs {@link Deadlines} value.
     * @param stop       checked on every wake-up; true ends the wait with null.
     * @return the message, or null at the deadline or when stopped.
     */
    InboundMessage takeBefore(final long deadlineNs, final BooleanSupplier stop)
    {
        core.ensureOpen();
        core.delivery.inline(false);
        final InboundMessage message;
        try
        {
            message = core.inbox.take(deadlineNs, stop);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw Failures.of(Failure.Kind.CLOSED, "interrupted while receiving on the " + core.type() + " socket",
                ex);
        }
        if (message == null)
        {
            core.ensureOpen();
        }
        return message;
    }

    /**
     * Wait for the next message in the inbox, failing at the timeout.
     *
     * @param timeout how long.
     * @return the message.
     */
    InboundMessage takeOrThrow(final Timeout timeout)
    {
        final InboundMessage message = take(timeout);
        if (message == null)
        {
            throw timedOut(timeout);
        }
        return message;
    }

    /**
     * @param timeout that passed.
     * @return the error a blocking receive throws, naming the socket's state.
     */
    RuntimeException timedOut(final Timeout timeout)
    {
        return Failures.of(Failure.Kind.TIMEOUT, "receive timed out after " + timeout + ": no message arrived at the " +
            core.type() + " socket (" + core.peers.count() + " peers connected)");
    }

    /**
     * Take the next message for a long-running consumer (a handler loop), waiting until one comes,
     * the socket closes, or {@code stop} is set.
     *
     * @param stop checked on every wake-up.
     * @return the message, or null when closed or stopped.
     * @throws InterruptedException if the caller is interrupted.
     */
    InboundMessage takeUntil(final BooleanSupplier stop) throws InterruptedException
    {
        core.delivery.inline(false);
        return core.isClosed() ? null : core.inbox.take(Deadlines.NONE, stop);
    }

    /**
     * @throws RuntimeException of kind SOCKET_STATE if the calling thread is inside this socket's poll
     *                          (a poll handler polling again).
     */
    void ensureNotPolling()
    {
        if (pollLock.isHeldByCurrentThread())
        {
            throw Failures.of(Failure.Kind.SOCKET_STATE, "poll was called from within the " + core.type() +
                " socket's own poll handler; return from the handler first");
        }
    }

    /**
     * Hand the messages that are there now to a handler on the caller's thread, at most {@code limit}:
     * first any already queued, then straight from the transport (in place in the log buffer when a
     * message fits one fragment: no copy, no allocation, no other thread). From now until a queued
     * receive, messages wait in the log buffer for the next poll.
     * <p>
     * A message is counted when it is handed. A message longer than one fragment is placed as its bytes
     * arrive — during this poll (which keeps reading the fragments of a message in progress, up to the
     * transport's fragment budget per poll) and between polls (the engine goes on placing a message that
     * began) — and handed by the poll in progress when its last byte is in, or by the next one.
     *
     * @param handler gets each message.
     * @param limit   most messages to hand.
     * @return messages handed.
     * @throws RuntimeException of kind SOCKET_STATE if called from within this socket's own poll handler.
     */
    int poll(final PollHandler handler, final int limit)
    {
        core.ensureOpen();
        ensureNotPolling();
        if (limit <= 0)
        {
            return 0;
        }
        core.delivery.inline(true);
        pollLock.lock();
        try
        {
            int handed = 0;
            InboundMessage queued;
            while (handed < limit && (queued = core.inbox.poll()) != null)
            {
                handed++; // messages queued before: no need to wait for the socket's duty
                handler.onMessage(queued);
            }
            if (handed < limit)
            {
                core.delivery.preparePoll(handler, limit - handed);
                core.streams().poll(core.delivery); // hands any queued meanwhile first, then what is in the log
                handed += core.delivery.handed();
            }
            return handed;
        }
        finally
        {
            pollLock.unlock();
        }
    }
}
