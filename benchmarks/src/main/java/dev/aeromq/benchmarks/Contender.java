package dev.aeromq.benchmarks;

/**
 * The three implementations every scenario runs, one after the other, in one process.
 */
public enum Contender
{
    /** AeroMQ through its public API. */
    AEROMQ,
    /** Raw Aeron written as Aeron's own samples are: the ceiling. */
    AERON,
    /** JeroMQ: inproc where the row is IPC, tcp loopback where it is UDP. */
    JEROMQ
}
