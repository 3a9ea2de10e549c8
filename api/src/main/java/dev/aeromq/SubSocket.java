package dev.aeromq;

import java.time.Duration;

/**
 * Subscriber. Receives the messages whose topic starts with one of its prefixes, each once, however
 * many prefixes match. Receives nothing until it subscribes.
 * <p>
 * Filtering happens at the publisher. Prefixes subscribed before a PUB joins travel inside the
 * handshake, so they are in force at that PUB once both sides' {@code awaitPeers} returned; a
 * {@link #subscribe} after that returns once every joined PUB has confirmed the prefix, so a message
 * published after it returns is never missed for want of it (unlike ZeroMQ, where the first messages
 * after a subscribe are often lost). {@link #unsubscribe} takes effect locally at once.
 * <p>
 * A PUB holds at most 65,536 prefixes of at most 1,024 UTF-8 bytes each, 4 MiB in all, per SUB;
 * {@code subscribe} refuses what is beyond.
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
     * @throws TimeoutException         if a joined PUB did not confirm the prefix within the send timeout
     *                                  (the prefix stays subscribed and takes effect there later).
     * @throws IllegalArgumentException if the prefix is longer than 1,024 UTF-8 bytes.
     * @throws SocketStateException     if the socket already holds as many prefixes as a PUB accepts.
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
