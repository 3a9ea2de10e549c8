package dev.aeromq;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Requester. {@code send} and {@code receive} strictly alternate; requests go round-robin over the
 * connected REPs, and only the reply to the outstanding request, from the REP it went to, is ever
 * returned (correlation ids start at a random value, and a reply must come back on the same link).
 * <p>
 * As in ZeroMQ, a {@code receive(Duration)} that times out leaves the request outstanding: a later
 * {@code receive} still gets its reply. Only {@link #request(Message, Duration)} gives up on a request
 * when its timeout passes. Unlike ZeroMQ, a REQ is never stuck on a REP that is gone: if the REP holding
 * the outstanding request leaves (closed, killed, silent for the peer timeout), the waiting or next
 * {@code receive} throws {@link PeerLostException} and the socket can send again. A REP whose
 * {@link RepSocket#serve serve} handler failed answers with an error, which {@code receive} throws as
 * {@link ReplyFailedException}.
 */
public interface ReqSocket extends SendingSocket, ReceivingSocket
{
    @Override
    ReqSocket bind(String endpoint);

    @Override
    ReqSocket connect(String endpoint);

    @Override
    ReqSocket awaitPeers(int count, Duration timeout);

    /**
     * Send a request and wait for its reply.
     *
     * @param request the request.
     * @param timeout how long to wait for a peer to take it plus for the reply.
     * @return the reply.
     * @throws TimeoutException    if no reply came in time; the request is abandoned (a late reply is
     *                             dropped) and the socket is ready for a new one.
     * @throws PeerLostException   if the REP holding the request left before it answered.
     * @throws ReplyFailedException if the REP's serve handler failed on the request.
     */
    Message request(Message request, Duration timeout);

    /**
     * Send a request without waiting; many may be outstanding at once (pipelined, told apart by
     * correlation id), independently of the {@code send}/{@code receive} alternation. The future
     * fails with {@link TimeoutException} after the receive timeout if one is set, with
     * {@link PeerLostException} if the REP holding it leaves, with {@link ReplyFailedException} if its
     * handler failed, and with {@link ClosedException} when the socket closes. At most as many as the
     * receive high-water mark may be outstanding; beyond that the call throws
     * {@link SocketStateException} (wait for some replies first).
     *
     * @param request the request.
     * @return the reply, completed on a virtual thread.
     */
    CompletableFuture<Message> requestAsync(Message request);
}
