package dev.aeromq.benchmarks;

import java.util.EnumMap;
import java.util.Map;

/**
 * One figure of one scenario, for the three contenders (null where a contender has no such run).
 *
 * @param scenario  e.g. push-pull.
 * @param transport ipc or udp (JeroMQ: inproc or tcp).
 * @param sizeBytes message size.
 * @param metric    e.g. throughput, p99.
 * @param unit      e.g. msgs/s, us.
 * @param figures   value per contender.
 */
public record Row(String scenario, String transport, long sizeBytes, String metric, String unit,
    Map<Contender, Double> figures)
{
    /**
     * @param contender one of the three.
     * @return its figure, or null.
     */
    public Double figure(final Contender contender)
    {
        return figures.get(contender);
    }

    /**
     * @param scenario  e.g. push-pull.
     * @param transport ipc or udp.
     * @param sizeBytes message size.
     * @param metric    the metric.
     * @param unit      its unit.
     * @param aeromq    AeroMQ's figure or null.
     * @param aeron     raw Aeron's figure or null.
     * @param jeromq    JeroMQ's figure or null.
     * @return the row.
     */
    public static Row of(final String scenario, final String transport, final long sizeBytes, final String metric,
        final String unit, final Double aeromq, final Double aeron, final Double jeromq)
    {
        final Map<Contender, Double> figures = new EnumMap<>(Contender.class);
        if (aeromq != null)
        {
            figures.put(Contender.AEROMQ, aeromq);
        }
        if (aeron != null)
        {
            figures.put(Contender.AERON, aeron);
        }
        if (jeromq != null)
        {
            figures.put(Contender.JEROMQ, jeromq);
        }
        return new Row(scenario, transport, sizeBytes, metric, unit, figures);
    }
}
