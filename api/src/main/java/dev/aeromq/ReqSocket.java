package dev.aeromq;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Requester. {@code send} and {@code receive} strictly alternate; requests go round-robin over the
 * connected REPs, and only the reply to the outstanding request is ever returned.
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
     * @throws TimeoutException if no reply came in time; the socket is then ready for a new request.
     */
    Message request(Message request, Duration timeout);

    /**
     * Send a request without waiting; many may be outstanding at once (pipelined, told apart by
     * correlation id), independently of the {@code send}/{@code receive} alternation. The future
     * fails with {@link TimeoutException} after the receive timeout if one is set, and with
     * {@link ClosedException} when the socket closes.
     *
     * @param request the request.
     * @return the reply, completed on a virtual thread.
     */
    CompletableFuture<Message> requestAsync(Message request);
}
