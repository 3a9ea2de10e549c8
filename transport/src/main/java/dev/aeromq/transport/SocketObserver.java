package dev.aeromq.transport;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;

/**
 * What one socket tells about itself: its figures ({@link SocketCounters}, also Aeron counters), its
 * events for monitor listeners ({@link SocketMonitor}), and its log lines at DEBUG (endpoints, peers
 * joining, leaving and refused, with reasons) and TRACE (handshakes begun, messages dropped), through
 * the {@code System.Logger} named {@code dev.aeromq}. Each event point of the socket calls one method
 * here, which counts, emits and logs as fits.
 * <p>
 * Cost: counting is a lock-free add with no allocation; an event is built only while a listener
 * listens, and a log line only while its level is enabled.
 * <p>
 * Threads: the methods marked "duty" run under the socket's duty lock; the others on any thread.
 */
public final class SocketObserver
{
    private static final Logger LOG = System.getLogger("dev.aeromq");

    private final SocketCounters counters;
    private final SocketMonitor monitor;
    private final Transport transport;
    private final String socket;
    private boolean publishFailed;

    SocketObserver(final String socketType, final long socketId, final Transport transport)
    {
        this.transport = transport;
        this.counters = new SocketCounters(socketType, socketId);
        this.monitor = new SocketMonitor(counters, transport::report, "aeromq-" + socketType + "-monitor");
        this.socket = socketType + " socket " + String.format("%016x", socketId);
    }

    /**
     * @return the socket's figures.
     */
    public SocketCounters counters()
    {
        return counters;
    }

    /**
     * @return the socket's first endpoint (bound, port resolved, or connected to), as its counters'
     * labels name it; null before it had one.
     */
    public String endpoint()
    {
        return counters.endpoint();
    }

    /**
     * @param listener gets the socket's events in order, on a virtual thread of its own, from a
     *                 bounded queue (events beyond it are counted as lost and reported to it).
     * @return closing it stops the delivery.
     */
    public AutoCloseable monitor(final Consumer<MonitorEvent> listener)
    {
        return monitor.add(listener);
    }

    // ---------------------------------------------------------------- any thread

    /**
     * A message went to a peer.
     *
     * @param bytes its payload bytes.
     */
    public void sent(final long bytes)
    {
        counters.sent(bytes);
    }

    /**
     * A message was dropped.
     *
     * @param link   of the peer it came from or was going to.
     * @param reason why.
     */
    public void dropped(final Link link, final DropReason reason)
    {
        dropped(link.peer(), reason);
    }

    /**
     * A message was dropped.
     *
     * @param peer   it came from or was going to (parts may be unknown).
     * @param reason why.
     */
    public void dropped(final TransportSettings.Candidate peer, final DropReason reason)
    {
        counters.increment(SocketCounter.dropped(reason));
        if (monitor.isWatched())
        {
            monitor.emit(new MonitorEvent.MessageDropped(peer, reason));
        }
        if (LOG.isLoggable(Level.TRACE))
        {
            LOG.log(Level.TRACE, socket + ": message from or to " + describe(peer) + " dropped: " +
                reason.description());
        }
    }

    /**
     * A send had to wait: every peer pushed back.
     */
    public void backPressureWait()
    {
        counters.increment(SocketCounter.BACK_PRESSURE_WAITS);
    }

    /**
     * A send timed out; its caller gets a TimeoutException.
     */
    public void sendTimedOut()
    {
        counters.increment(SocketCounter.SEND_TIMEOUTS);
    }

    // ---------------------------------------------------------------- duty

    /**
     * Duty: a message arrived whole and the socket took it.
     *
     * @param bytes its payload bytes.
     */
    void received(final long bytes)
    {
        counters.received(bytes);
    }

    void bound(final String endpoint)
    {
        counters.name(endpoint);
        if (monitor.isWatched())
        {
            monitor.emit(new MonitorEvent.Bound(endpoint));
        }
        LOG.log(Level.DEBUG, () -> socket + " bound " + endpoint);
    }

    void connecting(final String endpoint)
    {
        counters.name(endpoint);
        if (monitor.isWatched())
        {
            monitor.emit(new MonitorEvent.Connecting(endpoint));
        }
        LOG.log(Level.DEBUG, () -> socket + " connecting to " + endpoint);
    }

    void hello(final TransportSettings.Candidate peer)
    {
        LOG.log(Level.TRACE, () -> socket + ": Hello from " + describe(peer) + ", answering");
    }

    void joined(final TransportSettings.Candidate peer, final int peers)
    {
        counters.peers(peers);
        if (monitor.isWatched())
        {
            monitor.emit(new MonitorEvent.PeerJoined(peer));
        }
        LOG.log(Level.DEBUG, () -> socket + ": peer " + describe(peer) + " joined (" + peers + " peers)");
    }

    void left(final TransportSettings.Candidate peer, final LeaveReason reason, final int peers)
    {
        counters.peers(peers);
        if (monitor.isWatched())
        {
            monitor.emit(new MonitorEvent.PeerLeft(peer, reason));
        }
        LOG.log(Level.DEBUG, () -> socket + ": peer " + describe(peer) + " left: " + reason.description() +
            " (" + peers + " peers)");
    }

    void rejected(final TransportSettings.Candidate peer, final String reason)
    {
        counters.increment(SocketCounter.PEERS_REJECTED);
        if (monitor.isWatched())
        {
            monitor.emit(new MonitorEvent.PeerRejected(peer, reason));
        }
        LOG.log(Level.DEBUG, () -> socket + " refused peer " + describe(peer) + ": " + reason);
    }

    void rejectedBy(final TransportSettings.Candidate peer, final String reason)
    {
        counters.increment(SocketCounter.REJECTED_BY_PEERS);
        if (monitor.isWatched())
        {
            monitor.emit(new MonitorEvent.RejectedByPeer(peer, reason));
        }
        LOG.log(Level.DEBUG, () -> socket + " was refused by " + describe(peer) + ": " + reason);
    }

    /**
     * Duty, on every timer tick: copy the figures into the socket's Aeron counters.
     */
    void publish()
    {
        final RuntimeException failure = counters.publish(transport.aeron());
        if (failure != null && !publishFailed)
        {
            publishFailed = true;
            transport.report(failure);
        }
    }

    /**
     * Duty: the socket closed. Its Aeron counters go; its listeners get what is queued, then stop.
     */
    void close()
    {
        counters.close(transport.aeron());
        monitor.close();
        LOG.log(Level.DEBUG, () -> socket + " closed");
    }

    private static String describe(final TransportSettings.Candidate peer)
    {
        if (peer == null)
        {
            return "an unknown peer";
        }
        final StringBuilder text = new StringBuilder();
        text.append(peer.type() == null ? "peer" : peer.type().name());
        if (peer.socketId() != 0)
        {
            text.append(' ').append(String.format("%016x", peer.socketId()));
        }
        if (peer.address() != null)
        {
            text.append(" at ").append(peer.address());
        }
        return text.append(" via ").append(peer.endpoint()).toString();
    }
}
