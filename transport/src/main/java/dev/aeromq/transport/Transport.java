package dev.aeromq.transport;

import io.aeron.Aeron;
import io.aeron.CncFileDescriptor;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.exceptions.DriverTimeoutException;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.File;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The transport of one communicator: an embedded media driver (unless attached to an external one),
 * an Aeron client, and the engine agents that move the sockets' messages. Closing it stops all of
 * them in reverse order and deletes an embedded driver's directory.
 */
public final class Transport implements AutoCloseable
{
    private final TransportSettings settings;
    private final ErrorReporter errors;
    private final MediaDriver driver;
    private final Aeron aeron;
    private final EngineProxy[] proxies;
    private final AgentRunner[] runners;
    private final AtomicInteger nextEngine = new AtomicInteger();
    private final Set<String> boundIpc = ConcurrentHashMap.newKeySet();

    private Transport(final TransportSettings configured)
    {
        errors = new ErrorReporter(configured.errorHandler());
        final TransportSettings settings = configured.reportingTo(errors::report);
        this.settings = settings;
        MediaDriver embedded = null;
        Aeron client = null;
        try
        {
            final String directory;
            if (settings.externalDriver())
            {
                directory = settings.aeronDirectory() != null ?
                    settings.aeronDirectory() : CommonContext.getAeronDirectoryName();
            }
            else
            {
                embedded = MediaDriver.launch(driverContext(settings));
                directory = embedded.aeronDirectoryName();
            }
            client = connect(directory, settings.externalDriver());
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(client, embedded, errors);
            throw ex;
        }
        driver = embedded;
        aeron = client;

        proxies = new EngineProxy[settings.engineThreads()];
        runners = new AgentRunner[proxies.length];
        for (int i = 0; i < proxies.length; i++)
        {
            final Engine engine = new Engine("aeromq-engine-" + i);
            proxies[i] = new EngineProxy(engine, this);
            runners[i] = new AgentRunner(idleStrategy(settings.idle()), settings::report, null, engine);
            AgentRunner.startOnThread(runners[i]);
        }
    }

    /**
     * Start the transport.
     *
     * @param settings what to start.
     * @return the running transport.
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
        if (endpoint.isIpc() && !boundIpc.add(endpoint.channel() + "#" + endpoint.streamId()))
        {
            throw Failures.of(Failure.Kind.INVALID_ENDPOINT,
                "cannot bind " + endpoint.uri() + ": the address is already in use by another socket");
        }
    }

    void releaseIpc(final Endpoint endpoint)
    {
        if (endpoint.isIpc())
        {
            boundIpc.remove(endpoint.channel() + "#" + endpoint.streamId());
        }
    }

    /**
     * Stop the engines, disconnect from the driver, stop an embedded driver and delete its directory.
     */
    @Override
    public void close()
    {
        CloseHelper.closeAll(runners);
        CloseHelper.closeAll(aeron, driver, errors);
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

    private static MediaDriver.Context driverContext(final TransportSettings settings)
    {
        final String directory = settings.aeronDirectory() != null ?
            settings.aeronDirectory() : CommonContext.generateRandomDirName();
        final MediaDriver.Context context = new MediaDriver.Context()
            .aeronDirectoryName(directory)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
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
            .warnIfDirectoryExists(false);
        context.sharedIdleStrategy(idleStrategy(settings.idle()))
            .conductorIdleStrategy(idleStrategy(settings.idle()))
            .senderIdleStrategy(idleStrategy(settings.idle()))
            .receiverIdleStrategy(idleStrategy(settings.idle()))
            .sharedNetworkIdleStrategy(idleStrategy(settings.idle()));
        return context;
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
                .driverTimeoutMs(external ? 5_000 : 10_000)
                .errorHandler(settings::report));
        }
        catch (final DriverTimeoutException | IllegalStateException ex)
        {
            throw Failures.of(Failure.Kind.CLOSED, "no media driver is running at " + directory +
                " (external driver configured): start one there, or use the embedded driver", ex);
        }
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
