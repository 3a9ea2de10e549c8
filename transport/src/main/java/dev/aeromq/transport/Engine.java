package dev.aeromq.transport;

import dev.aeromq.codec.FrameReader;
import dev.aeromq.codec.MalformedFrameException;
import dev.aeromq.codec.sbe.BooleanType;
import dev.aeromq.codec.sbe.ByeDecoder;
import dev.aeromq.codec.sbe.DataDecoder;
import dev.aeromq.codec.sbe.HeartbeatDecoder;
import dev.aeromq.codec.sbe.HelloDecoder;
import dev.aeromq.codec.sbe.MessageHeaderDecoder;
import dev.aeromq.codec.sbe.RejectDecoder;
import dev.aeromq.codec.sbe.SocketType;
import dev.aeromq.codec.sbe.SubscriptionAction;
import dev.aeromq.codec.sbe.SubscriptionDecoder;
import dev.aeromq.codec.sbe.WelcomeDecoder;
import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.exceptions.RegistrationException;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The duty cycle that moves a set of sockets' messages: polls every subscription of its sockets,
 * runs handshakes, heartbeats, liveness checks and lingering closes, and hands DATA frames to the
 * sockets. One {@link Agent} on one thread; user threads talk to it through a command queue and
 * send DATA on the links directly.
 */
