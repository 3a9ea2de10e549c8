package dev.aeromq.faults;

import io.aeron.Aeron;
import io.aeron.AeronCounters;
import io.aeron.driver.status.SystemCounterDescriptor;
import org.agrona.concurrent.status.CountersReader;

/**
 * The media driver's own counts of loss repair, read from its counters file: NAKs a receiver sent,
 * retransmissions a sender made. A loss test shows with them that frames really were lost and repaired.
 *
 * @param naksSent       NAKs sent (receiver side: gaps it asked to be filled).
 * @param retransmits    retransmissions made (sender side).
 * @param heartbeatsSent Aeron's own data heartbeats sent.
 */
record DriverCounters(long naksSent, long retransmits, long heartbeatsSent)
{
    /**
     * @param aeronDirectory of a running media driver.
     * @return its counters now.
     */
    static DriverCounters read(final String aeronDirectory)
    {
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDirectory)))
        {
            final CountersReader counters = aeron.countersReader();
            return new DriverCounters(
                system(counters, SystemCounterDescriptor.NAK_MESSAGES_SENT),
                system(counters, SystemCounterDescriptor.RETRANSMITS_SENT),
                system(counters, SystemCounterDescriptor.HEARTBEATS_SENT));
        }
    }

    /**
     * @param other counters of another driver.
     * @return the sums.
     */
    DriverCounters plus(final DriverCounters other)
    {
        return new DriverCounters(naksSent + other.naksSent, retransmits + other.retransmits,
            heartbeatsSent + other.heartbeatsSent);
    }

    /**
     * @return {@code naks=N retransmits=N heartbeats=N}, for a FIGURE line.
     */
    String figures()
    {
        return "naks=" + naksSent + " retransmits=" + retransmits + " aeronHeartbeats=" + heartbeatsSent;
    }

    private static long system(final CountersReader counters, final SystemCounterDescriptor descriptor)
    {
        final long[] value = {-1};
        counters.forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (typeId == AeronCounters.DRIVER_SYSTEM_COUNTER_TYPE_ID && keyBuffer.getInt(0) == descriptor.id())
            {
                value[0] = counters.getCounterValue(counterId);
            }
        });
        if (value[0] < 0)
        {
            throw new IllegalStateException("no system counter " + descriptor + " in the driver's counters");
        }
        return value[0];
    }
}
