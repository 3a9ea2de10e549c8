package dev.aeromq;

import java.time.Duration;

/**
 * Publisher. Sends each message to every subscriber with a matching prefix. Never blocks on a slow
 * subscriber: past its high-water mark that subscriber misses messages (unless
 * {@link Config.Builder#publisherBackPressure} chooses to wait instead).
 * <p>
 * {@code send(DirectBuffer, int, int)} and {@code trySend(DirectBuffer, int, int)} publish the region as
 * one frame under the empty topic: SUBs subscribed to the empty prefix receive it.
 */
public interface PubSocket extends SendingSocket
{
    @Override
    PubSocket bind(String endpoint);

    @Override
    PubSocket connect(String endpoint);

    @Override
    PubSocket awaitPeers(int count, Duration timeout);

    /**
     * Publish under a topic; same as {@code send(message.withTopic(topic))}.
     *
     * @param topic   the topic subscribers match their prefixes against.
     * @param message the message.
     */
    void publish(String topic, Message message);
}
