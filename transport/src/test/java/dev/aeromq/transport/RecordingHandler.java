package dev.aeromq.transport;

import dev.aeromq.codec.DataView;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.testkit.Await;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A socket's engine side that records every callback the transport makes, in order, for tests to
 * watch the state machines through what they do: joins, leaves with their reasons, rejections, data.
 * Callbacks come on the socket's duty thread; tests read from their own.
 */
final class RecordingHandler implements SocketHandler
{
    /** Something the transport told the socket. */
    sealed interface Event permits Joined, Left, Rejected, Received, PrefixChanged
    {
    }

    /**
     * A peer joined.
     *
     * @param link to the peer.
     * @param atNs {@link System#nanoTime()} of the callback.
     */
    record Joined(Link link, long atNs) implements Event
    {
    }

    /**
     * A peer left.
     *
     * @param link   to the peer.
     * @param reason why.
     * @param atNs   {@link System#nanoTime()} of the callback.
     */
    record Left(Link link, LeaveReason reason, long atNs) implements Event
    {
    }

    /**
     * The binder at an endpoint refused this socket.
     *
     * @param endpoint connected to.
     * @param reason   the binder's.
     */
    record Rejected(String endpoint, String reason) implements Event
    {
    }

    /**
     * A message arrived.
     *
     * @param message copied out of the log buffer.
     */
    record Received(ReceivedMessage message) implements Event
    {
    }

    /**
     * A message as this handler copies it.
     *
     * @param link          it came in on.
     * @param correlationId the sender's.
     * @param topic         its topic.
     * @param frames        its frames' bytes, then its tensors' data.
     */
    record ReceivedMessage(Link link, long correlationId, String topic, byte[][] frames)
    {
    }

    /**
     * A SUB added or dropped a prefix.
     *
     * @param link   of the SUB.
     * @param add    true to add.
     * @param prefix the bytes.
     */
    record PrefixChanged(Link link, boolean add, byte[] prefix) implements Event
    {
    }

    private final SocketType type;
    private final long socketId = ThreadLocalRandom.current().nextLong();
    private final Queue<Event> events = new ConcurrentLinkedQueue<>();
    private volatile Function<SocketType, String> admission = peerType -> null;
    private volatile int receiveCapacity = Integer.MAX_VALUE;
    private volatile long maxMessageSize = Long.MAX_VALUE;
    private volatile List<byte[]> handshakePrefixes = List.of();
    private final AtomicInteger openAssemblies = new AtomicInteger();
    private final AtomicLong mostBytesOpen = new AtomicLong();

    RecordingHandler(final SocketType type)
    {
        this.type = type;
    }

    /**
     * @param admission what {@link #admit} answers from now on: null to accept, else the reason.
     */
    void admission(final Function<SocketType, String> admission)
    {
        this.admission = admission;
    }

    /**
     * @param prefixes what {@link #handshakePrefixes()} answers from now on (a SUB's prefixes).
     */
    void handshakePrefixes(final List<byte[]> prefixes)
    {
        this.handshakePrefixes = List.copyOf(prefixes);
    }

    /**
     * @param bytes what {@link #maxMessageSize()} answers from now on.
     */
    void maxMessageSize(final long bytes)
    {
        this.maxMessageSize = bytes;
    }

    /**
     * @return messages begun and neither completed nor abandoned yet.
     */
    int openAssemblies()
    {
        return openAssemblies.get();
    }

    /**
     * @return the most bytes one message was given memory for.
     */
    long mostBytesOpen()
    {
        return mostBytesOpen.get();
    }

    /**
     * @param messages what {@link #receiveCapacity()} answers from now on; 0 stops the socket reading.
     */
    void receiveCapacity(final int messages)
    {
        this.receiveCapacity = messages;
    }

    @Override
    public SocketType type()
    {
        return type;
    }

    @Override
    public long socketId()
    {
        return socketId;
    }

    @Override
    public String admit(final SocketType peerType)
    {
        return admission.apply(peerType);
    }

    @Override
    public void onPeerJoined(final Link link)
    {
        events.add(new Joined(link, System.nanoTime()));
    }

    @Override
    public void onPeerLeft(final Link link, final LeaveReason reason)
    {
        events.add(new Left(link, reason, System.nanoTime()));
    }

    @Override
    public void onRejected(final String endpoint, final String reason)
    {
        events.add(new Rejected(endpoint, reason));
    }

    @Override
    public int receiveCapacity()
    {
        return receiveCapacity;
    }

    @Override
    public long maxMessageSize()
    {
        return maxMessageSize;
    }

