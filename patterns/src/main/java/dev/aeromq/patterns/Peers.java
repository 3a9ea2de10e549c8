package dev.aeromq.patterns;

import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.transport.Deadlines;
import dev.aeromq.transport.Failure;
import dev.aeromq.transport.Failures;
import dev.aeromq.transport.Link;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * A socket's live peers. The socket's duty thread adds and removes them; any thread reads them.
 * <p>
 * Threads: the set is a copy-on-write array behind a volatile reference, so routing reads it without
 * a lock and allocates nothing; a lock and condition (never a monitor, so a waiting virtual thread
 * unmounts) wake callers waiting for peers when the set changes.
 */
final class Peers
{
    private static final Link[] NONE = new Link[0];
    private static final long MAX_WAIT_NS = TimeUnit.SECONDS.toNanos(1);

    private final SocketType type;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile Link[] links = NONE;
    private volatile String rejection;
    private volatile String closedMessage;

    Peers(final SocketType type)
    {
        this.type = type;
    }

    /**
     * @return the live peers now; never modified, so safe to iterate.
     */
    Link[] snapshot()
    {
        return links;
    }

    int count()
    {
        return links.length;
    }

    /**
     * @param link a peer that joined (duty thread).
     */
    void join(final Link link)
    {
        final Link[] current = links;
        final Link[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = link;
        links = next;
        rejection = null;
        signal();
    }

    /**
     * @param link a peer that left (duty thread).
     */
    void leave(final Link link)
    {
        final Link[] current = links;
        for (int i = 0; i < current.length; i++)
        {
            if (current[i] == link)
            {
                final Link[] next = current.length == 1 ? NONE : new Link[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                links = next;
                break;
            }
        }
        signal();
    }

    /**
     * @param endpoint that refused this socket (duty thread).
     * @param reason   the binder's reason.
     */
    void rejected(final String endpoint, final String reason)
    {
        rejection = "the peer at " + endpoint + " refused this " + type + " socket: " + reason;
        signal();
    }

    /**
     * Block until at least this many peers joined.
     *
     * @param count   peers to wait for.
     * @param timeout how long.
     * @param open    checked on every wake-up; false ends the wait with CLOSED.
     */
    void await(final int count, final Timeout timeout, final BooleanSupplier open)
    {
        final long deadline = timeout.deadline();
        lock.lock();
        try
        {
            while (links.length < count)
            {
                checkWaitable(open);
                if (Deadlines.passed(deadline))
                {
                    throw Failures.of(Failure.Kind.TIMEOUT, "awaitPeers timed out after " + timeout + ": " +
                        links.length + " of " + count + " peers of the " + type + " socket completed the " +
                        "handshake; is the other side bound/connected to the same endpoint?");
                }
                changed.awaitNanos(Deadlines.remaining(deadline, MAX_WAIT_NS));
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw Failures.of(Failure.Kind.CLOSED, "interrupted while waiting for peers", ex);
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * Wait a while for a first peer (a sender with nobody to send to); returns at the deadline, on a
     * change, or after a second at most, for the caller to look again.
     *
     * @param deadline {@link Deadlines} value.
     * @param open     false ends the wait with CLOSED.
     */
    void awaitAny(final long deadline, final BooleanSupplier open)
    {
        lock.lock();
        try
        {
            if (links.length == 0)
            {
                checkWaitable(open);
                changed.awaitNanos(Deadlines.remaining(deadline, MAX_WAIT_NS));
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw Failures.of(Failure.Kind.CLOSED, "interrupted while sending on the " + type + " socket", ex);
        }
        finally
        {
            lock.unlock();
        }
    }

    private void checkWaitable(final BooleanSupplier open)
    {
        if (!open.getAsBoolean())
        {
            final String message = closedMessage;
            throw Failures.of(Failure.Kind.CLOSED, message != null ? message : "the " + type + " socket is closed");
        }
        final String refused = rejection;
        if (refused != null)
        {
            throw Failures.of(Failure.Kind.INCOMPATIBLE_PEER, refused);
        }
    }

    /**
     * The socket closed: wake every waiting caller, which fails with this message.
     *
     * @param message what a waiting caller fails with.
     */
    void closed(final String message)
    {
        closedMessage = message;
        signal();
    }

    /**
     * Wake every waiting caller so it looks again (the socket closed).
     */
    void signal()
    {
        lock.lock();
        try
        {
            changed.signalAll();
        }
        finally
        {
            lock.unlock();
        }
    }
}