public final class Engine implements Agent
{
    private static final int FRAGMENT_LIMIT = 16;
    private static final long HOUSEKEEPING_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long HELLO_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(250);
    private static final long REJECTED_HELLO_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long RESOLVE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);
    private static final List<byte[]> NO_PREFIXES = List.of();

    private final String roleName;
    private final Aeron aeron;
    private final TransportSettings settings;
    private final Transport transport;
    private final ManyToOneConcurrentLinkedQueue<Runnable> commands = new ManyToOneConcurrentLinkedQueue<>();
    private final FrameReader reader = new FrameReader();
    private final DataFrame dataFrame = new DataFrame();
    private final FairPoller fairPoller = new FairPoller();
    private final ArrayList<Binding> bindings = new ArrayList<>();
    private final ArrayList<Connection> connections = new ArrayList<>();
    private final ArrayList<Closing> closings = new ArrayList<>();
    private final java.util.concurrent.locks.ReentrantLock duty = new java.util.concurrent.locks.ReentrantLock();
    private volatile boolean running = true;
    private long nowNs;
    private long nextHousekeepingNs;
    private long nextHeartbeatNs;

    Engine(final String roleName, final Aeron aeron, final TransportSettings settings, final Transport transport)
    {
        this.roleName = roleName;
        this.aeron = aeron;
        this.settings = settings;
        this.transport = transport;
    }

    @Override
    public String roleName()
    {
        return roleName;
    }

    /**
     * Run one duty cycle unless another thread is running one. The engine's own thread calls this
     * in its loop; a platform thread waiting for a message may call it too ({@link #tryDutyCycle}),
     * which spares the hand-off to and wake-up of the engine thread. The lock keeps every piece of
     * engine state single-threaded whoever runs the cycle.
     */
    @Override
    public int doWork()
    {
        if (!duty.tryLock())
        {
            return 0;
        }
        try
        {
            return dutyCycle();
        }
        finally
        {
            duty.unlock();
        }
    }

    /**
     * Do the engine's work on the calling thread if no other thread is doing it right now; errors go
     * to the error handler, never to the caller.
     *
     * @return the amount of work done, 0 if none or if another thread holds the duty cycle.
     */
    public int tryDutyCycle()
    {
        if (!running || !duty.tryLock())
        {
            return 0;
        }
        try
        {
            return running ? dutyCycle() : 0;
        }
        catch (final RuntimeException ex)
        {
            report(ex);
            return 0;
        }
        finally
        {
            duty.unlock();
        }
    }

    private int dutyCycle()
    {
        nowNs = System.nanoTime();
        int work = 0;
        Runnable command;
        while ((command = commands.poll()) != null)
        {
            command.run();
            work++;
        }
        // Fair queuing: each pass takes at most one fragment from every image of every socket that
        // has room, so messages from several peers interleave instead of arriving in bursts.
        for (int pass = 0; pass < FRAGMENT_LIMIT; pass++)
        {
            int progress = 0;
            for (int i = 0, n = bindings.size(); i < n; i++)
            {
                final Binding binding = bindings.get(i);
                progress += fairPoller.poll(binding.subscription, binding.assembler, binding.handler, binding.sharesSocket);
            }
            for (int i = 0, n = connections.size(); i < n; i++)
            {
                final Connection connection = connections.get(i);
                progress += fairPoller.poll(
                    connection.replySubscription, connection.assembler, connection.handler, connection.sharesSocket);
            }
            if (progress == 0)
            {
                break;
            }
            work += progress;
        }
        if (nowNs - nextHousekeepingNs >= 0)
        {
            nextHousekeepingNs = nowNs + HOUSEKEEPING_INTERVAL_NS;
            work += housekeeping();
        }
        return work;
    }

    @Override
    public void onClose()
    {
        running = false;
        duty.lock(); // wait for a user thread that is running a cycle right now
        try
        {
            closeAll();
        }
        finally
        {
            duty.unlock();
        }
    }

    private void closeAll()
    {
        for (final Binding binding : bindings)
        {
            closeBinding(binding, false);
        }
        for (final Connection connection : connections)
        {
            closeConnection(connection, false);
        }
        bindings.clear();
        connections.clear();
        for (final Closing closing : closings)
        {
            closing.done.complete(null);
        }
        closings.clear();
        Runnable command;
        while ((command = commands.poll()) != null)
        {
            command.run();
        }
    }

    // ---------------------------------------------------------------- user-thread API

    /**
     * Listen on an endpoint. The subscription is added on the caller's thread so that errors (a port
     * in use) surface here.
     *
     * @param handler the socket.
     * @param uri     the endpoint.
     * @return the endpoint bound, with a port of 0 resolved.
     */
    public Endpoint bind(final SocketHandler handler, final String uri)
    {
        final Endpoint endpoint = Endpoint.parse(uri);
        transport.claimIpc(endpoint);
        final Subscription subscription;
        try
        {
            subscription = aeron.addSubscription(endpoint.channel(), endpoint.streamId());
        }
        catch (final RegistrationException ex)
        {
            transport.releaseIpc(endpoint);
            throw new Failure(Failure.Kind.INVALID_ENDPOINT, "cannot bind " + uri + ": " + inUse(ex), ex);
        }
        Endpoint resolved = endpoint;
        if (endpoint instanceof Endpoint.Udp udp)
        {
            final String hostPort = resolve(subscription, uri);
            resolved = udp.port() == 0 ? udp.withPort(Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1))) : udp;
        }
        final Binding binding = new Binding(this, handler, resolved, subscription);
        call(() ->
        {
            bindings.add(binding);
            recountStreams();
            return null;
        });
        return resolved;
    }

    /**
     * Connect to an endpoint; the handshake runs in the background and retries until the peer binds.
     *
     * @param handler the socket.
     * @param uri     the endpoint.
     */
    public void connect(final SocketHandler handler, final String uri)
    {
        final Endpoint endpoint = Endpoint.parse(uri);
        final String replySubscriptionChannel;
        final int replyStreamId;
        if (endpoint.isIpc())
        {
            replySubscriptionChannel = "aeron:ipc";
            replyStreamId = ThreadLocalRandom.current().nextInt(0x10000000, 0x40000000);
        }
        else
        {
            replySubscriptionChannel = "aeron:udp?endpoint=" + (isLoopback(endpoint) ? "127.0.0.1" : "0.0.0.0") + ":0";
            replyStreamId = Endpoint.UDP_STREAM_ID;
        }
        final Subscription reply;
        try
        {
            reply = aeron.addSubscription(replySubscriptionChannel, replyStreamId);
        }
        catch (final RegistrationException ex)
        {
            throw new Failure(Failure.Kind.INVALID_ENDPOINT, "cannot connect to " + uri +
                ": no reply stream could be opened: " + ex.getMessage(), ex);
        }
        final String replyChannel = endpoint.isIpc() ?
            replySubscriptionChannel : "aeron:udp?endpoint=" + resolve(reply, uri);
        final ExclusivePublication publication;
        try
        {
            publication = aeron.addExclusivePublication(publicationChannel(endpoint.channel()), endpoint.streamId());
        }
        catch (final RegistrationException ex)
        {
            CloseHelper.quietClose(reply);
            throw new Failure(Failure.Kind.INVALID_ENDPOINT, "cannot connect to " + uri + ": " + ex.getMessage(), ex);
        }
        final Link link = new Link(publication, handler.socketId(), settings.attachmentThreshold(), uri);
        final Connection connection =
            new Connection(this, handler, endpoint, reply, replyChannel, replyStreamId, link);
        call(() ->
        {
            connections.add(connection);
            recountStreams();
            return null;
        });
    }

    /**
     * Stop listening on an endpoint; its peers get a BYE and are dropped.
     *
     * @param handler the socket.
     * @param uri     as bound, or as resolved.
     */
    public void unbind(final SocketHandler handler, final String uri)
    {
        final boolean found = call(() ->
        {
            for (final Iterator<Binding> it = bindings.iterator(); it.hasNext(); )
            {
                final Binding binding = it.next();
                if (binding.handler == handler && matches(binding.endpoint, uri))
                {
                    it.remove();
                    closeBinding(binding, true);
                    recountStreams();
                    return true;
                }
            }
            return false;
        });
        if (!found)
        {
            throw new Failure(Failure.Kind.INVALID_ENDPOINT, "cannot unbind " + uri + ": the socket is not bound there");
        }
    }

    /**
     * Drop the connection to an endpoint; the peer gets a BYE.
     *
     * @param handler the socket.
     * @param uri     as connected.
     */
    public void disconnect(final SocketHandler handler, final String uri)
    {
        final boolean found = call(() ->
        {
            for (final Iterator<Connection> it = connections.iterator(); it.hasNext(); )
            {
                final Connection connection = it.next();
                if (connection.handler == handler && connection.endpoint.uri().equals(uri))
                {
                    it.remove();
                    closeConnection(connection, true);
                    recountStreams();
                    return true;
                }
            }
            return false;
        });
        if (!found)
        {
            throw new Failure(Failure.Kind.INVALID_ENDPOINT,
                "cannot disconnect " + uri + ": the socket is not connected there");
        }
    }

    /**
     * Close every endpoint of a socket: say BYE to each peer, wait up to the linger for their BYE
     * back (proof they read everything sent before it), then release the streams.
     *
     * @param handler  the socket.
     * @param lingerNs how long to wait for peers.
     */
    public void close(final SocketHandler handler, final long lingerNs)
    {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        if (!running || !commands.offer(() -> startClosing(handler, lingerNs, done)))
        {
            return;
        }
        awaitQuietly(done);
    }

    /**
     * Run a task on the engine thread, e.g. to act on the links in step with handshakes.
     *
     * @param task to run.
     */
    public void execute(final Runnable task)
    {
        if (running)
        {
            commands.offer(task);
        }
    }

    /**
     * @param error to report to the communicator's error handler.
     */
    public void report(final Throwable error)
    {
        try
        {
            settings.errorHandler().accept(error);
        }
        catch (final RuntimeException ignore)
        {
            // an error handler that throws must not stop the engine
        }
    }

    // ---------------------------------------------------------------- frames

    void onBindingFrame(
        final Binding binding, final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final int sessionId = header.sessionId();
        try
        {
            final int templateId = reader.read(buffer, offset, length);
            if (templateId == HelloDecoder.TEMPLATE_ID)
            {
                onHello(binding, sessionId);
                return;
            }
            final Link link = binding.links.get(sessionId);
            if (link == null || !link.isActive())
            {
                return; // not a peer (yet, or any more): nothing it says counts
            }
            link.lastHeardNs = nowNs;
            if (onPeerFrame(templateId, binding.handler, link))
            {
                dropLink(binding, link);
            }
        }
        catch (final MalformedFrameException | IllegalArgumentException | IndexOutOfBoundsException ex)
        {
            reportMalformed(binding.endpoint, sessionId, ex);
        }
    }

    void onConnectionFrame(
        final Connection connection, final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final int sessionId = header.sessionId();
        try
        {
            final int templateId = reader.read(buffer, offset, length);
            switch (templateId)
            {
                case WelcomeDecoder.TEMPLATE_ID -> onWelcome(connection, sessionId);
                case RejectDecoder.TEMPLATE_ID -> onReject(connection);
                default ->
                {
                    if (!connection.link.isActive() || sessionId != connection.link.peerSessionId())
                    {
                        return;
                    }
                    connection.link.lastHeardNs = nowNs;
                    if (onPeerFrame(templateId, connection.handler, connection.link))
                    {
                        resetConnection(connection);
                    }
                }
            }
        }
        catch (final MalformedFrameException | IllegalArgumentException | IndexOutOfBoundsException ex)
        {
            reportMalformed(connection.endpoint, sessionId, ex);
        }
    }

    /**
     * @return true if the peer said BYE and the link must go.
     */
    private boolean onPeerFrame(final int templateId, final SocketHandler handler, final Link link)
    {
        switch (templateId)
        {
            case DataDecoder.TEMPLATE_ID ->
            {
                dataFrame.wrap(reader);
                handler.onData(link, dataFrame);
            }
            case HeartbeatDecoder.TEMPLATE_ID ->
            {
                // lastHeardNs is already updated
            }
            case ByeDecoder.TEMPLATE_ID ->
            {
                final ByeDecoder bye = reader.bye();
                if (bye.ack() == BooleanType.TRUE)
                {
                    link.byeAcknowledged = true;
                }
                else
                {
                    link.bye(true);
                    return true;
                }
            }
            case SubscriptionDecoder.TEMPLATE_ID ->
            {
                final SubscriptionDecoder subscription = reader.subscription();
                final boolean subscribe = subscription.action() == SubscriptionAction.SUBSCRIBE;
                final byte[] prefix = new byte[subscription.prefixLength()];
                subscription.getPrefix(prefix, 0, prefix.length);
                handler.onSubscription(link, subscribe, prefix);
            }
            default -> throw new MalformedFrameException(
                "unexpected message type " + templateId + " on an established link");
        }
        return false;
    }

    private void onHello(final Binding binding, final int sessionId)
    {
        if (binding.links.containsKey(sessionId) || binding.pending.containsKey(sessionId))
        {
            return; // a repeated HELLO while we answer the first
        }
        final HelloDecoder hello = reader.hello();
        final int version = hello.protocolVersion();
        final SocketType peerType = socketType(hello.socketTypeRaw());
        final int replyStreamId = hello.replyStreamId();
        final List<byte[]> subscriptions = prefixes(hello.subscriptions());
        final String replyChannel = hello.replyChannel();

        final SocketType type = binding.handler.type();
        String rejectReason = null;
        if (version != MessageHeaderDecoder.SCHEMA_VERSION)
        {
            rejectReason = "protocol version " + version + " is not supported; " + binding.endpoint.uri() +
                " speaks version " + MessageHeaderDecoder.SCHEMA_VERSION;
        }
        else if (!compatible(type, peerType))
        {
            rejectReason = incompatible(peerType, type);
        }

        final Image image = binding.subscription.imageBySessionId(sessionId);
        final String channel = publicationChannel(replyTo(replyChannel, image));
        final long registrationId = aeron.asyncAddExclusivePublication(channel, replyStreamId);
        binding.pending.put(sessionId, new Binding.PendingPeer(sessionId, peerType, subscriptions,
            rejectReason, channel, registrationId, nowNs + settings.peerTimeoutNs()));
    }

    private void onWelcome(final Connection connection, final int sessionId)
    {
        if (connection.link.isActive())
        {
            return;
        }
        final WelcomeDecoder welcome = reader.welcome();
        final SocketType peerType = socketType(welcome.socketTypeRaw());
        final List<byte[]> subscriptions = prefixes(welcome.subscriptions());
        final SocketHandler handler = connection.handler;
        String reason = compatible(handler.type(), peerType) ? null : incompatible(handler.type(), peerType);
        if (reason == null)
        {
            reason = handler.admit(peerType);
        }
        if (reason != null)
        {
            // The binder took us, but we cannot take it (a PAIR that already has its peer).
            connection.link.bye(false);
            connection.rejected = true;
            connection.nextHelloNs = nowNs + REJECTED_HELLO_INTERVAL_NS;
            handler.onRejected(connection.endpoint.uri(), reason);
            return;
        }
        connection.rejected = false;
        final Link link = connection.link;
        link.peer(sessionId);
        link.lastHeardNs = nowNs;
        for (final byte[] prefix : subscriptions)
        {
            handler.onSubscription(link, true, prefix);
        }
        link.activate();
        handler.onPeerJoined(link);
    }

    private void onReject(final Connection connection)
    {
        if (connection.link.isActive())
        {
            return;
        }
        final String reason = reader.reject().reason();
        connection.rejected = true;
        connection.nextHelloNs = nowNs + REJECTED_HELLO_INTERVAL_NS;
        connection.handler.onRejected(connection.endpoint.uri(), reason);
    }

    // ---------------------------------------------------------------- timers

    private int housekeeping()
    {
        int work = 0;
        final boolean heartbeat = nowNs - nextHeartbeatNs >= 0;
        if (heartbeat)
        {
            nextHeartbeatNs = nowNs + settings.heartbeatIntervalNs();
        }
        for (int i = 0, n = bindings.size(); i < n; i++)
        {
            final Binding binding = bindings.get(i);
            if (!binding.pending.isEmpty())
            {
                work += progressPending(binding);
            }
            final boolean pushingBack = binding.handler.receiveCapacity() <= 0;
            for (final Iterator<Link> it = binding.links.values().iterator(); it.hasNext(); )
            {
                final Link link = it.next();
                if (pushingBack)
                {
                    link.lastHeardNs = nowNs; // we do not read them, so their silence proves nothing
                }
                if (binding.subscription.imageBySessionId(link.peerSessionId()) == null ||
                    nowNs - link.lastHeardNs > settings.peerTimeoutNs())
                {
                    it.remove();
                    leave(binding.handler, link);
                    work++;
                }
                else if (heartbeat)
                {
                    link.heartbeat();
                }
            }
        }
        for (int i = 0, n = connections.size(); i < n; i++)
        {
            final Connection connection = connections.get(i);
            final Link link = connection.link;
            if (connection.handler.receiveCapacity() <= 0)
            {
                link.lastHeardNs = nowNs; // we do not read it, so its silence proves nothing
            }
            if (connection.link.isActive())
            {
                if (connection.replySubscription.imageBySessionId(connection.link.peerSessionId()) == null ||
                    nowNs - link.lastHeardNs > settings.peerTimeoutNs())
                {
                    resetConnection(connection);
                    work++;
                }
                else if (heartbeat)
                {
                    link.heartbeat();
                }
            }
            else if (nowNs - connection.nextHelloNs >= 0 && link.publication().isConnected())
            {
                link.offerHello(connection.handler.type(), connection.replyStreamId, connection.replyChannel,
                    connection.handler.handshakeSubscriptions());
                connection.nextHelloNs = nowNs + (connection.rejected ? REJECTED_HELLO_INTERVAL_NS : HELLO_INTERVAL_NS);
                work++;
            }
        }
        for (final Iterator<Closing> it = closings.iterator(); it.hasNext(); )
        {
            final Closing closing = it.next();
            if (nowNs - closing.deadlineNs >= 0 || closing.allAcknowledged())
            {
                it.remove();
                finishClosing(closing);
                work++;
            }
        }
        return work;
    }

    private int progressPending(final Binding binding)
    {
        int work = 0;
        final SocketHandler handler = binding.handler;
        for (final Iterator<Binding.PendingPeer> it = binding.pending.values().iterator(); it.hasNext(); )
        {
            final Binding.PendingPeer peer = it.next();
            final boolean expired = nowNs - peer.deadlineNs > 0;
            if (peer.link == null)
            {
                final ExclusivePublication publication;
                try
                {
                    publication = aeron.getExclusivePublication(peer.registrationId);
                }
                catch (final RegistrationException ex)
                {
                    it.remove();
                    report(new IllegalStateException(
                        "cannot answer a peer of " + binding.endpoint.uri() + " on " + peer.replyChannel, ex));
                    continue;
                }
                if (publication == null)
                {
                    if (expired)
                    {
                        it.remove();
                        aeron.asyncRemovePublication(peer.registrationId);
                    }
                    continue;
                }
                peer.link = new Link(publication, handler.socketId(), settings.attachmentThreshold(),
                    peer.peerType + " peer of " + binding.endpoint.uri());
                peer.link.peer(peer.sessionId);
            }
            final Link link = peer.link;
            if (!link.publication().isConnected())
            {
                if (expired)
                {
                    it.remove();
                    CloseHelper.quietClose(link.publication());
                }
                continue;
            }
            final String reason = peer.rejectReason != null ? peer.rejectReason : handler.admit(peer.peerType);
            if (reason != null)
            {
                if (link.offerReject(handler.type(), reason) > 0 || expired)
                {
                    it.remove();
                    CloseHelper.quietClose(link.publication());
                    work++;
                }
                continue;
            }
            if (link.offerWelcome(handler.type(), handler.handshakeSubscriptions()) > 0)
            {
                it.remove();
                binding.links.put(peer.sessionId, link);
                link.lastHeardNs = nowNs;
                for (final byte[] prefix : peer.subscriptions)
                {
                    handler.onSubscription(link, true, prefix);
                }
                link.activate();
                handler.onPeerJoined(link);
                work++;
            }
            else if (expired)
            {
                it.remove();
                CloseHelper.quietClose(link.publication());
            }
        }
        return work;
    }

    // ---------------------------------------------------------------- teardown

    private void dropLink(final Binding binding, final Link link)
    {
        binding.links.remove(link.peerSessionId());
        leave(binding.handler, link);
    }

    private static void leave(final SocketHandler handler, final Link link)
    {
        link.deactivate();
        handler.onPeerLeft(link);
        CloseHelper.quietClose(link.publication());
    }

    private void resetConnection(final Connection connection)
    {
        connection.link.deactivate();
        connection.handler.onPeerLeft(connection.link);
        connection.nextHelloNs = nowNs;
    }

    private void closeBinding(final Binding binding, final boolean sayBye)
    {
        for (final Link link : binding.links.values())
        {
            if (sayBye)
            {
                link.bye(false);
            }
            link.deactivate();
            binding.handler.onPeerLeft(link);
            CloseHelper.quietClose(link.publication());
        }
        binding.links.clear();
        for (final Binding.PendingPeer peer : binding.pending.values())
        {
            if (peer.link != null)
            {
                CloseHelper.quietClose(peer.link.publication());
            }
            else
            {
                aeron.asyncRemovePublication(peer.registrationId);
            }
        }
        binding.pending.clear();
        CloseHelper.quietClose(binding.subscription);
        transport.releaseIpc(binding.endpoint);
    }

    private void closeConnection(final Connection connection, final boolean sayBye)
    {
        if (connection.link.isActive())
        {
            if (sayBye)
            {
                connection.link.bye(false);
            }
            connection.link.deactivate();
            connection.handler.onPeerLeft(connection.link);
        }
        CloseHelper.quietClose(connection.link.publication());
        CloseHelper.quietClose(connection.replySubscription);
    }

    private void startClosing(final SocketHandler handler, final long lingerNs, final CompletableFuture<Void> done)
    {
        final List<Link> saidBye = new ArrayList<>();
        if (lingerNs > 0)
        {
            for (final Binding binding : bindings)
            {
                if (binding.handler == handler)
                {
                    for (final Link link : binding.links.values())
                    {
                        if (link.bye(false))
                        {
                            saidBye.add(link);
                        }
                    }
                }
            }
            for (final Connection connection : connections)
            {
                if (connection.handler == handler && connection.link.isActive() && connection.link.bye(false))
                {
                    saidBye.add(connection.link);
                }
            }
        }
        final Closing closing = new Closing(handler, saidBye, System.nanoTime() + lingerNs, done);
        if (saidBye.isEmpty())
        {
            finishClosing(closing);
        }
        else
        {
            closings.add(closing);
        }
    }

    private void finishClosing(final Closing closing)
    {
        for (final Iterator<Binding> it = bindings.iterator(); it.hasNext(); )
        {
            final Binding binding = it.next();
            if (binding.handler == closing.handler)
            {
                it.remove();
                closeBinding(binding, false);
            }
        }
        for (final Iterator<Connection> it = connections.iterator(); it.hasNext(); )
        {
            final Connection connection = it.next();
            if (connection.handler == closing.handler)
            {
                it.remove();
                closeConnection(connection, false);
            }
        }
        recountStreams();
        closing.done.complete(null);
    }

    /** A socket saying goodbye: waiting for every peer's BYE back, up to its linger. */
    private record Closing(SocketHandler handler, List<Link> links, long deadlineNs, CompletableFuture<Void> done)
    {
        boolean allAcknowledged()
        {
            for (final Link link : links)
            {
                if (!link.byeAcknowledged && link.isActive())
                {
                    return false;
                }
            }
            return true;
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Mark the streams of sockets that read more than one, so polling interleaves them.
     */
    private void recountStreams()
    {
        final java.util.IdentityHashMap<SocketHandler, Integer> counts = new java.util.IdentityHashMap<>();
        for (final Binding binding : bindings)
        {
            counts.merge(binding.handler, 1, Integer::sum);
        }
        for (final Connection connection : connections)
        {
            counts.merge(connection.handler, 1, Integer::sum);
        }
        for (final Binding binding : bindings)
        {
            binding.sharesSocket = counts.get(binding.handler) > 1;
        }
        for (final Connection connection : connections)
        {
            connection.sharesSocket = counts.get(connection.handler) > 1;
        }
    }

    private <T> T call(final Supplier<T> task)
    {
        if (!running)
        {
            throw new Failure(Failure.Kind.CLOSED, "the communicator is closed");
        }
        final CompletableFuture<T> result = new CompletableFuture<>();
        commands.offer(() ->
        {
            try
            {
                result.complete(task.get());
            }
            catch (final RuntimeException ex)
            {
                result.completeExceptionally(ex);
            }
        });
        try
        {
            while (true)
            {
                try
                {
                    return result.get(100, TimeUnit.MILLISECONDS);
                }
                catch (final java.util.concurrent.TimeoutException ex)
                {
                    if (!running && !result.isDone())
                    {
                        throw new Failure(Failure.Kind.CLOSED, "the communicator is closed");
                    }
                }
            }
        }
        catch (final ExecutionException ex)
        {
            throw ex.getCause() instanceof RuntimeException re ? re : new IllegalStateException(ex.getCause());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new Failure(Failure.Kind.CLOSED, "interrupted while waiting for the engine", ex);
        }
    }

    private void awaitQuietly(final CompletableFuture<Void> done)
    {
        boolean interrupted = false;
        while (!done.isDone() && running)
        {
            try
            {
                done.get(100, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
            catch (final ExecutionException | java.util.concurrent.TimeoutException ignore)
            {
                // keep waiting while the engine runs
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void reportMalformed(final Endpoint endpoint, final int sessionId, final RuntimeException ex)
    {
        report(new IllegalStateException(
            "malformed frame on " + endpoint.uri() + " from session " + sessionId + " dropped: " + ex.getMessage(), ex));
    }

    private String publicationChannel(final String channel)
    {
        final ChannelUri uri = ChannelUri.parse(channel);
        if (uri.get("term-length") == null)
        {
            uri.put("term-length", Integer.toString(settings.termLength()));
        }
        if (uri.get("sparse") == null)
        {
            uri.put("sparse", "true");
        }
        return uri.toString();
    }

    /**
     * A UDP reply channel with a wildcard host means "the address you saw my HELLO come from".
     */
    private static String replyTo(final String replyChannel, final Image image)
    {
        final ChannelUri uri;
        try
        {
            uri = ChannelUri.parse(replyChannel);
        }
        catch (final RuntimeException ex)
        {
            throw new MalformedFrameException("HELLO has an unusable reply channel '" + replyChannel + "'");
        }
        final String endpoint = uri.get("endpoint");
        if (endpoint != null && image != null && (endpoint.startsWith("0.0.0.0:") || endpoint.startsWith("[::]:")))
        {
            final String source = image.sourceIdentity();
            final String sourceHost = source.substring(0, source.lastIndexOf(':'));
            uri.put("endpoint", sourceHost + endpoint.substring(endpoint.lastIndexOf(':')));
        }
        return uri.toString();
    }

    private static String resolve(final Subscription subscription, final String uri)
    {
        final long deadline = System.nanoTime() + RESOLVE_TIMEOUT_NS;
        String resolved;
        while ((resolved = subscription.resolvedEndpoint()) == null)
        {
            if (System.nanoTime() - deadline > 0)
            {
                CloseHelper.quietClose(subscription);
                throw new Failure(Failure.Kind.INVALID_ENDPOINT,
                    "cannot bind " + uri + ": the media driver did not report the bound port in time");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        return resolved;
    }

    private static boolean isLoopback(final Endpoint endpoint)
    {
        if (endpoint instanceof Endpoint.Udp udp)
        {
            final String host = udp.host();
            return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
        }
        return false;
    }

    private static boolean matches(final Endpoint endpoint, final String uri)
    {
        return endpoint.uri().equals(uri) || (endpoint instanceof Endpoint.Udp udp &&
            Endpoint.parse(uri) instanceof Endpoint.Udp other && other.host().equals(udp.host()) &&
            (other.port() == udp.port() || other.port() == 0));
    }

    private static String inUse(final RegistrationException ex)
    {
        final String message = String.valueOf(ex.getMessage());
        return message.toLowerCase().contains("in use") ? "the address is already in use (" + message + ")" : message;
    }

    private static SocketType socketType(final short raw)
    {
        final SocketType type;
        try
        {
            type = SocketType.get(raw);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new MalformedFrameException("unknown socket type " + raw);
        }
        if (type == SocketType.NULL_VAL)
        {
            throw new MalformedFrameException("unknown socket type " + raw);
        }
        return type;
    }

    private static List<byte[]> prefixes(final HelloDecoder.SubscriptionsDecoder group)
    {
        if (group.count() == 0)
        {
            return NO_PREFIXES;
        }
        final List<byte[]> prefixes = new ArrayList<>(group.count());
        for (final HelloDecoder.SubscriptionsDecoder entry : group)
        {
            final byte[] prefix = new byte[entry.prefixLength()];
            entry.getPrefix(prefix, 0, prefix.length);
            prefixes.add(prefix);
        }
        return prefixes;
    }

    private static List<byte[]> prefixes(final WelcomeDecoder.SubscriptionsDecoder group)
    {
        if (group.count() == 0)
        {
            return NO_PREFIXES;
        }
        final List<byte[]> prefixes = new ArrayList<>(group.count());
        for (final WelcomeDecoder.SubscriptionsDecoder entry : group)
        {
            final byte[] prefix = new byte[entry.prefixLength()];
            entry.getPrefix(prefix, 0, prefix.length);
            prefixes.add(prefix);
        }
        return prefixes;
    }

    /**
     * @param a one role.
     * @param b the other.
     * @return true if the two roles pair: REQ-REP, PUB-SUB, PUSH-PULL, PAIR-PAIR.
     */
    private static boolean compatible(final SocketType a, final SocketType b)
    {
        return b == partner(a);
    }

    private static SocketType partner(final SocketType type)
    {
        return switch (type)
        {
            case REQ -> SocketType.REP;
            case REP -> SocketType.REQ;
            case PUB -> SocketType.SUB;
            case SUB -> SocketType.PUB;
            case PUSH -> SocketType.PULL;
            case PULL -> SocketType.PUSH;
            case PAIR -> SocketType.PAIR;
            case NULL_VAL -> SocketType.NULL_VAL;
        };
    }

    private static String incompatible(final SocketType connecting, final SocketType bound)
    {
        return connecting + " cannot connect to " + bound + ": " + bound + " pairs only with " + partner(bound) +
            " and " + connecting + " only with " + partner(connecting);
    }

    /**
     * Polls a subscription's images in turn, one fragment each per pass when its socket reads several
     * (so peers interleave: fair queuing), the whole budget when it reads just this one; the socket's
     * room is asked once per subscription per pass. Reused, so the duty cycle allocates nothing.
     */
    private static final class FairPoller implements java.util.function.Consumer<Image>
    {
        private FragmentAssembler assembler;
        private int share;
        private int budget;
        private int fragments;

        int poll(
            final Subscription subscription,
            final FragmentAssembler assembler,
            final SocketHandler handler,
            final boolean sharesSocket)
        {
            final int images = subscription.imageCount();
            if (images == 0)
            {
                return 0;
            }
            final int capacity = handler.receiveCapacity();
            if (capacity <= 0)
            {
                return 0;
            }
            this.assembler = assembler;
            budget = Math.min(capacity, FRAGMENT_LIMIT);
            share = images == 1 && !sharesSocket ? budget : 1;
            fragments = 0;
            subscription.forEachImage(this);
            return fragments;
        }

        @Override
        public void accept(final Image image)
        {
            if (budget > 0)
            {
                final int polled = image.poll(assembler, Math.min(share, budget));
                fragments += polled;
                budget -= polled;
            }
        }
    }
}
