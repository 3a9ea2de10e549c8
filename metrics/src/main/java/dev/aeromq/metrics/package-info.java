/**
 * Optional Micrometer binding of AeroMQ's per-socket counters: {@link dev.aeromq.metrics.AeroMqMetrics}.
 */
package dev.aeromq.metrics;
