package dev.aeromq.metrics;

import dev.aeromq.DropReason;
import dev.aeromq.Socket;
import dev.aeromq.SocketStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The meters of one socket in one registry: a function counter per figure of {@link SocketStats}
 * (one per {@link DropReason} for the drops, tagged {@code reason}) and a gauge of its peers, each
 * tagged {@code type}, {@code socket} (its id in hex, as its Aeron counters' labels) and {@code endpoint}.
 * Each meter reads the socket's {@link Socket#stats()} when the registry reads it; nothing is
 * counted twice.
 */
final class SocketMeters
{
    private static final String MESSAGES = "messages";
    private static final String BYTES = "bytes";

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    private SocketMeters(final MeterRegistry registry)
    {
        this.registry = registry;
    }

    /**
     * Register a socket's meters.
     *
     * @param socket   a socket with an endpoint.
     * @param registry where.
     * @param common   tags every meter gets besides the socket's own.
     * @return the meters registered, to remove when the socket closed.
     */
    static SocketMeters register(final Socket socket, final MeterRegistry registry, final Iterable<Tag> common)
    {
        final SocketStats first = socket.stats();
        final Tags tags = Tags.of(common).and(
            "type", first.type().name(),
            "socket", String.format("%016x", first.socketId()),
            "endpoint", first.endpoint());
        final SocketMeters meters = new SocketMeters(registry);
        meters.counter(socket, tags, "messages.sent", MESSAGES, "messages sent (a PUB: one per subscriber)",
            SocketStats::messagesSent);
        meters.counter(socket, tags, "bytes.sent", BYTES, "payload bytes of the messages sent",
            SocketStats::bytesSent);
        meters.counter(socket, tags, "messages.received", MESSAGES, "messages received whole",
            SocketStats::messagesReceived);
        meters.counter(socket, tags, "bytes.received", BYTES, "payload bytes of the messages received",
            SocketStats::bytesReceived);
        for (final DropReason reason : DropReason.values())
        {
            meters.counter(socket, tags.and("reason", reason.name().toLowerCase(Locale.ROOT)), "messages.dropped",
                MESSAGES, "messages dropped, by reason", (stats) -> stats.dropped(reason));
        }
        meters.counter(socket, tags, "peers.rejected", null, "peers this socket refused at the handshake",
            SocketStats::peersRejected);
        meters.counter(socket, tags, "rejected.by.peers", null, "times a peer refused this socket",
            SocketStats::rejectedByPeers);
        meters.counter(socket, tags, "back.pressure.waits", null, "sends that waited because every peer pushed back",
            SocketStats::backPressureWaits);
        meters.counter(socket, tags, "send.timeouts", null, "sends that timed out", SocketStats::sendTimeouts);
        meters.counter(socket, tags, "events.lost", null, "monitor events a slow listener missed",
            SocketStats::eventsLost);
        meters.meters.add(Gauge.builder(AeroMqMetrics.PREFIX + "peers", socket, SocketMeters::peers)
            .description("peers joined now").tags(tags).register(registry));
        return meters;
    }

    /**
     * Remove the socket's meters from the registry.
     */
    void remove()
    {
        for (final Meter meter : meters)
        {
            registry.remove(meter);
        }
        meters.clear();
    }

    /**
     * @return the meters registered.
     */
    List<Meter> meters()
    {
        return List.copyOf(meters);
    }

    private void counter(
        final Socket socket,
        final Tags tags,
        final String name,
        final String unit,
        final String description,
        final ToDoubleFunction<SocketStats> figure)
    {
        meters.add(FunctionCounter.builder(AeroMqMetrics.PREFIX + name, socket, (s) -> figure.applyAsDouble(s.stats()))
            .description(description).baseUnit(unit).tags(tags).register(registry));
    }

    private static double peers(final Socket socket)
    {
        return socket.stats().peers();
    }
}
