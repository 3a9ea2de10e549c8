package dev.aeromq;

import java.time.Duration;
import java.util.function.Function;

/**
 * Replier. {@code receive} then {@code send}: the reply goes to the requester of the last request
 * received. {@link #serve} answers many requests concurrently instead.
 */
public interface RepSocket extends ReceivingSocket, SendingSocket
{
    @Override
    RepSocket bind(String endpoint);

    @Override
    RepSocket connect(String endpoint);

    @Override
    RepSocket awaitPeers(int count, Duration timeout);

    /**
     * Answer every request with the handler, each on a virtual thread of its own, each reply routed
     * to its own requester, at most as many at once as the receive high-water mark. A handler that
     * throws or returns null answers with an error: the requester's call fails with
     * {@link ReplyFailedException} naming it (and the error goes to the communicator's error handler).
     *
     * @param handler maps a request to its reply.
     * @return the running server; close it (or the socket) to stop serving.
     */
    Server serve(Function<Message, Message> handler);

    /**
     * As {@link #serve(Function)}, with at most {@code maxConcurrentHandlers} handlers running at once:
     * further requests wait in the socket (and past its high-water mark, push back on the requesters).
     *
     * @param handler               maps a request to its reply.
     * @param maxConcurrentHandlers 1 or more.
     * @return the running server; close it (or the socket) to stop serving.
     */
    Server serve(Function<Message, Message> handler, int maxConcurrentHandlers);

    /**
     * A running {@link #serve} loop.
     */
    interface Server extends AutoCloseable
    {
        /**
         * @return the number of requests whose reply was sent (or discarded for a gone requester).
         */
        long served();

        /**
         * Stop taking new requests; handlers already running finish and send their replies.
         */
        @Override
        void close();
    }
}
