package dev.aeromq;

/**
 * A peer as the network presents it at the handshake: what an admission policy
 * ({@link Config.Builder#admission}) decides on.
 *
 * @param endpoint the endpoint of ours it connected to, as bound (e.g. {@code udp://0.0.0.0:5555}).
 * @param address  where its stream comes from: {@code host:port} for UDP, {@code aeron:ipc} for a
 *                 process on the same media driver.
 * @param type     its socket type.
 * @param socketId the id it gave itself (random per socket; not a credential).
 */
public record Peer(String endpoint, String address, SocketType type, long socketId)
{
}
