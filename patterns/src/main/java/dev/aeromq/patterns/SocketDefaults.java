package dev.aeromq.patterns;

/**
 * The option values a new socket starts with (from the communicator's configuration).
 *
 * @param sendTimeoutNs        send timeout, negative for forever.
 * @param receiveTimeoutNs     receive timeout, negative for forever.
 * @param lingerNs             linger on close.
 * @param receiveHighWaterMark inbox bound in messages.
 * @param publisherWaits       true if a PUB waits for slow subscribers instead of dropping.
 */
public record SocketDefaults(
    long sendTimeoutNs,
    long receiveTimeoutNs,
    long lingerNs,
    int receiveHighWaterMark,
    boolean publisherWaits)
{
}
