package dev.aeromq.patterns;

/**
 * The option values a new socket starts with (from the communicator's configuration).
 *
 * @param sendTimeout          how long a blocking send waits.
 * @param receiveTimeout       how long a blocking receive waits.
 * @param lingerNs             how long close waits for peers.
 * @param receiveHighWaterMark inbox bound in messages.
 * @param publisherWaits       true if a PUB waits for slow subscribers instead of dropping.
 */
public record SocketDefaults(
    Timeout sendTimeout,
    Timeout receiveTimeout,
    long lingerNs,
    int receiveHighWaterMark,
    boolean publisherWaits)
{
}
