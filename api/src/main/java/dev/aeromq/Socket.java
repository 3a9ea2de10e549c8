package dev.aeromq;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * What every AeroMQ socket can do: bind and connect to endpoints, set options, wait for peers, close.
 * <p>
 * Endpoints: {@code ipc://NAME} (same host, same media driver), {@code udp://HOST:PORT} (port 0 on
 * bind picks a free port, see {@link #endpoint()}), or a raw {@code aeron:} channel, optionally
 * followed by {@code #STREAM_ID}. Either side of a pattern may bind or connect.
 * <p>
 * A blocking call on a closed socket, or one closed while the caller is blocked, throws
 * {@link ClosedException}.
 */
public interface Socket extends AutoCloseable
{
    /**
     * Accept peers on an endpoint.
     *
     * @param endpoint to listen on.
     * @return this socket.
     * @throws InvalidEndpointException if the endpoint is malformed or cannot be bound.
     */
    Socket bind(String endpoint);

    /**
     * Connect to a peer bound on an endpoint. The handshake completes in the background, also if the
     * peer binds later; {@link #awaitPeers} waits for it.
     *
     * @param endpoint of the binding peer.
     * @return this socket.
     * @throws InvalidEndpointException if the endpoint is malformed.
     */
    Socket connect(String endpoint);

    /**
     * Stop listening on an endpoint this socket bound; peers that connected through it are dropped.
     *
     * @param endpoint as given to {@link #bind} or as returned by {@link #endpoint()}.
     * @throws InvalidEndpointException if the socket is not bound there.
     */
    void unbind(String endpoint);

    /**
     * Drop the connection to an endpoint this socket connected to.
     *
     * @param endpoint as given to {@link #connect}.
     * @throws InvalidEndpointException if the socket is not connected there.
     */
    void disconnect(String endpoint);

    /**
     * @return the endpoint of the last bind, with a port of 0 replaced by the port actually bound.
     * @throws SocketStateException if the socket is not bound.
     */
    String endpoint();

    /**
     * @param timeout how long a blocking send waits for a peer that can take the message;
     *                {@code null} or negative waits forever.
     */
    void sendTimeout(Duration timeout);

    /**
     * @param timeout how long a blocking receive waits for a message; {@code null} or negative waits
     *                forever (the default).
     */
    void receiveTimeout(Duration timeout);

    /**
     * The most messages this socket holds received but not yet taken by the application. When full,
     * the socket stops reading its streams, which pushes back on its senders through Aeron's flow
     * control (a PUB then drops for this subscriber). Takes effect for the messages that follow.
     *
     * @param messages at least 1.
     */
    void receiveHighWaterMark(int messages);

    /**
     * The most bytes of messages this socket holds received but not yet taken. Soft: a socket that
     * holds nothing takes one message larger than this. Default 64 MiB ({@code AEROMQ_RECEIVE_HWM_BYTES}).
     *
     * @param bytes at least 1.
     */
    void receiveHighWaterMarkBytes(long bytes);

    /**
     * The most payload bytes (frames and tensors' data, not topic or metadata) of one message this
     * socket sends or takes. Peers learn it at their next handshake, so a sender refuses (with
     * {@link MessageTooLargeException} naming whose limit) what this socket would drop; a larger message
     * that arrives anyway is dropped before any memory is allocated for it. Default 1 GiB
     * ({@code AEROMQ_MAX_MESSAGE_SIZE}); a single frame is at most 2 GiB - 1 bytes.
     *
     * @param bytes at least 1.
     */
    void maxMessageSize(long bytes);

    /**
     * @param linger how long {@link #close()} waits for peers to take the messages already sent;
     *               zero closes at once.
     */
    void linger(Duration linger);

    /**
     * @return the number of peers that have completed the handshake and are alive; it drops when a
     * peer closes (BYE), its stream goes away, or it is silent for the peer timeout.
     */
    int peerCount();

    /**
     * Block until at least this many peers have completed the handshake.
     *
     * @param count   peers to wait for.
     * @param timeout how long to wait.
     * @return this socket.
     * @throws TimeoutException          if fewer peers joined in time.
     * @throws IncompatiblePeerException if a peer this socket connected to refused it.
     * @throws ClosedException           if the socket is or gets closed.
     */
    Socket awaitPeers(int count, Duration timeout);

    /**
     * A snapshot of the socket's figures: messages and bytes sent and received, messages dropped by
     * reason, peers, refusals, back-pressure waits, send timeouts. Cheap enough to call often (it
     * reads counters; counting them costs the socket no lock and no allocation). The same figures
     * are Aeron counters, shown by AeronStat and {@code dev.aeromq.tools.AeroMqStat}. Still readable
     * after {@link #close()}.
     *
     * @return the figures now.
     */
    SocketStats stats();

    /**
     * Listen to the socket's events: endpoints bound and dialled, peers joining, leaving (with the
     * reason) and refused (with the reason), messages dropped (with the reason), each naming the
     * peer. The listener runs on a virtual thread of its own and gets the events in the order they
     * happened; the socket never waits for it: events wait in a bounded queue (4096), and those that
     * find it full are counted ({@link SocketStats#eventsLost()}) and reported to the listener as one
     * {@link SocketEvent.EventsLost} where the gap was. Only events after this call are reported (a
     * peer already joined is not announced). An exception from the listener goes to the error
     * handler and the next event comes all the same. Several listeners may listen; when the socket
     * closes each gets the events up to its close (the peers leaving), then its thread ends.
     *
     * @param listener gets the events.
     * @return closing it stops the delivery (a call in progress finishes; no further one starts).
     * @throws ClosedException if the socket is closed.
     */
    Subscription monitor(Consumer<SocketEvent> listener);

    /**
     * @return the pattern role of this socket.
     */
    SocketType type();

    /**
     * @return true once {@link #close()} was called.
     */
    boolean isClosed();

    /**
     * Close the socket: lingers (see {@link #linger}), says goodbye to every peer and wakes every
     * thread blocked on it with {@link ClosedException}. Idempotent.
     */
    @Override
    void close();
}
