package dev.aeromq.transport;

import dev.aeromq.codec.FanOutOffer;
import dev.aeromq.codec.WireWriter;
import dev.aeromq.codec.sbe.FanOutKind;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.exceptions.RegistrationException;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A PUB binder's shared stream: the one publication every SUB of one bound endpoint reads (IPC log,
 * multi-destination-cast or multicast; {@link FanOutChannels}), so the publisher writes each message once
 * however many SUBs there are. Each SUB still has its own link for the handshake, liveness and prefixes;
 * the Welcome tells it where the shared stream is ({@link FanOutOffer}) and it says {@code Attached} once it
 * reads it.
 * <pre>
 *   bind --> REGISTERING --(publication added; MDC: control port known)--> READY --(unbind/close)--> CLOSED
 * </pre>
 * Threads: the duty thread registers and closes it and makes offers; any publishing thread sends. A
 * message longer than one wire message must not interleave with another, so a lock is held for a whole
 * message; publishers wait for each other (that is not back pressure), and a message the stream cannot
 * take now is refused at once.
 */
public final class FanOutPublication
{
    private static final int MAX_ADMIN_RETRIES = 3;
    private static final long RESOLVE_TIMEOUT_NS = 5_000_000_000L;

    /** Where the shared stream stands. */
    enum State
    {
        /** The media driver adds the publication. */
        REGISTERING,
        /** SUBs may be offered it, publishers may send. */
        READY,
        /** Closed with its binding, or it could not be added. */
        CLOSED
    }

    private final SocketStreams streams;
    private final Binding binding;
    private final FanOutKind kind;
    private final boolean lossless;
    private final int streamId;
    private final long registrationId;
    private final long resolveDeadlineNs;
    private final ReentrantLock sendLock = new ReentrantLock();
    private final WireWriter writer = new WireWriter();
    private ExclusivePublication publication;
    private DataSender data;
    private int controlPort;
    /** The driver's {@code pub-pos} counter of the publication, found once; under the socket's duty lock. */
    private final DriverCounter position;
    private volatile State state = State.REGISTERING;
    // for DataSender.sendRest, made once: no lambda per message
    private final BooleanSupplier closed = () -> state == State.CLOSED;
    private final Supplier<String> destination = this::description;

    private FanOutPublication(
        final SocketStreams streams, final Binding binding, final boolean lossless, final long nowNs)
    {
        this.streams = streams;
        this.binding = binding;
        this.kind = FanOutChannels.kind(binding.endpoint());
        this.lossless = lossless;
        this.streamId = FanOutChannels.streamId(binding.endpoint());
        this.resolveDeadlineNs = nowNs + RESOLVE_TIMEOUT_NS;
        this.position = new DriverCounter(streams.aeron().countersReader());
        this.registrationId = streams.aeron().asyncAddExclusivePublication(
            FanOutChannels.publication(binding.endpoint(), lossless, streams.settings()), streamId);
    }

    /**
     * @param streams  the PUB's.
     * @param binding  an endpoint it bound.
     * @param lossless true if the PUB waits for slow SUBs.
     * @param nowNs    the duty cycle's time.
     * @return the shared stream being added, or null if the endpoint has none (raw {@code aeron:} channels).
     */
    static FanOutPublication open(
        final SocketStreams streams, final Binding binding, final boolean lossless, final long nowNs)
    {
        if (FanOutChannels.kind(binding.endpoint()) == FanOutKind.NONE)
        {
            return null;
        }
        return new FanOutPublication(streams, binding, lossless, nowNs);
    }

    Binding binding()
    {
        return binding;
    }

    /**
     * @return true once SUBs may be offered the stream.
     */
    boolean isReady()
    {
        return state == State.READY;
    }

    boolean isClosed()
    {
        return state == State.CLOSED;
    }

    /**
     * The stream's position as the media driver last sampled it: its {@code pub-pos} counter, which the
     * driver updates every duty cycle. Unlike the publication's own position (two plain fields a publishing
     * thread writes), it reads whole while a publisher writes; a Welcome and a Heartbeat carry it.
     *
     * @return the position, or {@link WireWriter#NO_FAN_OUT_POSITION} if the stream is not ready.
     */
    long sampledPosition()
    {
        if (state != State.READY)
        {
            return WireWriter.NO_FAN_OUT_POSITION;
        }
        if (!position.isFound())
        {
            position.findPublisherPosition(publication.sessionId(), streamId);
        }
        return position.isFound() ? position.value() : WireWriter.NO_FAN_OUT_POSITION;
    }

    /**
     * @return true if the PUB waits for slow SUBs (their subscriptions are tethered: the stream waits for
     * the slowest); false if a SUB that falls behind drops whole messages.
     */
    public boolean lossless()
    {
        return lossless;
    }

