package dev.aeromq.transport;

import io.aeron.Aeron;
import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.aeron.driver.Configuration;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.driver.exceptions.ActiveDriverException;
import io.aeron.exceptions.AeronException;
import io.aeron.exceptions.DriverTimeoutException;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.File;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The transport of one communicator: an embedded media driver (unless attached to an external one),
 * an Aeron client, and the engine agents that move the sockets' messages. Closing it stops all of
 * them in reverse order and deletes an embedded driver's directory (never one it did not create: see
 * {@link DriverDirectory}). Every thread it starts is a daemon, so a JVM whose application forgot to
 * close it still exits.
 * <p>
 * Losing the Aeron client (the driver stopped answering, the driver timed the client out; see
 * {@link ClientWatch}) closes the transport on a thread of its own, after telling the listener given to
 * {@link #onLost} the cause; from then on every call through an {@link EngineProxy} fails with it.
 */
public final class Transport implements AutoCloseable
{
    /**
     * How often an embedded driver checks its timeouts (Aeron's default is 1 s): among them whether an
     * untethered SUB of a shared IPC stream has fallen a window behind, so a SUB whose engine stopped is cut
     * loose within {@link FanOutChannels#UNTETHERED_WINDOW_LIMIT_NS} and a few of these, not seconds.
     */
    static final long DRIVER_TIMER_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(50);

    private static final long MAX_KEEPALIVE_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long MIN_CONNECTION_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(1);

    private final TransportSettings settings;
    private final ErrorReporter errors;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final ClientWatch watch;
    private final IpcClaims ipcClaims;
    private final EngineProxy[] proxies;
    private final AgentRunner[] runners;
    private final AtomicInteger nextEngine = new AtomicInteger();
    private final AtomicReference<String> lostCause = new AtomicReference<>();
    private final ReentrantLock closeLock = new ReentrantLock();
    private final File emptyDirectoryToKeep;
    private volatile Consumer<String> lossListener;
    private boolean closed;

    private Transport(final TransportSettings configured)
    {
        errors = new ErrorReporter(configured.errorHandler());
        final TransportSettings settings = configured.reportingTo(errors::report);
        this.settings = settings;
        final long timeoutMs = TimeUnit.NANOSECONDS.toMillis(settings.driverTimeoutNs());
        final String directory;
        if (settings.externalDriver())
        {
            directory = settings.aeronDirectory() != null ?
                settings.aeronDirectory() : CommonContext.getAeronDirectoryName();
        }
        else
        {
            directory = settings.aeronDirectory() != null ? settings.aeronDirectory() : DriverDirectory.fresh();
        }
        watch = new ClientWatch(directory, timeoutMs, settings, this::lost);
        MediaDriver embedded = null;
        Aeron client = null;
        boolean keepEmpty = false;
        try
        {
            if (!settings.externalDriver())
            {
                DriverDirectory.removeStale(timeoutMs, settings);
                keepEmpty = DriverDirectory.checkUsable(directory, timeoutMs);
                embedded = launch(directory, timeoutMs);
            }
            client = connect(directory, settings.externalDriver());
        }
        catch (final RuntimeException ex)
        {
            watch.closing();
            CloseHelper.quietCloseAll(client, embedded, errors);
            if (keepEmpty)
            {
                new File(directory).mkdirs();
            }
            throw ex;
        }
        driver = embedded;
        aeron = client;
        emptyDirectoryToKeep = keepEmpty ? new File(directory) : null;
        ipcClaims = new IpcClaims(client, directory, settings.driverTimeoutNs());

        proxies = new EngineProxy[settings.engineThreads()];
        runners = new AgentRunner[proxies.length];
        for (int i = 0; i < proxies.length; i++)
        {
            final Engine engine = new Engine("aeromq-engine-" + i, this::isLost);
            proxies[i] = new EngineProxy(engine, this);
            runners[i] = new AgentRunner(idleStrategy(settings.idle()), settings::report, null, engine);
            AgentRunner.startOnThread(runners[i], daemonThreads());
        }
    }

    /**
     * Start the transport.
     *
     * @param settings what to start.
     * @return the running transport.
     * @throws RuntimeException of kind CONFIG if an embedded driver was pointed at a directory a live driver
     *                          uses (or that holds other files), of kind CLOSED if no external driver runs.
     */
    public static Transport start(final TransportSettings settings)
    {
        return new Transport(settings);
    }

    /**
     * @return the proxy of the engine a new socket should use; sockets are spread round-robin.
     */
    public EngineProxy nextEngine()
    {
        return proxies[Math.floorMod(nextEngine.getAndIncrement(), proxies.length)];
    }

    /**
     * Be told once if the Aeron client is lost; the transport then closes itself right after the listener
     * returns. Called at once (on the caller's thread) if it was lost already.
     *
     * @param listener gets the cause: what happened and what to do.
     */
    public void onLost(final Consumer<String> listener)
    {
        lossListener = listener;
        final String cause = lostCause.get();
        if (cause != null)
        {
            listener.accept(cause);
        }
    }

    /**
     * @return why the Aeron client was lost, or null while it lives.
     */
    public String lostCause()
    {
        return lostCause.get();
    }

    boolean isLost()
    {
        return lostCause.get() != null;
    }

    /**
     * @return false once the Aeron client is terminating or closed. Asks the client under its lock, which it
     * holds while it closes every stream when it terminates: a stream seen gone is then told apart from a
     * client that is going.
     */
    boolean isClientAlive()
    {
        if (isLost())
        {
            return false;
        }
        try
        {
            aeron.getCounter(Aeron.NULL_VALUE); // no such counter: only checks that the client is active
            return true;
        }
        catch (final AeronException ex)
        {
            return false;
        }
    }

    Aeron aeron()
    {
        return aeron;
    }

    TransportSettings settings()
    {
        return settings;
    }

    /**
     * @return the Aeron directory in use.
     */
    public String aeronDirectory()
    {
        return aeron.context().aeronDirectoryName();
    }

    void claimIpc(final Endpoint endpoint)
    {
        ipcClaims.claim(endpoint);
    }

    void releaseIpc(final Endpoint endpoint)
    {
        ipcClaims.release(endpoint);
    }

    /**
     * Stop the engines, disconnect from the driver, stop an embedded driver and delete its directory.
     * Idempotent; a second caller waits until the first is done.
     */
    @Override
    public void close()
    {
        closeLock.lock();
        try
        {
            if (closed)
            {
                return;
            }
            closed = true;
            watch.closing();
            if (runners != null) // null only if the client was lost while the transport was starting
            {
                CloseHelper.closeAll(runners);
            }
            CloseHelper.closeAll(aeron, driver, errors);
        }
        finally
        {
            if (emptyDirectoryToKeep != null)
            {
                emptyDirectoryToKeep.mkdirs(); // the user's empty directory: the driver deleted it with its files
            }
            closeLock.unlock();
        }
    }

    /**
     * Report an error no caller can receive: the application's error handler gets it on a virtual
     * thread, rate-limited ({@link ErrorReporter}); this never blocks and never throws.
     *
     * @param error what went wrong.
     */
    public void report(final Throwable error)
    {
        errors.report(error);
    }

    private void lost(final String cause)
    {
        if (lostCause.compareAndSet(null, cause))
        {
            // Aeron's conductor thread calls here, maybe holding its client lock: close on another thread.
            Thread.ofPlatform().daemon().name("aeromq-driver-lost").start(this::closeLost);
        }
    }

    private void closeLost()
    {
        final Consumer<String> listener = lossListener;
        try
        {
            if (listener != null)
            {
                listener.accept(lostCause.get());
            }
        }
        catch (final RuntimeException ex)
        {
            settings.report(ex);
        }
        finally
        {
            close();
        }
    }

    private MediaDriver launch(final String directory, final long timeoutMs)
    {
        try
        {
            return MediaDriver.launch(driverContext(directory, timeoutMs));
        }
        catch (final ActiveDriverException ex)
        {
            throw DriverDirectory.liveDriver(directory, timeoutMs);
        }
    }

    /**
     * @return how long after a peer's last status message a publication to it stops being connected: the
     * embedded driver's setting, or Aeron's default for an external driver (its own setting is not known here).
     */
    long publicationConnectionTimeoutNs()
    {
        return settings.externalDriver() ?
            Configuration.PUBLICATION_CONNECTION_TIMEOUT_DEFAULT_NS :
            publicationConnectionTimeoutNs(settings.peerTimeoutNs());
    }

    /**
     * @return errors reported since the transport started that the error handler did not get itself
     * (over the reporter's rate, or beyond its queue): it gets a count of them instead.
     */
    long unreportedErrors()
    {
        return errors.dropped();
    }

    private MediaDriver.Context driverContext(final String directory, final long timeoutMs)
    {
        final MediaDriver.Context context = new MediaDriver.Context()
            .aeronDirectoryName(directory)
            .dirDeleteOnStart(false) // Aeron then refuses a directory whose driver is alive
            .dirDeleteOnShutdown(true)
            .driverTimeoutMs(timeoutMs)
            .threadingMode(switch (settings.driverThreading())
            {
                case SHARED -> ThreadingMode.SHARED;
                case SHARED_NETWORK -> ThreadingMode.SHARED_NETWORK;
                case DEDICATED -> ThreadingMode.DEDICATED;
            })
            .termBufferSparseFile(true)
            .publicationTermBufferLength(settings.termLength())
            .ipcTermBufferLength(settings.termLength())
            .errorHandler(new DriverErrors(settings::report))
            .timerIntervalNs(DRIVER_TIMER_INTERVAL_NS)
            .warnIfDirectoryExists(false)
            .publicationConnectionTimeoutNs(publicationConnectionTimeoutNs(settings.peerTimeoutNs()));
        context.sharedIdleStrategy(idleStrategy(settings.idle()))
            .conductorIdleStrategy(idleStrategy(settings.idle()))
            .senderIdleStrategy(idleStrategy(settings.idle()))
            .receiverIdleStrategy(idleStrategy(settings.idle()))
            .sharedNetworkIdleStrategy(idleStrategy(settings.idle()));
        context.sharedThreadFactory(daemonThreads())
            .conductorThreadFactory(daemonThreads())
            .senderThreadFactory(daemonThreads())
            .receiverThreadFactory(daemonThreads())
            .sharedNetworkThreadFactory(daemonThreads())
            .asyncExecutorThreadFactory(daemonThreads());
        return context;
    }

    /**
     * While a socket leaves a peer's messages unread, the peer's liveness is Aeron's: whether its side still
     * reads ours (a UDP publication stays connected while status messages come, every 200 ms). So a peer that
     * died is noticed within the peer timeout, not Aeron's default 5 s, when our side is full; never below 1 s.
     */
    static long publicationConnectionTimeoutNs(final long peerTimeoutNs)
    {
        return Math.max(MIN_CONNECTION_TIMEOUT_NS, Math.min(Configuration.PUBLICATION_CONNECTION_TIMEOUT_DEFAULT_NS,
            peerTimeoutNs));
    }

    private Aeron connect(final String directory, final boolean external)
    {
        if (external && !new File(directory, CncFileDescriptor.CNC_FILE).exists())
        {
            throw Failures.of(Failure.Kind.CLOSED, "no media driver is running at " + directory +
                " (external driver configured): start one there (e.g. the MediaDriverLauncher sample), " +
                "set AEROMQ_AERON_DIR to its directory, or use the embedded driver");
        }
        try
        {
            return Aeron.connect(new Aeron.Context()
                .aeronDirectoryName(directory)
                .driverTimeoutMs(TimeUnit.NANOSECONDS.toMillis(settings.driverTimeoutNs()))
                .keepAliveIntervalNs(Math.min(MAX_KEEPALIVE_INTERVAL_NS, settings.driverTimeoutNs() / 10))
                .errorHandler(watch::onError)
                .closeHandler(watch::onClose)
                .threadFactory(daemonThreads()));
        }
        catch (final DriverTimeoutException | IllegalStateException ex)
        {
            throw Failures.of(Failure.Kind.CLOSED, "no media driver is running at " + directory +
                (external ? " (external driver configured): start one there, or use the embedded driver" :
                ": the embedded driver did not start; see the error handler's log"), ex);
        }
    }

    private static ThreadFactory daemonThreads()
    {
        return Thread.ofPlatform().daemon().factory();
    }

    static IdleStrategy idleStrategy(final TransportSettings.Idle idle)
    {
        return switch (idle)
        {
            case BACKOFF -> new BackoffIdleStrategy(
                100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
            case SLEEPING -> new SleepingMillisIdleStrategy(1);
            case YIELDING -> new YieldingIdleStrategy();
            case BUSY_SPIN -> new BusySpinIdleStrategy();
        };
    }
}
