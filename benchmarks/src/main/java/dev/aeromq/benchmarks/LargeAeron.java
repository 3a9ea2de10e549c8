package dev.aeromq.benchmarks;

import io.aeron.Aeron;
import io.aeron.ChannelUriStringBuilder;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.logbuffer.BufferClaim;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Raw Aeron moving large messages the way Aeron's {@code FileSender}/{@code FileReceiver} samples move a
 * file: one exclusive publication; each message cut into chunks that fill one fragment
 * ({@code maxPayloadLength()} minus a 16-byte chunk header: message length, chunk offset), each written
 * straight from the source into the log buffer with {@code tryClaim} and committed, back pressure retried
 * with the shared idle strategy; the subscriber polls through a {@link FragmentAssembler} (which passes
 * these one-fragment chunks through without copying) and copies each chunk to its offset in the
 * destination; a message is complete when its last byte has arrived. Channels have exactly AeroMQ's
 * settings for IPC and loopback UDP: the same term length, sparse log files, MTU 65504
 * ({@link BenchSupport#LOCAL_MTU}), and on UDP the same socket receive buffer and receiver window
 * ({@link BenchSupport#UDP_RECEIVE_BUFFER}); its own embedded driver has AeroMQ's driver settings.
 */
final class LargeAeron implements LargeLink
{
    private static final int STREAM_ID = 1001;
    /** As in FileReceiver. */
    private static final int FRAGMENT_LIMIT = 10;
    private static final int LENGTH_OFFSET = 0;
    private static final int CHUNK_OFFSET_OFFSET = 8;
    private static final int PAYLOAD_OFFSET = 16;
    private static final long CONNECT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    private final MediaDriver driver;
    private final Aeron aeron;
    private final Subscription subscription;
    private final ExclusivePublication publication;
    private final UnsafeBuffer source;
    private final UnsafeBuffer destination;
    private final BufferClaim claim = new BufferClaim();
    private final IdleStrategy sendIdle = BenchSupport.idle();
    private final FragmentAssembler assembler = new FragmentAssembler(this::onChunk);
    private long nextOffset;
    private long completed;
    private int expected;

    private LargeAeron(final MediaDriver driver, final Aeron aeron, final Subscription subscription,
        final ExclusivePublication publication, final LargeBuffers buffers)
    {
        this.driver = driver;
        this.aeron = aeron;
        this.subscription = subscription;
        this.publication = publication;
        this.source = buffers.source();
        this.destination = buffers.destination();
    }

    /**
     * @param transport ipc or udp.
     * @param buffers   source and destination.
     * @return the link, publication and subscription connected.
     * @throws InterruptedException if interrupted while waiting for the connection.
     */
    static LargeAeron open(final String transport, final LargeBuffers buffers) throws InterruptedException
    {
        final MediaDriver driver = BenchSupport.rawAeronDriver();
        Aeron aeron = null;
        try
        {
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            final ChannelUriStringBuilder publicationChannel = new ChannelUriStringBuilder()
                .termLength(BenchSupport.TERM_LENGTH).sparse(true).mtu(BenchSupport.LOCAL_MTU);
            final ChannelUriStringBuilder subscriptionChannel = new ChannelUriStringBuilder();
            if ("ipc".equals(transport))
            {
                publicationChannel.media("ipc");
                subscriptionChannel.media("ipc");
            }
            else
            {
                final String endpoint = "127.0.0.1:" + BenchSupport.freeUdpPort();
                publicationChannel.media("udp").endpoint(endpoint);
                subscriptionChannel.media("udp").endpoint(endpoint);
                if (BenchSupport.UDP_RECEIVE_BUFFER > 0)
                {
                    subscriptionChannel.socketRcvbufLength(BenchSupport.UDP_RECEIVE_BUFFER)
                        .receiverWindowLength(BenchSupport.UDP_RECEIVE_BUFFER);
                }
            }
            final Subscription subscription = aeron.addSubscription(subscriptionChannel.build(), STREAM_ID);
            final ExclusivePublication publication = aeron.addExclusivePublication(publicationChannel.build(),
                STREAM_ID);
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
            return new LargeAeron(driver, aeron, subscription, publication, buffers);
        }
        catch (final RuntimeException | InterruptedException ex)
        {
            CloseHelper.quietCloseAll(aeron, driver);
            throw ex;
        }
    }

    @Override
    public void send(final int size, final BooleanSupplier running)
    {
        final int maxChunk = publication.maxPayloadLength() - PAYLOAD_OFFSET;
        int offset = 0;
        while (offset < size && running.getAsBoolean())
        {
            final int chunk = Math.min(maxChunk, size - offset);
            final long result = publication.tryClaim(PAYLOAD_OFFSET + chunk, claim);
            if (result > 0)
            {
                final MutableDirectBuffer buffer = claim.buffer();
                final int at = claim.offset();
                buffer.putLong(at + LENGTH_OFFSET, size, LITTLE_ENDIAN);
                buffer.putLong(at + CHUNK_OFFSET_OFFSET, offset, LITTLE_ENDIAN);
                buffer.putBytes(at + PAYLOAD_OFFSET, source, offset, chunk);
                claim.commit();
                offset += chunk;
                sendIdle.reset();
            }
            else if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED)
            {
                throw new IllegalStateException("raw Aeron publication failed: " + Publication.errorString(result));
            }
            else
            {
                sendIdle.idle(); // back pressured, not connected or admin action: retry
            }
        }
    }

    @Override
    public int receive(final int size)
    {
        expected = size;
        return subscription.poll(assembler, FRAGMENT_LIMIT); // fragments: what the sample idles on
    }

    @Override
    public long received()
    {
        return completed;
    }

    private void onChunk(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        final long messageLength = buffer.getLong(offset + LENGTH_OFFSET, LITTLE_ENDIAN);
        final long chunkOffset = buffer.getLong(offset + CHUNK_OFFSET_OFFSET, LITTLE_ENDIAN);
        final int chunk = length - PAYLOAD_OFFSET;
        if (messageLength != expected || chunkOffset != nextOffset || chunkOffset + chunk > messageLength)
        {
            throw new IllegalStateException("chunk of " + chunk + " bytes at " + chunkOffset + " of a " +
                messageLength + "-byte message; expected one at " + nextOffset + " of " + expected);
        }
        buffer.getBytes(offset + PAYLOAD_OFFSET, destination, (int)chunkOffset, chunk);
        nextOffset = chunkOffset + chunk;
        if (nextOffset == messageLength)
        {
            nextOffset = 0;
            completed++;
        }
    }

    @Override
    public void close()
    {
        CloseHelper.closeAll(publication, subscription, aeron, driver);
    }
}
