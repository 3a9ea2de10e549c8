package dev.aeromq;

import java.time.Duration;

/**
 * Subscriber. Receives the messages whose topic starts with one of its prefixes, each once, however
 * many prefixes match. Receives nothing until it subscribes.
 * <p>
 * Filtering happens at the publisher. Prefixes subscribed before a PUB joins travel inside the
 * handshake, so they are in force at that PUB once both sides' {@code awaitPeers} returned; a
 * {@link #subscribe} after that reaches the PUBs asynchronously, as in ZeroMQ (messages published
 * meanwhile are missed). {@link #unsubscribe} takes effect locally at once.
 */
public interface SubSocket extends ReceivingSocket
{
    @Override
    SubSocket bind(String endpoint);

    @Override
    SubSocket connect(String endpoint);

    @Override
    SubSocket awaitPeers(int count, Duration timeout);

    /**
     * Add a topic prefix; the empty prefix matches everything. Subscribing twice to a prefix needs
     * two unsubscribes.
     *
     * @param prefix byte-wise (UTF-8) prefix of the topics to receive.
     */
    void subscribe(String prefix);

    /**
     * Remove one subscription to a prefix. Messages with that prefix that are not yet received are
     * not delivered once this returns, unless another prefix matches them.
     *
     * @param prefix as given to {@link #subscribe}.
     */
    void unsubscribe(String prefix);
}
