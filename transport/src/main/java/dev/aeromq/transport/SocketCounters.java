package dev.aeromq.transport;

import io.aeron.Aeron;
import io.aeron.Counter;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersReader;

import java.nio.ByteOrder;

/**
 * One socket's figures ({@link SocketCounter}): counted in memory of its own, and copied on every
 * timer tick of the socket's duty into Aeron counters in the media driver's CnC file, where
 * {@code AeronStat} and {@code AeroMqStat} read them.
 * <p>
 * Counting costs no allocation and no lock: each figure is an {@link AtomicCounter} on a cache line
 * pair of its own (so the senders' and the duty thread's figures never share a line). Figures any
 * thread may count (sends, drops, waits) are atomic adds; the ones only the socket's duty-lock holder
 * counts (receives, peers) are plain ordered writes. The Aeron counters are registered with Aeron's
 * asynchronous API on the duty thread and resolved on later ticks, so no thread waits for the media
 * driver; until then, and if the CnC file has no room left for counters, the figures are still
 * counted and read here ({@code Socket.stats()}), only not shown to AeronStat.
 * <p>
 * Threads: the counting methods from any thread (as each says); {@link #get} from any thread;
 * {@link #name}, {@link #publish} and {@link #close} under the socket's duty lock.
 */
public final class SocketCounters
{
    private static final SocketCounter[] FIGURES = SocketCounter.values();
    private static final int ALIGNMENT = 128;

    private final UnsafeBuffer values = new UnsafeBuffer(
        BufferUtil.allocateDirectAligned(FIGURES.length * CountersReader.COUNTER_LENGTH, ALIGNMENT));
    private final AtomicCounter[] figures = new AtomicCounter[FIGURES.length];
    private final AtomicCounter messagesSent;
    private final AtomicCounter bytesSent;
    private final AtomicCounter messagesReceived;
    private final AtomicCounter bytesReceived;
    private final AtomicCounter peers;
    private final long socketId;
    private final String socketType;
    private final long[] registrations = new long[FIGURES.length];
    private final Counter[] published = new Counter[FIGURES.length];
    private volatile String endpoint;
    private String name;
    private boolean unavailable;

    /**
     * @param socketType the socket's type, for the labels.
     * @param socketId   the socket's id, for the labels and keys.
     */
    SocketCounters(final String socketType, final long socketId)
    {
        this.socketType = socketType;
        this.socketId = socketId;
        for (int i = 0; i < FIGURES.length; i++)
        {
            figures[i] = new AtomicCounter(values, i);
            registrations[i] = Aeron.NULL_VALUE;
        }
        messagesSent = figures[SocketCounter.MESSAGES_SENT.ordinal()];
        bytesSent = figures[SocketCounter.BYTES_SENT.ordinal()];
        messagesReceived = figures[SocketCounter.MESSAGES_RECEIVED.ordinal()];
        bytesReceived = figures[SocketCounter.BYTES_RECEIVED.ordinal()];
        peers = figures[SocketCounter.PEERS.ordinal()];
    }

    // ---------------------------------------------------------------- counting

    /**
     * A message went to a peer. Any thread.
     *
     * @param bytes its payload bytes.
     */
    public void sent(final long bytes)
    {
        messagesSent.increment();
        bytesSent.getAndAdd(bytes);
    }

    /**
     * A message arrived whole and the socket took it. Duty-lock holder only.
     *
     * @param bytes its payload bytes.
     */
    void received(final long bytes)
    {
        messagesReceived.incrementRelease();
        bytesReceived.getAndAddRelease(bytes);
    }

    /**
     * @param count peers joined now. Duty-lock holder only.
     */
    void peers(final int count)
    {
        peers.setRelease(count);
    }

    /**
     * Count one of a rarer figure (a drop, a wait, a timeout, a refusal). Any thread.
     *
     * @param figure what happened.
     */
    public void increment(final SocketCounter figure)
    {
        figures[figure.ordinal()].increment();
    }

    /**
     * Count several of a rarer figure. Any thread.
     *
     * @param figure what happened.
     * @param count  how many times.
     */
    public void add(final SocketCounter figure, final long count)
    {
        figures[figure.ordinal()].getAndAdd(count);
    }

