package dev.aeromq.patterns;

/**
 * The option values a new socket starts with (from the communicator's configuration).
 *
 * @param sendTimeout               how long a blocking send waits.
 * @param receiveTimeout            how long a blocking receive waits.
 * @param lingerNs                  how long close waits for peers.
 * @param receiveHighWaterMark      inbox bound in messages.
 * @param receiveHighWaterMarkBytes inbox bound in bytes (soft: one larger message is taken into an empty inbox).
 * @param maxMessageSize            the most payload bytes of one message this socket sends or takes.
 * @param publisherWaits            true if a PUB waits for slow subscribers instead of dropping.
 * @param sharedFanOut              true if a PUB binder shares one stream among the SUBs of each endpoint.
 * @param stallLimitNs              how long a dropping PUB waits for a subscriber in the middle of a message
 *                                  longer than one wire message before that subscriber misses it.
 */
public record SocketDefaults(
    Timeout sendTimeout,
    Timeout receiveTimeout,
    long lingerNs,
    int receiveHighWaterMark,
    long receiveHighWaterMarkBytes,
    long maxMessageSize,
    boolean publisherWaits,
    boolean sharedFanOut,
    long stallLimitNs)
{
}
