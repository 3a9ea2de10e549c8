package dev.aeromq.transport;

import dev.aeromq.codec.FanOutOffer;
import dev.aeromq.codec.sbe.FanOutKind;

import java.util.concurrent.TimeUnit;

/**
 * The channels of a PUB binder's shared stream (docs/architecture.md, "Fan-out"), one per kind of
 * endpoint:
 * <ul>
 *   <li>{@code ipc://NAME}: one IPC publication on a stream of its own (the endpoint's stream id with the
 *   top bit set: negative, so it meets no bound name and no reply stream); every SUB subscribes to it and
 *   reads the one log. A PUB that drops (the default) makes the SUBs' subscriptions untethered, so a SUB
 *   whose engine stops reading is cut loose after {@link #UNTETHERED_WINDOW_LIMIT_NS} (and rejoins after
 *   {@link #UNTETHERED_RESTING_NS}) instead of holding the publisher for good.</li>
 *   <li>{@code udp://HOST:PORT}: multi-destination-cast in dynamic control mode: the publication's control
 *   endpoint is on the binder's host, on a port of its own the Welcome names; each SUB subscribes on an
 *   ephemeral port and joins through it. Flow control {@code max} for a dropping PUB (the publisher follows
 *   the fastest SUB; one that falls behind loses messages), {@code min} for a waiting one.</li>
 *   <li>{@code udp://GROUP:PORT?interface=...}: multicast to the group on a stream of its own; the same
 *   flow control.</li>
 * </ul>
 * Raw {@code aeron:} endpoints have no shared stream: their PUB sends on each link.
 */
final class FanOutChannels
{
    /** Stream id of a UDP shared stream (MDC or multicast); bound UDP endpoints use {@link Endpoint#UDP_STREAM_ID}. */
    static final int UDP_STREAM_ID = 1002;

    /** How long an untethered IPC subscriber may stay a window behind before it is cut loose. */
    static final long UNTETHERED_WINDOW_LIMIT_NS = TimeUnit.MILLISECONDS.toNanos(100);

    /** How long a subscriber cut loose waits before it rejoins, at the slowest remaining one's place. */
    static final long UNTETHERED_RESTING_NS = TimeUnit.SECONDS.toNanos(1);

    private static final String UNTETHERED_IPC = "aeron:ipc?untethered-window-limit-timeout=" +
        TimeUnit.NANOSECONDS.toMillis(UNTETHERED_WINDOW_LIMIT_NS) + "ms|untethered-resting-timeout=" +
        TimeUnit.NANOSECONDS.toMillis(UNTETHERED_RESTING_NS) + "ms";

    private FanOutChannels()
    {
    }

    /**
     * @param binding a PUB's bound endpoint.
     * @return how its SUBs share one stream, or {@link FanOutKind#NONE}.
     */
    static FanOutKind kind(final Endpoint binding)
    {
        return switch (binding)
        {
            case Endpoint.Ipc ignore -> FanOutKind.IPC;
            case Endpoint.Udp ignore -> FanOutKind.MDC;
            case Endpoint.Multicast ignore -> FanOutKind.MULTICAST;
            case Endpoint.Raw ignore -> FanOutKind.NONE;
        };
    }

    /**
     * @param binding a PUB's bound endpoint with a shared stream.
     * @return the shared stream's id.
     */
    static int streamId(final Endpoint binding)
    {
        return binding.isIpc() ? binding.streamId() | 0x8000_0000 : UDP_STREAM_ID;
    }

    /**
     * @param binding  a PUB's bound endpoint with a shared stream.
     * @param lossless true if the PUB waits for slow SUBs.
     * @param settings the transport's.
     * @return the channel of the PUB's publication on it.
     */
    static String publication(final Endpoint binding, final boolean lossless, final TransportSettings settings)
    {
        final String flowControl = lossless ?
            "min,t:" + TimeUnit.NANOSECONDS.toMillis(settings.peerTimeoutNs()) + "ms" : "max";
        return switch (binding)
        {
            case Endpoint.Ipc ignore -> Channels.publication(lossless ? "aeron:ipc" : UNTETHERED_IPC, settings);
            case Endpoint.Udp udp -> Channels.publication("aeron:udp?control=" + Endpoint.hostPort(udp.host(), 0) +
                "|control-mode=dynamic|fc=" + flowControl +
                (Channels.isLoopback(udp) ? "|mtu=" + Channels.LOCAL_MTU : ""), settings);
            case Endpoint.Multicast multicast ->
                Channels.publication(multicast.channel() + "|fc=" + flowControl, settings);
            case Endpoint.Raw ignore -> throw new IllegalArgumentException("no shared stream on " + binding.uri());
        };
    }

    /**
     * @param target the endpoint a SUB connected to.
     * @param offer  what its PUB's Welcome offered.
     * @return the channel the SUB subscribes to, or null if the offer does not fit the endpoint.
     */
    static String subscription(final Endpoint target, final FanOutOffer offer)
    {
        return switch (offer.kind())
        {
            case IPC -> target.isIpc() ? (offer.lossless() ? "aeron:ipc" : "aeron:ipc?tether=false") : null;
            case MDC -> target instanceof Endpoint.Udp udp && offer.controlPort() > 0 ?
                Channels.subscription("aeron:udp?endpoint=" + (Channels.isLoopback(udp) ? "127.0.0.1" : "0.0.0.0") +
                ":0|control=" + Endpoint.hostPort(udp.host(), offer.controlPort()) + "|control-mode=dynamic") : null;
            case MULTICAST -> target instanceof Endpoint.Multicast ? Channels.subscription(target.channel()) : null;
            case NONE, NULL_VAL -> null;
        };
    }
}
