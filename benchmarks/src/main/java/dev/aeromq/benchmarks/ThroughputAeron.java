package dev.aeromq.benchmarks;

import io.aeron.Aeron;
import io.aeron.ChannelUriStringBuilder;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.FragmentHandler;
import org.agrona.CloseHelper;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The raw Aeron contender, written as Aeron's samples (StreamingPublisher, RateSubscriber) are: one
 * exclusive publication, {@code tryClaim} for messages within {@code maxPayloadLength} and
 * {@code offer} above it, back pressure retried with the shared idle strategy; a subscriber polling
 * through a {@link FragmentAssembler} with a fragment limit of 10. Its own embedded driver has
 * AeroMQ's settings (BenchSupport).
 */
final class ThroughputAeron implements ThroughputLink
{
    private static final int STREAM_ID = 1001;
    private static final int FRAGMENT_LIMIT = 10;
    private static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    private final MediaDriver driver;
    private final Aeron aeron;
    private final Subscription subscription;
    private final ExclusivePublication publication;
    private final UnsafeBuffer payload;

    private ThroughputAeron(final MediaDriver driver, final Aeron aeron, final Subscription subscription,
        final ExclusivePublication publication, final byte[] payload)
    {
        this.driver = driver;
        this.aeron = aeron;
        this.subscription = subscription;
        this.publication = publication;
        this.payload = new UnsafeBuffer(payload);
    }

    /**
     * @param transport ipc or udp.
     * @param payload   what every message carries.
     * @return the link, publication and subscription connected.
     * @throws InterruptedException if interrupted while waiting for the connection.
     */
    static ThroughputAeron open(final String transport, final byte[] payload) throws InterruptedException
    {
        final MediaDriver driver = BenchSupport.rawAeronDriver();
        Aeron aeron = null;
        try
        {
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            final String publicationChannel;
            final String subscriptionChannel;
            if ("ipc".equals(transport))
            {
                publicationChannel = new ChannelUriStringBuilder().media("ipc")
                    .termLength(BenchSupport.TERM_LENGTH).sparse(true).build();
                subscriptionChannel = "aeron:ipc";
            }
            else
            {
                final String endpoint = "127.0.0.1:" + BenchSupport.freeUdpPort();
                publicationChannel = new ChannelUriStringBuilder().media("udp").endpoint(endpoint)
                    .termLength(BenchSupport.TERM_LENGTH).sparse(true).build();
                subscriptionChannel = new ChannelUriStringBuilder().media("udp").endpoint(endpoint).build();
            }
            final Subscription subscription = aeron.addSubscription(subscriptionChannel, STREAM_ID);
            final ExclusivePublication publication = aeron.addExclusivePublication(publicationChannel, STREAM_ID);
            final long deadline = System.nanoTime() + CONNECT_TIMEOUT_NS;
            while (!publication.isConnected() || !subscription.isConnected())
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw new IllegalStateException("raw Aeron publication and subscription on " +
                        publicationChannel + " did not connect within 5 s");
                }
                Thread.sleep(1);
            }
            return new ThroughputAeron(driver, aeron, subscription, publication, payload);
        }
        catch (final RuntimeException | InterruptedException ex)
        {
            CloseHelper.quietCloseAll(aeron, driver);
            throw ex;
        }
    }

    /**
     * @return the publication, for a harness of its own (the alloc scenario).
     */
    ExclusivePublication publication()
    {
        return publication;
    }

    /**
     * @return the subscription, for a harness of its own.
     */
    Subscription subscription()
    {
        return subscription;
    }

    @Override
    public void sendLoop(final BooleanSupplier running)
    {
        final IdleStrategy idle = BenchSupport.idle();
        final BufferClaim claim = new BufferClaim();
        final int length = payload.capacity();
        final boolean claimable = length <= publication.maxPayloadLength();
        while (running.getAsBoolean())
        {
            final long result;
            if (claimable)
            {
                result = publication.tryClaim(length, claim);
                if (result > 0)
                {
                    claim.buffer().putBytes(claim.offset(), payload, 0, length);
                    claim.commit();
                }
            }
            else
            {
                result = publication.offer(payload, 0, length);
            }

            if (result > 0)
            {
                idle.reset();
            }
            else if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                throw new IllegalStateException("raw Aeron publication failed: " + Publication.errorString(result));
            }
            else
            {
                idle.idle(); // back pressured, not connected or admin action: retry
            }
        }
    }

    @Override
    public void receiveLoop(final ThroughputMeter.Counter counter, final BooleanSupplier running)
    {
        final IdleStrategy idle = BenchSupport.idle();
        final FragmentHandler handler = (buffer, offset, length, header) -> counter.record(length);
        final FragmentAssembler assembler = new FragmentAssembler(handler);
        while (running.getAsBoolean())
        {
            idle.idle(subscription.poll(assembler, FRAGMENT_LIMIT));
        }
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(publication, subscription, aeron, driver);
    }
}
