package dev.aeromq.transport;

import dev.aeromq.codec.Liveness;
import dev.aeromq.codec.sbe.SocketType;

import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * What the transport needs to know, as plain values already validated by the api's Config (the one
 * table of settings); the api maps its Config onto this in one place.
 *
 * @param aeronDirectory      Aeron directory, or null for a unique one per embedded driver.
 * @param externalDriver      attach to a running driver instead of embedding one.
 * @param driverTimeoutNs     silence of the media driver after which the Aeron client counts it as lost.
 * @param driverThreading     threading of an embedded driver.
 * @param idle                idle strategy of engine and embedded driver threads.
 * @param engineThreads       number of engine agents.
 * @param attachmentThreshold frames of this size or more are gathered from the caller's memory.
 * @param termLength          Aeron term length of every publication.
 * @param heartbeatIntervalNs how often a link sends a heartbeat.
 * @param peerTimeoutNs       silence after which a link is dropped.
 * @param maxPeers            peers one socket admits through its bindings.
 * @param admission           which connecting peers a binding admits (called off the engine thread).
 * @param errorHandler        receives errors no caller can (bad wire messages, failing handlers).
 */
public record TransportSettings(
    String aeronDirectory,
    boolean externalDriver,
    long driverTimeoutNs,
    DriverThreading driverThreading,
    Idle idle,
    int engineThreads,
    int attachmentThreshold,
    int termLength,
    long heartbeatIntervalNs,
    long peerTimeoutNs,
    int maxPeers,
    Predicate<Candidate> admission,
    Consumer<Throwable> errorHandler)
{
    /** Admits every peer. */
    public static final Predicate<Candidate> ADMIT_ALL = (candidate) -> true;

    /**
     * A connecting peer as the network presents it at the handshake, for the admission policy.
     *
     * @param endpoint the binding's endpoint.
     * @param address  where its stream comes from (Aeron's source identity: host:port, or aeron:ipc).
     * @param type     its role.
     * @param socketId the id it gave itself.
     */
    public record Candidate(String endpoint, String address, SocketType type, long socketId)
    {
    }

    /** Media driver threading; mirrors Aeron's ThreadingMode. */
    public enum DriverThreading
    {
        /** One thread. */
        SHARED,
        /** Conductor + network thread. */
        SHARED_NETWORK,
        /** Conductor, sender, receiver threads. */
        DEDICATED
    }

    /** Idle strategy kinds. */
    public enum Idle
    {
        /** Spin, yield, then park up to 1 ms. */
        BACKOFF,
        /** Park 1 ms. */
        SLEEPING,
        /** Thread.yield. */
        YIELDING,
        /** Busy spin. */
        BUSY_SPIN
    }

    /**
     * @return this side's heartbeat interval and peer timeout, as its handshakes announce them.
     */
    public Liveness liveness()
    {
        return new Liveness(heartbeatIntervalNs, peerTimeoutNs);
    }

    /**
     * @param handler where errors go instead.
     * @return these settings with another error handler.
     */
    TransportSettings reportingTo(final Consumer<Throwable> handler)
    {
        return new TransportSettings(aeronDirectory, externalDriver, driverTimeoutNs, driverThreading, idle,
            engineThreads, attachmentThreshold, termLength, heartbeatIntervalNs, peerTimeoutNs, maxPeers, admission,
            handler);
    }

    /**
     * Report an error to the handler; a handler that throws is ignored, so it can never stop the
     * thread that reports.
     *
     * @param error to report.
     */
    public void report(final Throwable error)
    {
        try
        {
            errorHandler.accept(error);
        }
        catch (final RuntimeException ignore)
        {
            // an error handler that throws must not stop the engine
        }
    }
}
