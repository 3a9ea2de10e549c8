package dev.aeromq.transport;

import dev.aeromq.codec.sbe.SocketType;
import io.aeron.Subscription;
import org.agrona.collections.ArrayListUtil;

import java.util.ArrayList;
import java.util.List;

/**
 * The endpoints of one socket: those it bound ({@link Binding}) and connected to
 * ({@link Connection}), polled fairly and timed.
 * <p>
 * Engine-confined: used only under its socket's {@link SocketStreams} lock.
 */
final class Endpoints
{
    private static final int FRAGMENT_LIMIT = 16;

    private final SocketStreams streams;
    private final FairPoller poller = new FairPoller();
    private final ArrayList<Binding> bindings = new ArrayList<>();
    private final ArrayList<Connection> connections = new ArrayList<>();

    Endpoints(final SocketStreams streams)
    {
        this.streams = streams;
    }

    /**
     * Fair queuing: each pass takes at most one fragment from every image of every stream while the
     * socket has room, so several peers' messages interleave instead of arriving in bursts.
     *
     * @return fragments read.
     */
    int poll()
    {
        final int streamCount = bindings.size() + connections.size();
        int work = 0;
        for (int pass = 0; pass < FRAGMENT_LIMIT; pass++)
        {
            int progress = 0;
            for (int i = 0, n = bindings.size(); i < n; i++)
            {
                final Binding binding = bindings.get(i);
                final Subscription subscription = binding.subscription();
                if (subscription != null)
                {
                    progress += poller.poll(subscription, binding, FRAGMENT_LIMIT, streamCount == 1);
                }
            }
            for (int i = 0, n = connections.size(); i < n; i++)
            {
                final Connection connection = connections.get(i);
                final Subscription subscription = connection.subscription();
                if (subscription != null)
                {
                    progress += poller.poll(subscription, connection, FRAGMENT_LIMIT, streamCount == 1);
                }
            }
            progress += streams.fanOuts().poll(poller, FRAGMENT_LIMIT);
            if (progress == 0)
            {
                break;
            }
            work += progress;
        }
        return work;
    }

    /**
     * Every binding, connection and peer does its own timed work; one that fails is reported and the
     * rest go on.
     *
     * @param nowNs the duty cycle's time.
     * @return work done.
     */
    int onTimer(final long nowNs)
    {
        int work = 0;
        for (int i = bindings.size() - 1; i >= 0; i--)
        {
            final Binding binding = bindings.get(i);
            try
            {
                work += binding.doWork(nowNs);
            }
            catch (final RuntimeException ex)
            {
                streams.settings().report(ex);
            }
            if (binding.state() == Binding.State.CLOSED)
            {
                ArrayListUtil.fastUnorderedRemove(bindings, i);
            }
        }
        for (int i = connections.size() - 1; i >= 0; i--)
        {
            final Connection connection = connections.get(i);
            try
            {
                work += connection.doWork(nowNs);
            }
            catch (final RuntimeException ex)
            {
                streams.settings().report(ex);
            }
            if (connection.state() == Connection.State.CLOSED)
            {
                ArrayListUtil.fastUnorderedRemove(connections, i);
            }
        }
        return work;
    }

    void bind(final Command.Bind bind, final long nowNs)
    {
        final Endpoint endpoint = bind.endpoint();
        final Transport transport = streams.transport();
        checkMulticast(endpoint, SocketType.PUB, "bind");
        transport.claimIpc(endpoint);
        final long registrationId;
        try
        {
            registrationId = transport.aeron().asyncAddSubscription(
                Channels.subscription(endpoint.channel()), endpoint.streamId());
        }
        catch (final RuntimeException ex)
        {
            transport.releaseIpc(endpoint);
            throw ex;
        }
        final Binding binding = new Binding(streams, endpoint, registrationId, bind.result(), nowNs);
        bindings.add(binding);
        streams.fanOuts().bound(binding, nowNs);
    }

    /**
     * A multicast group is bound by a PUB, which shares its messages there, and connected to by SUBs.
     */
    private void checkMulticast(final Endpoint endpoint, final SocketType allowed, final String action)
    {
        final SocketType type = streams.handler().type();
        if (endpoint instanceof Endpoint.Multicast && type != allowed)
        {
            throw Failures.of(Failure.Kind.INVALID_ENDPOINT, "cannot " + action + " " + endpoint.uri() + ": a " +
                "multicast group is bound by a PUB and connected to by SUBs, not " + (action.equals("bind") ?
                "bound" : "connected to") + " by a " + type + "; use udp://HOST:PORT between other sockets");
        }
    }

    void connect(final Command.Connect connect)
    {
        final Endpoint endpoint = connect.endpoint();
        final Transport transport = streams.transport();
        checkMulticast(endpoint, SocketType.SUB, "connect");
        final int replyStreamId = Channels.replyStreamId(endpoint);
        final long reply = transport.aeron().asyncAddSubscription(Channels.replySubscription(endpoint), replyStreamId);
        final long publication = transport.aeron().asyncAddExclusivePublication(
            Channels.publication(endpoint.channel(), transport.settings()), endpoint.streamId());
        connections.add(new Connection(streams, endpoint, replyStreamId, reply, publication, connect.result()));
        streams.observer().connecting(endpoint.uri());
    }

    void unbind(final Command.Unbind unbind)
    {
        for (int i = 0; i < bindings.size(); i++)
        {
            final Binding binding = bindings.get(i);
            if (binding.matches(unbind.uri()))
            {
                binding.close(LeaveReason.UNBIND, true);
                bindings.remove(i);
                unbind.result().complete(null);
                return;
            }
        }
        throw Failures.of(Failure.Kind.INVALID_ENDPOINT,
            "cannot unbind " + unbind.uri() + ": the socket is not bound there");
    }

    void disconnect(final Command.Disconnect disconnect)
    {
        for (int i = 0; i < connections.size(); i++)
        {
            final Connection connection = connections.get(i);
            if (connection.uri().equals(disconnect.uri()))
            {
                connection.close(LeaveReason.DISCONNECT, true);
                connections.remove(i);
                disconnect.result().complete(null);
                return;
            }
        }
        throw Failures.of(Failure.Kind.INVALID_ENDPOINT,
            "cannot disconnect " + disconnect.uri() + ": the socket is not connected there");
    }

    /**
     * @param lingering collects every linked session, whose goodbye a closing socket awaits.
     */
    void lingering(final List<Session> lingering)
    {
        for (final Binding binding : bindings)
        {
            binding.lingering(lingering);
        }
        for (final Connection connection : connections)
        {
            connection.lingering(lingering);
        }
    }

    /**
     * @param source a UDP source host, or null for every source.
     * @return handshakes under way at this socket's bindings (from that source): what the
     * {@link HandshakeGate}s limit.
     */
    int pendingHandshakes(final String source)
    {
        int pending = 0;
        for (final Binding binding : bindings)
        {
            pending += binding.pendingHandshakes(source);
        }
        return pending;
    }

    /**
     * @param reason why every peer leaves.
     */
    void closeAll(final LeaveReason reason)
    {
        for (final Binding binding : bindings)
        {
            binding.close(reason, false);
        }
        for (final Connection connection : connections)
        {
            connection.close(reason, false);
        }
        bindings.clear();
        connections.clear();
    }
}
