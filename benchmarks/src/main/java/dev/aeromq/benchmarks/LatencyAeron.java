package dev.aeromq.benchmarks;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;

/**
 * Raw Aeron ping-pong, written as Aeron's samples {@code Ping}/{@code Pong} are: a ping stream and a
 * pong stream, each an {@link ExclusivePublication} plus a {@link Subscription}; {@code tryClaim} for
 * messages that fit one frame, {@code offer} above; a {@link FragmentAssembler} on both sides for
 * messages above the MTU. The pong side echoes on a platform thread of its own. Both sides idle with
 * {@link BenchSupport#idle()}, the backoff AeroMQ's engine uses, so p50 includes waking up from a
 * park here as it does there: like for like, not the busy-spin best case.
 */
final class LatencyAeron implements LatencyLink
{
    private static final int PING_STREAM = 1001;
    private static final int PONG_STREAM = 1002;
    /** Fragments per poll; AeroMQ's engine polls at most 16 per socket per duty cycle. */
    private static final int FRAGMENT_LIMIT = 16;

    private final MediaDriver driver;
    private final Aeron aeron;
    private final ExclusivePublication pingPublication;
    private final Subscription pingSubscription;
    private final ExclusivePublication pongPublication;
    private final Subscription pongSubscription;
    private final Thread ponger;
    private final BufferClaim pingClaim = new BufferClaim();
    private final IdleStrategy pingIdle = BenchSupport.idle();
    private final FragmentAssembler replyAssembler = new FragmentAssembler(this::onReply);
    private volatile boolean running = true;
    private volatile Throwable pongError;
    private UnsafeBuffer request;
    private int size;
    private boolean replied;
    private int replyLength;

    /**
     * @param transport ipc or udp.
     */
    LatencyAeron(final String transport)
    {
        driver = BenchSupport.rawAeronDriver();
        Aeron client = null;
        try
        {
            client = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            final String params = "term-length=" + BenchSupport.TERM_LENGTH + "|sparse=true";
            final String pingChannel;
            final String pongChannel;
            if (transport.equals("ipc"))
            {
                pingChannel = "aeron:ipc?" + params;
                pongChannel = pingChannel;
            }
            else
            {
                final int pingPort = BenchSupport.freeUdpPort();
                int pongPort = BenchSupport.freeUdpPort();
                while (pongPort == pingPort)
                {
                    pongPort = BenchSupport.freeUdpPort();
                }
                pingChannel = "aeron:udp?endpoint=127.0.0.1:" + pingPort + "|" + params;
                pongChannel = "aeron:udp?endpoint=127.0.0.1:" + pongPort + "|" + params;
            }
            aeron = client;
            pingPublication = aeron.addExclusivePublication(pingChannel, PING_STREAM);
            pingSubscription = aeron.addSubscription(pingChannel, PING_STREAM);
            pongPublication = aeron.addExclusivePublication(pongChannel, PONG_STREAM);
            pongSubscription = aeron.addSubscription(pongChannel, PONG_STREAM);
            awaitConnected();
            ponger = Thread.ofPlatform().daemon().name("latency-aeron-pong").start(this::pong);
        }
        catch (final RuntimeException | Error ex)
        {
            CloseHelper.quietCloseAll(client, driver);
            throw ex;
        }
    }

    private void awaitConnected()
    {
        final long deadline = System.nanoTime() + LatencyScenario.ROUND_TRIP_TIMEOUT.toNanos();
        while (!(pingPublication.isConnected() && pongPublication.isConnected() &&
            pingSubscription.imageCount() > 0 && pongSubscription.imageCount() > 0))
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("ping/pong streams not connected within " +
                    LatencyScenario.ROUND_TRIP_TIMEOUT.toMillis() + " ms");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private void pong()
    {
        final BufferClaim claim = new BufferClaim();
        final IdleStrategy idle = BenchSupport.idle();
        final BooleanSupplier keepGoing = () -> running;
        final FragmentHandler echo = (buffer, offset, length, header) ->
            publish(pongPublication, claim, buffer, offset, length, idle, keepGoing);
        final FragmentAssembler assembler = new FragmentAssembler(echo);
        try
        {
            while (running)
            {
                idle.idle(pingSubscription.poll(assembler, FRAGMENT_LIMIT));
            }
        }
        catch (final RuntimeException | Error ex)
        {
            pongError = ex;
        }
    }

    /**
     * Put one message on a publication: {@code tryClaim} and copy when it fits one frame (the samples'
     * way), else {@code offer}, which fragments; back pressure is retried with the idle strategy.
     */
    private static void publish(final ExclusivePublication publication, final BufferClaim claim,
        final DirectBuffer buffer, final int offset, final int length, final IdleStrategy idle,
        final BooleanSupplier keepGoing)
    {
        final long deadline = System.nanoTime() + LatencyScenario.ROUND_TRIP_TIMEOUT.toNanos();
        final boolean claimable = length <= publication.maxPayloadLength();
        idle.reset();
        while (true)
        {
            final long result = claimable ?
                publication.tryClaim(length, claim) : publication.offer(buffer, offset, length);
            if (result > 0)
            {
                if (claimable)
                {
                    claim.buffer().putBytes(claim.offset(), buffer, offset, length);
                    claim.commit();
                }
                return;
            }
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED ||
                !keepGoing.getAsBoolean() || System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("offer failed: " + Publication.errorString(result));
            }
            idle.idle(); // BACK_PRESSURED, ADMIN_ACTION, or NOT_CONNECTED for a moment
        }
    }

    private void onReply(final DirectBuffer buffer, final int offset, final int length,
        final Header header)
    {
        replyLength = length;
        replied = true;
    }

    @Override
    public void prepare(final int size)
    {
        this.size = size;
        request = new UnsafeBuffer(ByteBuffer.allocateDirect(size)); // off-heap, as the samples use
        request.putBytes(0, BenchSupport.payload(size));
    }

    @Override
    public void roundTrip()
    {
        replied = false;
        publish(pingPublication, pingClaim, request, 0, size, pingIdle, () -> true);
        final long deadline = System.nanoTime() + LatencyScenario.ROUND_TRIP_TIMEOUT.toNanos();
        pingIdle.reset();
        while (!replied)
        {
            final int fragments = pongSubscription.poll(replyAssembler, FRAGMENT_LIMIT);
            if (fragments == 0 && System.nanoTime() - deadline > 0)
            {
                throw LatencyLink.failure("no pong within " + LatencyScenario.ROUND_TRIP_TIMEOUT.toMillis() +
                    " ms", pongError);
            }
            pingIdle.idle(fragments);
        }
        if (replyLength != size)
        {
            throw new IllegalStateException("pong of " + replyLength + " bytes to a ping of " + size);
        }
    }

    @Override
    public void close()
    {
        running = false;
        LatencyLink.join(ponger, "raw Aeron");
        CloseHelper.quietCloseAll(aeron, driver);
    }
}
