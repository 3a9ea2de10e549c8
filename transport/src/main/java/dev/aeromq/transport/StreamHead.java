package dev.aeromq.transport;

import dev.aeromq.codec.FanOutOffer;
import dev.aeromq.codec.sbe.FanOutKind;
import io.aeron.AeronCounters;
import io.aeron.Image;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.CountersReader;

/**
 * How far ahead of a SUB the head of its PUB's shared stream is, read from the media driver's counters
 * (no wire message needed): over IPC the publication's own position ({@code pub-pos}, keyed by its session
 * and stream), over UDP the image's receiver high-water mark ({@code rcv-hwm}, keyed by the image), the
 * furthest the driver received. A SUB that falls more than a quarter of a term behind it drops instead of
 * waiting: that keeps it clear of what would hold the publisher (an IPC window is half a term; a UDP
 * sender keeps half a term for retransmits).
 * <p>
 * Engine-confined; allocates only when it looks a counter up (once per image).
 */
final class StreamHead
{
    private static final int NOT_FOUND = -1;

    private final CountersReader counters;
    private final FanOutOffer offer;
    private int counterId = NOT_FOUND;
    private int typeId;
    private long key;

    StreamHead(final CountersReader counters, final FanOutOffer offer)
    {
        this.counters = counters;
        this.offer = offer;
    }

    /**
     * @param image a new image of the stream: find its head's counter.
     */
    void follow(final Image image)
    {
        if (offer.kind() == FanOutKind.IPC)
        {
            if (!isValid())
            {
                find(AeronCounters.DRIVER_PUBLISHER_POS_TYPE_ID, offer.sessionId());
            }
        }
        else
        {
            find(AeronCounters.DRIVER_RECEIVER_HWM_TYPE_ID, image.correlationId());
        }
    }

    /**
     * @param image    being read.
     * @param position where the SUB is in it.
     * @return true if the head is more than a quarter of a term further on, or cannot be read (then the SUB
     * drops rather than risk holding the publisher).
     */
    boolean isFarAhead(final Image image, final long position)
    {
        if (!isValid())
        {
            return true;
        }
        return counters.getCounterValue(counterId) - position > image.termBufferLength() >> 2;
    }

    private boolean isValid()
    {
        return counterId != NOT_FOUND && counters.getCounterState(counterId) == CountersReader.RECORD_ALLOCATED &&
            counters.getCounterTypeId(counterId) == typeId;
    }

    private void find(final int type, final long wanted)
    {
        counterId = NOT_FOUND;
        typeId = type;
        key = wanted;
        counters.forEach(this::match);
    }

    private void match(final int id, final int type, final DirectBuffer keyBuffer, final String label)
    {
        if (type != typeId || counterId != NOT_FOUND)
        {
            return;
        }
        // stream counters' keys: registration id (long), session id (int), stream id (int)
        final boolean matches = type == AeronCounters.DRIVER_PUBLISHER_POS_TYPE_ID ?
            keyBuffer.getInt(8) == (int)key && keyBuffer.getInt(12) == offer.streamId() :
            keyBuffer.getLong(0) == key;
        if (matches)
        {
            counterId = id;
        }
    }
}
