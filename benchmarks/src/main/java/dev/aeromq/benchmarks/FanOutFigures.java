package dev.aeromq.benchmarks;

/**
 * What one fan-out run measured, over its measured window.
 *
 * @param received       messages per second each subscriber received.
 * @param published      messages per second the publisher published (offered).
 * @param publisherCpuNs CPU time the publisher's thread spent per message it published, in ns.
 * @param subscriberCpuNs CPU time a subscriber's thread spent per message it received, in ns (mean over
 *                        the subscribers); with {@code publisherCpuNs} it says where the cores went.
 */
record FanOutFigures(double[] received, double published, double publisherCpuNs, double subscriberCpuNs)
{
    /**
     * @return the mean of what the subscribers received per second.
     */
    double meanReceived()
    {
        double sum = 0;
        for (final double rate : received)
        {
            sum += rate;
        }
        return sum / received.length;
    }

    /**
     * @return what the slowest subscriber received per second.
     */
    double minReceived()
    {
        double min = Double.MAX_VALUE;
        for (final double rate : received)
        {
            min = Math.min(min, rate);
        }
        return min;
    }
}