    /**
     * @param nowNs the duty cycle's time.
     * @return work done.
     */
    int doWork(final long nowNs)
    {
        if (state != State.REGISTERING)
        {
            return 0;
        }
        if (publication == null)
        {
            try
            {
                publication = streams.aeron().getExclusivePublication(registrationId);
            }
            catch (final RegistrationException ex)
            {
                state = State.CLOSED;
                streams.settings().report(new IllegalStateException("cannot open " + description() +
                    ": its SUBs are sent to on their links instead: " + ex.getMessage(), ex));
                return 1;
            }
            if (publication == null)
            {
                return 0;
            }
        }
        if (kind == FanOutKind.MDC && !resolveControlPort(nowNs))
        {
            return 0;
        }
        data = new DataSender(publication, streams.settings().attachmentThreshold(), writer);
        state = State.READY; // publishes the fields above to the publishing threads
        return 1;
    }

    private boolean resolveControlPort(final long nowNs)
    {
        final List<String> addresses = publication.localSocketAddresses();
        if (addresses.isEmpty())
        {
            if (nowNs - resolveDeadlineNs > 0)
            {
                close();
                streams.settings().report(new IllegalStateException("cannot open " + description() + ": the media " +
                    "driver did not report its control port in time; its SUBs are sent to on their links instead"));
            }
            return false;
        }
        final String address = addresses.get(0);
        controlPort = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        return true;
    }

    /**
     * @return what a Welcome tells a SUB about the stream now, or {@link FanOutOffer#NONE} if it is closed;
     * call only when {@link #isReady()}. Its position is {@link #sampledPosition()}: at most a duty cycle of
     * the driver old, so the SUB may get a message published just before its Welcome, never miss one
     * published after.
     */
    FanOutOffer offer()
    {
        if (state != State.READY)
        {
            return FanOutOffer.NONE;
        }
        return new FanOutOffer(kind, lossless, streamId, publication.sessionId(), controlPort, sampledPosition());
    }

    /**
     * Send one message to every SUB reading the stream: as one wire message if it fits, else as a Data
     * wire message and Chunks. Refused at once (nothing sent) when the stream pushes back on its first
     * wire message; once begun, it waits out back pressure between wire messages until the deadline.
     *
     * @param topic        UTF-8 topic bytes.
     * @param frames       the frames.
     * @param metadata     the metadata.
     * @param bodyLength   of the frames together ({@link Link#sizeOf}, which the caller has checked).
     * @param deadlineNs   when to give up mid-message ({@link Deadlines}), or {@link Deadlines#NONE}.
     * @param stallLimitNs how long the stream may take no part of the message before it is given up on,
     *                     measured from the last wire message that went out; 0 for no limit.
     * @return what became of it ({@link Link.SendResult#LOST}: the stream is closed, or closed mid-message).
     * @throws RuntimeException of kind CLOSED if the caller is interrupted.
     */
    public Link.SendResult send(
        final byte[] topic,
        final DirectBuffer[] frames,
        final Map<String, String> metadata,
        final long bodyLength,
        final long deadlineNs,
        final long stallLimitNs)
    {
        final State now = state;
        if (now != State.READY)
        {
            return now == State.CLOSED ? Link.SendResult.LOST : Link.SendResult.REFUSED;
        }
        try
        {
            sendLock.lockInterruptibly();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw Failures.of(Failure.Kind.CLOSED, "interrupted while waiting to publish on " + description(), ex);
        }
        try
        {
            final int headerLength = WireWriter.dataHeaderLength(frames, metadata, topic.length);
            long result;
            int attempts = 0;
            do
            {
                result = data.offerFirst(0, topic, frames, metadata, headerLength, bodyLength);
            }
            while (result == Publication.ADMIN_ACTION && ++attempts < MAX_ADMIN_RETRIES);
            if (result <= 0)
            {
                return Link.SendResult.REFUSED;
            }
            return data.sendRest(deadlineNs, stallLimitNs, closed, destination);
        }
        finally
        {
            data.clear();
            sendLock.unlock();
        }
    }

    /**
     * Stop sharing: SUBs read what is in the stream to its end (IPC: the log stays until they have; UDP: the
     * publication lingers), then their images end.
     */
    void close()
    {
        if (state == State.CLOSED)
        {
            return;
        }
        state = State.CLOSED;
        if (publication != null)
        {
            CloseHelper.quietClose(publication);
        }
        else
        {
            streams.aeron().asyncRemovePublication(registrationId);
        }
    }

    private String description()
    {
        return "the shared stream of " + binding.uri();
    }

    @Override
    public String toString()
    {
        return description();
    }
}
