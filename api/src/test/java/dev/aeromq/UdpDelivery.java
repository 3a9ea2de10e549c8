package dev.aeromq;

import dev.aeromq.testkit.Await;
import io.aeron.Aeron;
import io.aeron.AeronCounters;
import io.aeron.driver.status.StreamCounter;
import org.agrona.concurrent.status.CountersReader;

import java.util.HashMap;
import java.util.Map;

/**
 * Waits until a media driver's UDP receivers hold everything its UDP publications wrote. Over IPC a
 * sent message is in the log its reader polls at once; over UDP it is there only once the driver has
 * sent and received it, which on a busy machine can be many milliseconds after {@code send} returned.
 * A test that judges the order in which a socket takes messages from several streams needs them all
 * there first, or a late stream looks like an unfair reader.
 */
public final class UdpDelivery
{
    /** A counter type no driver uses, for the round trips below. */
    private static final int BARRIER_TYPE_ID = 1_000_117;

    private UdpDelivery()
    {
    }

    /**
     * Wait until every UDP image of the communicator's driver has received up to its publication's
     * position, both in this driver (a sender and its receivers in one communicator).
     *
     * @param comm whose driver to watch; call after the sends whose arrival matters.
     */
    public static void await(final Communicator comm)
    {
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(comm.aeronDirectory())))
        {
            // The driver's conductor samples each publication's position once per duty cycle. Two round
            // trips to it end in a later cycle than the one that took the first, which began after the
            // caller's last send: the positions read next include every send made before this call.
            for (int i = 0; i < 2; i++)
            {
                aeron.addCounter(BARRIER_TYPE_ID, "aeromq-test-barrier").close();
            }
            final CountersReader counters = aeron.countersReader();
            Await.await("every UDP receiver of the driver in " + comm.aeronDirectory() +
                " to hold all its publication wrote", () -> delivered(counters));
        }
    }

    private static boolean delivered(final CountersReader counters)
    {
        final Map<Long, Long> published = new HashMap<>();
        final Map<Long, Long> received = new HashMap<>();
        counters.forEach((counterId, typeId, key, label) ->
        {
            final long stream = ((long)key.getInt(StreamCounter.SESSION_ID_OFFSET) << 32) |
                (key.getInt(StreamCounter.STREAM_ID_OFFSET) & 0xFFFF_FFFFL);
            if (typeId == AeronCounters.DRIVER_PUBLISHER_POS_TYPE_ID)
            {
                published.merge(stream, counters.getCounterValue(counterId), Math::max);
            }
            else if (typeId == AeronCounters.DRIVER_RECEIVER_HWM_TYPE_ID)
            {
                received.merge(stream, counters.getCounterValue(counterId), Math::max);
            }
        });
        // Only images are checked (only UDP ones have a receiver high-water mark), against a publication
        // of this driver; one fed from another driver has none here.
        return received.entrySet().stream()
            .allMatch((image) -> image.getValue() >= published.getOrDefault(image.getKey(), Long.MIN_VALUE));
    }
}
