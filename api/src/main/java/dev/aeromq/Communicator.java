package dev.aeromq;

/**
 * The entry point: owns a media driver connection (an embedded driver by default), the engine
 * threads that move messages, and every socket it makes.
 * <pre>{@code
 * try (Communicator comm = Communicator.open()) {
 *     RepSocket rep = comm.rep().bind("ipc://echo");
 *     rep.serve(req -> Message.of("re: " + req.text()));
 *     ReqSocket req = comm.req().connect("ipc://echo");
 *     Message reply = req.request(Message.of("hello"), Duration.ofSeconds(1));
 * }
 * }</pre>
 * Thread safe. {@link #close()} closes every socket (honouring linger), then the engine and the
 * embedded driver, removing its directory.
 */
public final class Communicator implements AutoCloseable
{
    /**
     * @return a communicator configured by {@link Config#fromEnvironment()}.
     */
    public static Communicator open()
    {
        return open(Config.fromEnvironment());
    }

    /**
     * @param config the settings.
     * @return a communicator; its embedded driver (unless external) is running.
     */
    public static Communicator open(final Config config)
    {
        throw new UnsupportedOperationException("not yet");
    }

    /** @return a new REQ socket. */
    public ReqSocket req()
    {
        return (ReqSocket)socket(SocketType.REQ);
    }

    /** @return a new REP socket. */
    public RepSocket rep()
    {
        return (RepSocket)socket(SocketType.REP);
    }

    /** @return a new PUB socket. */
    public PubSocket pub()
    {
        return (PubSocket)socket(SocketType.PUB);
    }

    /** @return a new SUB socket. */
    public SubSocket sub()
    {
        return (SubSocket)socket(SocketType.SUB);
    }

    /** @return a new PUSH socket. */
    public PushSocket push()
    {
        return (PushSocket)socket(SocketType.PUSH);
    }

    /** @return a new PULL socket. */
    public PullSocket pull()
    {
        return (PullSocket)socket(SocketType.PULL);
    }

    /** @return a new PAIR socket. */
    public PairSocket pair()
    {
        return (PairSocket)socket(SocketType.PAIR);
    }

    /**
     * @param type of the socket.
     * @return a new socket of that type; cast to its interface (e.g. {@link ReqSocket}).
     * @throws ClosedException if the communicator is closed.
     */
    public Socket socket(final SocketType type)
    {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * @return the configuration in force.
     */
    public Config config()
    {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * @return the Aeron directory of the media driver in use.
     */
    public String aeronDirectory()
    {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * @return true once {@link #close()} was called.
     */
    public boolean isClosed()
    {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Close every socket (each honouring its linger), stop the engine, disconnect from the driver
     * and stop an embedded one, deleting its directory. Idempotent.
     */
    @Override
    public void close()
    {
        throw new UnsupportedOperationException("not yet");
    }
}
