package dev.aeromq.metrics;

import dev.aeromq.Communicator;
import dev.aeromq.Socket;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Binds the figures of a communicator's sockets ({@link Socket#stats()}) to Micrometer meters, so any
 * Micrometer registry (Prometheus, OpenTelemetry, JMX, ...) sees them:
 * <pre>{@code
 * AeroMqMetrics metrics = new AeroMqMetrics(comm);
 * metrics.bindTo(registry);   // the sockets made so far
 * ...                          // make or close sockets
 * metrics.refresh();          // meters for new sockets, none left for closed ones
 * }</pre>
 * Meters (every one tagged {@code type}, {@code socket} = the socket's id in hex, {@code endpoint}):
 * counters {@code aeromq.messages.sent}, {@code aeromq.bytes.sent}, {@code aeromq.messages.received},
 * {@code aeromq.bytes.received}, {@code aeromq.messages.dropped} (tagged {@code reason}, one per
 * {@link dev.aeromq.DropReason}), {@code aeromq.peers.rejected}, {@code aeromq.rejected.by.peers},
 * {@code aeromq.back.pressure.waits}, {@code aeromq.send.timeouts}, {@code aeromq.events.lost}; gauges
 * {@code aeromq.peers} per socket and {@code aeromq.sockets} (open sockets of the communicator).
 * A Prometheus registry names them {@code aeromq_messages_sent_total}, ...
 * <p>
 * A socket gets its meters once it has an endpoint (it bound or connected) when {@link #bindTo} or
 * {@link #refresh} runs; a closed socket's meters are removed by the next {@link #refresh}. The meters
 * read the socket's figures when the registry reads them; the sockets' hot paths do not change.
 * Thread-safe.
 */
public final class AeroMqMetrics implements MeterBinder
{
    /** The start of every meter's name. */
    public static final String PREFIX = "aeromq.";

    private final Communicator communicator;
    private final Tags tags;
    private final Map<MeterRegistry, Map<Socket, SocketMeters>> bound = new HashMap<>();

    /**
     * @param communicator whose sockets to measure.
     */
    public AeroMqMetrics(final Communicator communicator)
    {
        this(communicator, Tags.empty());
    }

    /**
     * @param communicator whose sockets to measure.
     * @param tags         tags every meter gets besides the socket's own (e.g. the application's name).
     */
    public AeroMqMetrics(final Communicator communicator, final Iterable<Tag> tags)
    {
        this.communicator = Objects.requireNonNull(communicator, "communicator");
        this.tags = Tags.of(tags);
    }

    /**
     * Register the meters of the sockets made so far, and the {@code aeromq.sockets} gauge.
     *
     * @param registry where.
     */
    @Override
    public void bindTo(final MeterRegistry registry)
    {
        synchronized (bound)
        {
            if (bound.containsKey(registry))
            {
                return;
            }
            bound.put(registry, new HashMap<>());
            Gauge.builder(PREFIX + "sockets", communicator, AeroMqMetrics::openSockets)
                .description("open sockets of the communicator").tags(tags).register(registry);
            refresh(registry);
        }
    }

    /**
     * In every registry bound to: register the meters of sockets made (and bound or connected) since,
     * and remove those of sockets closed since.
     */
    public void refresh()
    {
        synchronized (bound)
        {
            for (final MeterRegistry registry : bound.keySet())
            {
                refresh(registry);
            }
        }
    }

    private void refresh(final MeterRegistry registry)
    {
        final Map<Socket, SocketMeters> sockets = bound.get(registry);
        final List<Socket> open = communicator.sockets();
        final Set<Socket> gone = new HashSet<>(sockets.keySet());
        open.forEach(gone::remove);
        for (final Socket socket : gone)
        {
            sockets.remove(socket).remove();
        }
        for (final Socket socket : open)
        {
            if (!sockets.containsKey(socket) && !socket.stats().endpoint().isEmpty())
            {
                sockets.put(socket, SocketMeters.register(socket, registry, tags));
            }
        }
    }

    private static double openSockets(final Communicator communicator)
    {
        return communicator.sockets().size();
    }
}
