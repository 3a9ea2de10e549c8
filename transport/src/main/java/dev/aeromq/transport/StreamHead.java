package dev.aeromq.transport;

import dev.aeromq.codec.FanOutOffer;
import dev.aeromq.codec.sbe.FanOutKind;
import io.aeron.Image;
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
    private final DriverCounter head;
    private final FanOutOffer offer;

    StreamHead(final CountersReader counters, final FanOutOffer offer)
    {
        this.head = new DriverCounter(counters);
        this.offer = offer;
    }

    /**
     * @param image a new image of the stream: find its head's counter.
     */
    void follow(final Image image)
    {
        if (offer.kind() == FanOutKind.IPC)
        {
            if (!head.isFound())
            {
                head.findPublisherPosition(offer.sessionId(), offer.streamId());
            }
        }
        else
        {
            head.findReceiverHighWaterMark(image.correlationId());
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
        return !head.isFound() || head.value() - position > image.termBufferLength() >> 2;
    }
}
