package dev.aeromq.benchmarks;

import java.util.function.BooleanSupplier;

/**
 * One contender's sender and receiver, connected and ready (peers joined), for
 * {@link ThroughputMeter}. The meter runs {@link #sendLoop} and {@link #receiveLoop} on two platform
 * threads of their own, and {@link #close()} once both have stopped (or failed to stop in time).
 */
interface ThroughputLink extends AutoCloseable
{
    /**
     * Send the payload as fast as the transport takes it until {@code running} turns false; waits
     * inside must be bounded (a short timeout) so the flag is checked at least every few hundred ms.
     *
     * @param running checked between sends.
     * @throws Exception if sending fails; the run then has no figure.
     */
    void sendLoop(BooleanSupplier running) throws Exception;

    /**
     * Receive until {@code running} turns false, recording every message; waits inside must be bounded.
     *
     * @param counter records each message received.
     * @param running checked between receives.
     * @throws Exception if receiving fails; the run then has no figure.
     */
    void receiveLoop(ThroughputMeter.Counter counter, BooleanSupplier running) throws Exception;

    /**
     * Release everything (sockets, publications, contexts, drivers); must not wait longer than a
     * few seconds.
     */
    @Override
    void close();
}
