package dev.aeromq.transport;

import java.util.concurrent.CompletableFuture;

/**
 * What a user thread asks of a socket's streams through the {@link EngineProxy}; the socket's duty
 * thread carries it out and completes its future.
 */
sealed interface Command
{
    /**
     * Listen on an endpoint.
     *
     * @param endpoint to bind.
     * @param result   the endpoint bound, with a port 0 resolved.
     */
    record Bind(Endpoint endpoint, CompletableFuture<Endpoint> result) implements Command
    {
    }

    /**
     * Connect to an endpoint; completes once the streams are added (the handshake goes on after).
     *
     * @param endpoint to connect to.
     * @param result   completed when dialling starts.
     */
    record Connect(Endpoint endpoint, CompletableFuture<Void> result) implements Command
    {
    }

    /**
     * Stop listening on an endpoint; its peers get a Bye and leave.
     *
     * @param uri    as bound, or as resolved.
     * @param result completed when done.
     */
    record Unbind(String uri, CompletableFuture<Void> result) implements Command
    {
    }

    /**
     * Drop the connection to an endpoint; the peer gets a Bye and leaves.
     *
     * @param uri    as connected.
     * @param result completed when done.
     */
    record Disconnect(String uri, CompletableFuture<Void> result) implements Command
    {
    }

    /**
     * Close the socket's streams: Bye to every peer, wait up to the linger for their answers, release.
     *
     * @param lingerNs how long to wait for the peers.
     * @param result   completed when every stream is released.
     */
    record Close(long lingerNs, CompletableFuture<Void> result) implements Command
    {
    }

    /**
     * Run a task in step with the socket's handshakes (e.g. a SUB telling its PUBs a new prefix).
     *
     * @param task to run under the socket's lock.
     */
    record Run(Runnable task) implements Command
    {
    }

    /**
     * @return the future to fail if the command cannot run, or null.
     */
    default CompletableFuture<?> future()
    {
        return switch (this)
        {
            case Bind bind -> bind.result();
            case Connect connect -> connect.result();
            case Unbind unbind -> unbind.result();
            case Disconnect disconnect -> disconnect.result();
            case Close close -> close.result();
            case Run ignored -> null;
        };
    }
}
