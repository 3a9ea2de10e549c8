package dev.aeromq.benchmarks;

import java.util.function.BooleanSupplier;

/**
 * One contender's sender and receiver of large messages, connected and ready, for {@link LargeRun}:
 * {@link #send} runs on a sender thread, {@link #receive} on a receiver thread; each message is the first
 * {@code size} bytes of {@link LargeBuffers#source()} and lands in {@link LargeBuffers#destination()}.
 */
interface LargeLink extends AutoCloseable
{
    /**
     * Send one whole message, waiting out back pressure.
     *
     * @param size    bytes.
     * @param running checked while waiting; when false, give up and return.
     * @throws Exception if sending fails.
     */
    void send(int size, BooleanSupplier running) throws Exception;

    /**
     * Take what has arrived, without waiting long (at most a few ms).
     *
     * @param size bytes every message must have.
     * @return the work done, as the contender's API tells it (0 when there was none: the caller idles);
     * not necessarily whole messages.
     * @throws Exception if receiving fails, or a message is not whole.
     */
    int receive(int size) throws Exception;

    /**
     * @return whole messages received so far; called by the receiving thread.
     */
    long received();

    /**
     * Release everything; wakes a thread blocked in the transport.
     */
    @Override
    void close();
}
