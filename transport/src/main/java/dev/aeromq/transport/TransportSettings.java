package dev.aeromq.transport;

import java.util.function.Consumer;

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
    Consumer<Throwable> errorHandler)
{
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
