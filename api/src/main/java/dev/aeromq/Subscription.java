package dev.aeromq;

/**
 * A running {@link ReceivingSocket#onMessage} handler or {@link Socket#monitor} listener; closing it
 * stops delivery.
 */
public interface Subscription extends AutoCloseable
{
    /**
     * Stop delivering messages to the handler. A call in progress finishes; no further ones start.
     */
    @Override
    void close();
}
