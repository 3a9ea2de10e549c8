package dev.aeromq.transport;

import dev.aeromq.codec.Liveness;
import dev.aeromq.codec.sbe.SocketType;

import java.util.List;

/**
 * What a connector's Hello says, built once per dial: it goes out while dialling and, once linked,
 * again every heartbeat interval (without prefixes: a binder that does not know the link answers it
 * with a Welcome, and the prefixes follow once the link is up again).
 *
 * @param type           the connector's role.
 * @param socketId       its id.
 * @param nonce          of this dial, echoed by the answer.
 * @param replyStreamId  stream the binder answers on.
 * @param replyPort      UDP port of the reply stream, 0 for IPC.
 * @param maxMessageSize the connector's limit.
 * @param liveness       its heartbeat interval and peer timeout.
 * @param prefixes       a SUB's prefixes, else empty.
 */
record HelloFields(
    SocketType type,
    long socketId,
    long nonce,
    int replyStreamId,
    int replyPort,
    long maxMessageSize,
    Liveness liveness,
    List<byte[]> prefixes)
{
    /**
     * @return the same Hello without prefixes: the connector's heartbeat.
     */
    HelloFields asHeartbeat()
    {
        return prefixes.isEmpty() ? this : new HelloFields(type, socketId, nonce, replyStreamId, replyPort,
            maxMessageSize, liveness, List.of());
    }
}
