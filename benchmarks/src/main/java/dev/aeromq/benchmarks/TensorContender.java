package dev.aeromq.benchmarks;

import java.util.function.BooleanSupplier;

/**
 * One way of moving a float32 tensor between two sockets in this process, for {@link TensorBench}:
 * one-way (a sender streams tensors to a receiver that rebuilds each) and round trip (a requester
 * sends a tensor, the replier sends it back). Each loop runs on a thread of its own until the flag
 * drops and counts the tensor bytes it received.
 */
interface TensorContender extends AutoCloseable
{
    /**
     * Stream tensors to the receiving side.
     *
     * @param running false to stop.
     */
    void sendLoop(BooleanSupplier running);

    /**
     * Receive tensors, rebuilding each (type, shape, data).
     *
     * @param received counts the tensor bytes received.
     * @param running  false to stop.
     */
    void receiveLoop(ByteCounter received, BooleanSupplier running);

    /**
     * Send a tensor and wait for it to come back, over and over.
     *
     * @param received counts the tensor bytes that came back.
     * @param running  false to stop.
     */
    void requestLoop(ByteCounter received, BooleanSupplier running);

    /**
     * Answer each request with the tensor it carried.
     *
     * @param running false to stop.
     */
    void replyLoop(BooleanSupplier running);

    @Override
    void close();

    /**
     * Bytes received so far, read by the measuring thread.
     */
    final class ByteCounter
    {
        private volatile long bytes;
        private volatile long tensors;

        /**
         * @param count bytes of one tensor just received (single writer).
         */
        void record(final long count)
        {
            bytes += count;
            tensors++;
        }

        long bytes()
        {
            return bytes;
        }

        long tensors()
        {
            return tensors;
        }
    }
}