    /**
     * @param figure which.
     * @return its value now; {@link SocketCounter#MESSAGES_DROPPED} is the sum of the drop reasons.
     */
    public long get(final SocketCounter figure)
    {
        if (figure == SocketCounter.MESSAGES_DROPPED)
        {
            long total = 0;
            for (final DropReason reason : DropReason.values())
            {
                total += figures[SocketCounter.dropped(reason).ordinal()].get();
            }
            return total;
        }
        return figures[figure.ordinal()].get();
    }

    // ---------------------------------------------------------------- the Aeron counters, on the duty thread

    /**
     * The socket's first endpoint is known: its Aeron counters are registered from now on, labelled
     * with it. Later calls change nothing.
     *
     * @param endpoint bound (port resolved) or connected to.
     */
    void name(final String endpoint)
    {
        if (name == null)
        {
            name = SocketCounter.socketName(socketType, socketId, endpoint);
            this.endpoint = endpoint;
        }
    }

    /**
     * @return the socket's first endpoint, which the counters' labels name, or null before it had one.
     */
    String endpoint()
    {
        return endpoint;
    }

    /**
     * Register what is due, resolve what was registered, and copy every figure that changed into its
     * Aeron counter.
     *
     * @param aeron the client.
     * @return an error to report once if the counters cannot be registered (the CnC file is full, or
     * the driver is gone), else null.
     */
    RuntimeException publish(final Aeron aeron)
    {
        if (name == null || unavailable)
        {
            return null;
        }
        try
        {
            for (int i = 0; i < FIGURES.length; i++)
            {
                final long value = get(FIGURES[i]);
                Counter counter = published[i];
                if (counter == null)
                {
                    counter = resolve(aeron, i, value);
                }
                if (counter != null && counter.getPlain() != value)
                {
                    counter.setRelease(value);
                }
            }
            return null;
        }
        catch (final RuntimeException ex)
        {
            unavailable = true;
            return new IllegalStateException("the counters of " + name + " cannot be shown in the media driver's " +
                "CnC file (AeronStat, AeroMqStat): " + ex.getMessage() + "; Socket.stats() still counts them", ex);
        }
    }

    private Counter resolve(final Aeron aeron, final int index, final long value)
    {
        final SocketCounter figure = FIGURES[index];
        if (registrations[index] == Aeron.NULL_VALUE)
        {
            if (figure.always() || value != 0)
            {
                registrations[index] = register(aeron, figure);
            }
            return null;
        }
        final Counter counter = aeron.getCounter(registrations[index]);
        published[index] = counter;
        return counter;
    }

    private long register(final Aeron aeron, final SocketCounter figure)
    {
        final UnsafeBuffer key = new UnsafeBuffer(new byte[SocketCounter.KEY_LENGTH]);
        key.putLong(SocketCounter.KEY_SOCKET_ID_OFFSET, socketId, ByteOrder.LITTLE_ENDIAN);
        key.putLong(SocketCounter.KEY_PID_OFFSET, ProcessHandle.current().pid(), ByteOrder.LITTLE_ENDIAN);
        String label = name + ": " + figure.figure();
        if (label.length() > CountersReader.MAX_LABEL_LENGTH)
        {
            label = name.substring(0, CountersReader.MAX_LABEL_LENGTH - figure.figure().length() - 2) + ": " +
                figure.figure();
        }
        final UnsafeBuffer labelBuffer = new UnsafeBuffer(new byte[label.length()]);
        final int labelLength = labelBuffer.putStringWithoutLengthAscii(0, label);
        return aeron.asyncAddCounter(figure.typeId(), key, 0, key.capacity(), labelBuffer, 0, labelLength);
    }

    /**
     * Remove the socket's Aeron counters (the socket closed).
     *
     * @param aeron the client.
     */
    void close(final Aeron aeron)
    {
        for (int i = 0; i < FIGURES.length; i++)
        {
            try
            {
                if (published[i] != null)
                {
                    published[i].close();
                }
                else if (registrations[i] != Aeron.NULL_VALUE)
                {
                    aeron.asyncRemoveCounter(registrations[i]);
                }
            }
            catch (final RuntimeException ignore)
            {
                // the client or driver is going away: so are its counters
            }
            published[i] = null;
            registrations[i] = Aeron.NULL_VALUE;
        }
        unavailable = true;
    }
}
