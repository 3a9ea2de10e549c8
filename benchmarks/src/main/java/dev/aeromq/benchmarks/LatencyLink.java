package dev.aeromq.benchmarks;

/**
 * One contender's requester and replier, connected and ready, for the latency scenario: the
 * requester is the calling thread, the replier runs on a platform thread of its own. One round
 * trip at a time, request and reply of the same size.
 */
interface LatencyLink extends AutoCloseable
{
    /**
     * Prepare the request payload; outside the measured path so no run pays for building it.
     *
     * @param size request (and reply) size in bytes.
     */
    void prepare(int size);

    /**
     * Send one request of the prepared size and wait for its reply.
     *
     * @throws Exception if the reply does not come within {@link LatencyScenario#ROUND_TRIP_TIMEOUT},
     *                   has the wrong size, or the replier failed; the link is then discarded.
     */
    void roundTrip() throws Exception;

    /**
     * Stop the replier and release everything (threads, sockets, driver); bounded in time.
     */
    @Override
    void close();

    /**
     * Wait for a replier thread to end, bounded so a stuck one cannot hang the run.
     *
     * @param thread the replier.
     * @param name   for the warning.
     */
    static void join(final Thread thread, final String name)
    {
        try
        {
            thread.join(LatencyScenario.ROUND_TRIP_TIMEOUT.toMillis());
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive())
        {
            System.out.println("  [latency] " + name + ": replier thread did not stop in time; going on");
        }
    }

    /**
     * @param what    what went wrong.
     * @param replier the replier's failure, if it had one.
     * @return an exception naming both.
     */
    static IllegalStateException failure(final String what, final Throwable replier)
    {
        if (replier == null)
        {
            return new IllegalStateException(what);
        }
        return new IllegalStateException(what + " (the replier failed: " + replier + ")", replier);
    }
}
