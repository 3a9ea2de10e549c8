package dev.aeromq.transport;

import io.aeron.AeronCounters;
import io.aeron.driver.status.StreamCounter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.CountersReader;

/**
 * One stream counter of the media driver, found by its type and key and read from then on without a
 * search: a publication's {@code pub-pos} (keyed by session and stream) or an image's {@code rcv-hwm}
 * (keyed by the image's correlation id). A counter the driver freed or reused is no longer
 * {@link #isFound() found}, so the owner looks it up again.
 * <p>
 * Not thread-safe: its owner's lock guards it. Allocates only when it searches.
 */
final class DriverCounter
{
    private static final int NOT_FOUND = -1;

    private final CountersReader counters;
    private int counterId = NOT_FOUND;
    private int typeId;
    private long registrationId;
    private int sessionId;
    private int streamId;

    DriverCounter(final CountersReader counters)
    {
        this.counters = counters;
    }

    /**
     * Look up a publication's position as the driver samples it every duty cycle.
     *
     * @param session the publication's session id.
     * @param stream  its stream id.
     */
    void findPublisherPosition(final int session, final int stream)
    {
        sessionId = session;
        streamId = stream;
        find(AeronCounters.DRIVER_PUBLISHER_POS_TYPE_ID);
    }

    /**
     * Look up the furthest position an image's driver has received.
     *
     * @param imageCorrelationId the image's {@code correlationId()}.
     */
    void findReceiverHighWaterMark(final long imageCorrelationId)
    {
        registrationId = imageCorrelationId;
        find(AeronCounters.DRIVER_RECEIVER_HWM_TYPE_ID);
    }

    /**
     * @return true if the counter looked up last was found and is still the driver's.
     */
    boolean isFound()
    {
        return counterId != NOT_FOUND && counters.getCounterState(counterId) == CountersReader.RECORD_ALLOCATED &&
            counters.getCounterTypeId(counterId) == typeId;
    }

    /**
     * @return its value; call only when {@link #isFound()}.
     */
    long value()
    {
        return counters.getCounterValue(counterId);
    }

    private void find(final int type)
    {
        counterId = NOT_FOUND;
        typeId = type;
        counters.forEach(this::match);
    }

    private void match(final int id, final int type, final DirectBuffer key, final String label)
    {
        if (type != typeId || counterId != NOT_FOUND)
        {
            return;
        }
        final boolean matches = type == AeronCounters.DRIVER_PUBLISHER_POS_TYPE_ID ?
            key.getInt(StreamCounter.SESSION_ID_OFFSET) == sessionId &&
            key.getInt(StreamCounter.STREAM_ID_OFFSET) == streamId :
            key.getLong(StreamCounter.REGISTRATION_ID_OFFSET) == registrationId;
        if (matches)
        {
            counterId = id;
        }
    }
}