    @Override
    public Assembly onMessageBegin(final Link link, final DataView header, final boolean mayWait)
    {
        if (receiveCapacity <= 0 && mayWait)
        {
            return Assembly.NOT_NOW; // full: the message waits in the log, and what follows it too
        }
        final byte[][] frames = new byte[header.partCount()][]; // the frames, then any tensors' data
        final UnsafeBuffer[] views = new UnsafeBuffer[frames.length];
        for (int i = 0; i < frames.length; i++)
        {
            frames[i] = new byte[header.partLength(i)];
            views[i] = new UnsafeBuffer(frames[i]);
        }
        final ReceivedMessage message = new ReceivedMessage(link, header.correlationId(), header.topic(), frames);
        openAssemblies.incrementAndGet();
        mostBytesOpen.accumulateAndGet(header.bodyLength(), Math::max);
        return new Assembly()
        {
            @Override
            public MutableDirectBuffer frame(final int index)
            {
                return views[index];
            }

            @Override
            public void complete()
            {
                openAssemblies.decrementAndGet();
                events.add(new Received(message));
            }

            @Override
            public void abandon()
            {
                openAssemblies.decrementAndGet(); // nothing arrived
            }
        };
    }

    @Override
    public boolean onPrefix(final Link link, final boolean add, final byte[] prefix)
    {
        events.add(new PrefixChanged(link, add, prefix));
        return true;
    }

    @Override
    public List<byte[]> handshakePrefixes()
    {
        return handshakePrefixes;
    }

    // ---------------------------------------------------------------- for the tests

    /**
     * @return every event so far, in order.
     */
    List<Event> events()
    {
        return List.copyOf(events);
    }

    /**
     * @param kind of event.
     * @param <E>  its type.
     * @return the events of that kind so far, in order.
     */
    <E extends Event> List<E> events(final Class<E> kind)
    {
        final List<E> matching = new ArrayList<>();
        for (final Event event : events)
        {
            if (kind.isInstance(event))
            {
                matching.add(kind.cast(event));
            }
        }
        return matching;
    }

    /**
     * @return how many peers joined so far.
     */
    int joinCount()
    {
        return events(Joined.class).size();
    }

    /**
     * @return the reasons of every leave so far, in order.
     */
    List<LeaveReason> leaveReasons()
    {
        return events(Left.class).stream().map(Left::reason).toList();
    }

    /**
     * @return the peers joined and not left, in order of joining.
     */
    List<Link> liveLinks()
    {
        final List<Link> live = new ArrayList<>();
        for (final Event event : events)
        {
            if (event instanceof Joined joined)
            {
                live.add(joined.link());
            }
            else if (event instanceof Left left)
            {
                live.remove(left.link());
            }
        }
        return live;
    }

    /**
     * @param link a peer.
     * @return its leave, or null while it has not left.
     */
    Left leaveOf(final Link link)
    {
        for (final Event event : events)
        {
            if (event instanceof Left left && left.link() == link)
            {
                return left;
            }
        }
        return null;
    }

    /**
     * @param count joins to wait for, counting all so far.
     * @return the link of the last of them.
     */
    Link awaitJoins(final int count)
    {
        Await.await(() -> count + " join(s) at the " + this, Await.WAIT, () -> joinCount() >= count);
        return events(Joined.class).get(count - 1).link();
    }

    /**
     * @param link a peer that joined.
     * @return its leave, once it left.
     */
    Left awaitLeave(final Link link)
    {
        return awaitLeave(link, Await.WAIT);
    }

    /**
     * @param link    a peer that joined.
     * @param timeout how long to wait.
     * @return its leave, once it left.
     */
    Left awaitLeave(final Link link, final Duration timeout)
    {
        Await.await(() -> "the " + link + " peer to leave the " + this, timeout, () -> leaveOf(link) != null);
        return leaveOf(link);
    }

    /**
     * @return the first rejection, once there is one.
     */
    Rejected awaitRejection()
    {
        Await.await(() -> "a rejection at the " + this, Await.WAIT, () -> !events(Rejected.class).isEmpty());
        return events(Rejected.class).get(0);
    }

    /**
     * @param count messages to wait for, counting all so far.
     * @return every message received, in order.
     */
    List<ReceivedMessage> awaitReceived(final int count)
    {
        Await.await(() -> count + " message(s) at the " + this, Await.WAIT,
            () -> events(Received.class).size() >= count);
        return events(Received.class).stream().map(Received::message).toList();
    }

    @Override
    public String toString()
    {
        return type + " handler " + events;
    }
}
