package dev.aeromq.transport;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How user threads ask an {@link Engine} for anything: open a socket's streams, bind, connect,
 * unbind, disconnect, close. Each call becomes a {@link Command} queued for the socket's engine thread;
 * the caller waits for its result. Aeron's registration calls are made asynchronously on the engine
 * thread, never on the caller's (a waiting caller only reads the socket's streams), so an interrupted
 * caller can neither make Aeron close its client (as it does when a thread is interrupted inside one of
 * its blocking calls) nor break a log buffer mapping (Aeron maps through interruptible file channels): it
 * gets a {@code ClosedException} and the command is undone. Once the Aeron client is lost, every call
 * fails at once with the cause.
 */
public final class EngineProxy
{
    private static final long POLL_NS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Engine engine;
    private final Transport transport;

    EngineProxy(final Engine engine, final Transport transport)
    {
        this.engine = engine;
        this.transport = transport;
    }

    /**
     * @param handler the socket's callbacks.
     * @return the socket's streams, which the engine now works on.
     */
    public SocketStreams open(final SocketHandler handler)
    {
        final SocketStreams socket = new SocketStreams(handler, transport);
        while (!engine.offer(socket))
        {
            ensureRunning();
            Thread.onSpinWait();
        }
        if (!engine.isRunning())
        {
            socket.forceClose();
            ensureRunning();
        }
        return socket;
    }

    /**
     * @param socket whose streams.
     * @param uri    endpoint to listen on.
     * @return the endpoint bound, with a port of 0 resolved.
     */
    public Endpoint bind(final SocketStreams socket, final String uri)
    {
        final CompletableFuture<Endpoint> result = new CompletableFuture<>();
        socket.enqueue(new Command.Bind(Endpoint.parse(uri), result));
        return await(socket, result, "binding " + uri);
    }

    /**
     * Connect; the handshake goes on in the background and retries until the peer binds.
     *
     * @param socket whose streams.
     * @param uri    endpoint to connect to.
     */
    public void connect(final SocketStreams socket, final String uri)
    {
        final CompletableFuture<Void> result = new CompletableFuture<>();
        socket.enqueue(new Command.Connect(Endpoint.parse(uri), result));
        await(socket, result, "connecting to " + uri);
    }

    /**
     * @param socket whose streams.
     * @param uri    as bound, or as resolved.
     */
    public void unbind(final SocketStreams socket, final String uri)
    {
        final CompletableFuture<Void> result = new CompletableFuture<>();
        socket.enqueue(new Command.Unbind(uri, result));
        await(socket, result, "unbinding " + uri);
    }

    /**
     * @param socket whose streams.
     * @param uri    as connected.
     */
    public void disconnect(final SocketStreams socket, final String uri)
    {
        final CompletableFuture<Void> result = new CompletableFuture<>();
        socket.enqueue(new Command.Disconnect(uri, result));
        await(socket, result, "disconnecting from " + uri);
    }

    /**
     * Say Bye to every peer, wait up to the linger for their answers (proof they read everything sent
     * before), then release the streams. Returns when done, also if interrupted meanwhile.
     *
     * @param socket   whose streams.
     * @param lingerNs how long to wait for the peers.
     */
    public void close(final SocketStreams socket, final long lingerNs)
    {
        final CompletableFuture<Void> result = new CompletableFuture<>();
        socket.enqueue(new Command.Close(lingerNs, result));
        boolean interrupted = false;
        while (!result.isDone() && engine.isRunning() && !transport.isLost())
        {
            try
            {
                result.get(POLL_NS, TimeUnit.NANOSECONDS);
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
            catch (final ExecutionException | TimeoutException ignore)
            {
                // keep waiting while the engine runs
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Work for a platform thread waiting on its socket (see {@link Engine#help}); never blocks.
     *
     * @param socket the caller's socket.
     * @return work done; 0 if none, or if other threads are doing it.
     */
    public int help(final SocketStreams socket)
    {
        return engine.help(socket);
    }

    /**
     * Run a task under the socket's lock, in step with its handshakes; returns at once.
     *
     * @param socket whose streams.
     * @param task   to run.
     */
    public void execute(final SocketStreams socket, final Runnable task)
    {
        socket.enqueue(new Command.Run(task));
    }

    private <T> T await(final SocketStreams socket, final CompletableFuture<T> result, final String what)
    {
        try
        {
            while (true)
            {
                ensureRunning();
                socket.tryDoWork();
                try
                {
                    return result.get(POLL_NS, TimeUnit.NANOSECONDS);
                }
                catch (final TimeoutException ignore)
                {
                    // check the engine still runs, then wait on
                }
            }
        }
        catch (final ExecutionException ex)
        {
            throw ex.getCause() instanceof RuntimeException cause ? cause :
                Failures.of(Failure.Kind.CLOSED, what + " failed: " + ex.getCause(), ex.getCause());
        }
        catch (final InterruptedException ex)
        {
            result.cancel(false); // the duty thread undoes what it did for it
            Thread.currentThread().interrupt();
            throw Failures.of(Failure.Kind.CLOSED, "interrupted while " + what, ex);
        }
    }

    private void ensureRunning()
    {
        final String lost = transport.lostCause();
        if (lost != null)
        {
            throw Failures.of(Failure.Kind.CLOSED, "the communicator is closed: " + lost);
        }
        if (!engine.isRunning())
        {
            throw Failures.of(Failure.Kind.CLOSED, "the communicator is closed");
        }
    }
}
