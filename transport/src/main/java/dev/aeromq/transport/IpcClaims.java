package dev.aeromq.transport;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.aeron.exceptions.AeronException;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bound {@code ipc://} names, claimed across the whole media driver: every process and communicator attached
 * to one driver shares its IPC streams, so two binders of one name would both answer its connectors. A claim
 * is an Aeron counter of its own type whose key is the IPC stream id, allocated in the driver's counters
 * (visible to every client of the driver); among live counters of one key the one with the lowest
 * registration id (the driver issues them in order) holds the name, so two processes binding at once agree on
 * the winner. The holder's counter goes when it unbinds or closes, or, if its process died, when the driver
 * times its client out (the driver's client liveness timeout, 10 s by default).
 * <p>
 * Threads: claimed and released on the binding socket's duty thread; Aeron's asynchronous counter API and
 * reads of the counters buffer only, so an interrupted caller helping with the duty cannot close the client.
 */
final class IpcClaims
{
    /** The type id of a claim counter ("AQMI"), outside the ranges Aeron reserves (0-299). */
    static final int COUNTER_TYPE_ID = 0x41514D49;

    private static final Object PENDING = new Object();

    private final Aeron aeron;
    private final String directory;
    private final long timeoutNs;
    private final ConcurrentHashMap<Integer, Object> claimed = new ConcurrentHashMap<>();

    /**
     * @param aeron     the client whose driver holds the claims.
     * @param directory the driver's directory, for messages.
     * @param timeoutNs how long to wait for the driver to allocate a claim.
     */
    IpcClaims(final Aeron aeron, final String directory, final long timeoutNs)
    {
        this.aeron = aeron;
        this.directory = directory;
        this.timeoutNs = timeoutNs;
    }

    /**
     * Claim an IPC endpoint for a binder; nothing for other endpoints.
     *
     * @param endpoint to bind.
     * @throws RuntimeException of kind INVALID_ENDPOINT if a socket of this or another communicator or process
     *                          on the same driver holds it.
     */
    void claim(final Endpoint endpoint)
    {
        if (!endpoint.isIpc())
        {
            return;
        }
        final int streamId = endpoint.streamId();
        if (claimed.putIfAbsent(streamId, PENDING) != null)
        {
            throw Failures.of(Failure.Kind.INVALID_ENDPOINT,
                "cannot bind " + endpoint.uri() + ": the address is already in use by another socket");
        }
        try
        {
            claimed.put(streamId, claimOnDriver(endpoint));
        }
        catch (final RuntimeException ex)
        {
            claimed.remove(streamId);
            throw ex;
        }
    }

    /**
     * Release the claim of an IPC endpoint that was bound; nothing for other endpoints.
     *
     * @param endpoint as claimed.
     */
    void release(final Endpoint endpoint)
    {
        if (endpoint.isIpc() && claimed.remove(endpoint.streamId()) instanceof Counter counter)
        {
            counter.close();
        }
    }

    private Counter claimOnDriver(final Endpoint endpoint)
    {
        final int streamId = endpoint.streamId();
        final UnsafeBuffer key = new UnsafeBuffer(new byte[Integer.BYTES]);
        key.putInt(0, streamId);
        final byte[] label = label(endpoint);
        final long registrationId = aeron.asyncAddCounter(
            COUNTER_TYPE_ID, key, 0, Integer.BYTES, new UnsafeBuffer(label), 0, label.length);
        final long deadlineNs = System.nanoTime() + timeoutNs;
        Counter counter = null;
        try
        {
            while ((counter = aeron.getCounter(registrationId)) == null)
            {
                checkDeadline(endpoint, deadlineNs);
                Thread.yield(); // the driver, maybe on this core, allocates it
            }
            final int holder = awaitHolder(endpoint, streamId, deadlineNs);
            if (aeron.countersReader().getCounterRegistrationId(holder) != registrationId)
            {
                throw boundElsewhere(endpoint, aeron.countersReader().getCounterLabel(holder));
            }
            return counter;
        }
        catch (final RuntimeException ex)
        {
            if (counter != null)
            {
                counter.close();
            }
            else if (!aeron.isClosed())
            {
                aeron.asyncRemoveCounter(registrationId);
            }
            throw ex instanceof AeronException ? Failures.of(Failure.Kind.CLOSED, "cannot bind " + endpoint.uri() +
                ": the media driver at " + directory + " did not allocate its claim: " + ex.getMessage(), ex) : ex;
        }
    }

    /**
     * @return the id of the counter that holds the stream: the live claim with the lowest registration id,
     * once every live claim of the stream has its registration id.
     */
    private int awaitHolder(final Endpoint endpoint, final int streamId, final long deadlineNs)
    {
        final CountersReader counters = aeron.countersReader();
        while (true)
        {
            int holder = CountersReader.NULL_COUNTER_ID;
            long lowest = Long.MAX_VALUE;
            boolean settled = true;
            for (int id = 0, max = counters.maxCounterId(); id < max; id++)
            {
                if (counters.getCounterState(id) == CountersReader.RECORD_ALLOCATED &&
                    counters.getCounterTypeId(id) == COUNTER_TYPE_ID &&
                    counters.metaDataBuffer().getInt(CountersReader.metaDataOffset(id) + CountersReader.KEY_OFFSET) ==
                    streamId)
                {
                    final long registrationId = counters.getCounterRegistrationId(id);
                    settled &= registrationId != CountersReader.DEFAULT_REGISTRATION_ID;
                    if (registrationId < lowest)
                    {
                        lowest = registrationId;
                        holder = id;
                    }
                }
            }
            if (settled && holder != CountersReader.NULL_COUNTER_ID)
            {
                return holder;
            }
            checkDeadline(endpoint, deadlineNs);
            Thread.yield(); // the driver, maybe on this core, allocates it
        }
    }

    private void checkDeadline(final Endpoint endpoint, final long deadlineNs)
    {
        if (System.nanoTime() - deadlineNs >= 0)
        {
            throw Failures.of(Failure.Kind.CLOSED, "cannot bind " + endpoint.uri() + ": the media driver at " +
                directory + " did not allocate its claim within the driver timeout; is the driver overloaded?");
        }
    }

    private RuntimeException boundElsewhere(final Endpoint endpoint, final String holder)
    {
        return Failures.of(Failure.Kind.INVALID_ENDPOINT, "cannot bind " + endpoint.uri() + ": it is already bound " +
            "by another process (or another Communicator) on the same media driver at " + directory + " (" + holder +
            "); connect to it instead, or bind another name. If that process died, the driver frees the name once " +
            "it times the process out (the driver's client liveness timeout, 10 s by default)");
    }

    private static byte[] label(final Endpoint endpoint)
    {
        final String text = "aeromq bound " + endpoint.uri() + " (IPC stream " + endpoint.streamId() + ") pid " +
            ProcessHandle.current().pid();
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= CountersReader.MAX_LABEL_LENGTH ? bytes :
            Arrays.copyOf(bytes, CountersReader.MAX_LABEL_LENGTH);
    }
}
