/**
 * Test helpers every AeroMQ module's tests share, depending on no AeroMQ module: waiting for a
 * condition with a deadline ({@link dev.aeromq.testkit.Await}), blocking calls on threads of their own
 * ({@link dev.aeromq.testkit.Background}), free ports ({@link dev.aeromq.testkit.Ports}), unique names
 * ({@link dev.aeromq.testkit.Names}), byte patterns ({@link dev.aeromq.testkit.Bytes}), Aeron
 * directories ({@link dev.aeromq.testkit.TempAeronDirectory}), mains run in child JVMs that a test
 * talks to in lines and may kill ({@link dev.aeromq.testkit.ChildJvm}, {@link dev.aeromq.testkit.ChildSide});
 * for the fuzzing properties, their tries ({@link dev.aeromq.testkit.FuzzTries}) and the bytes a call
 * allocates ({@link dev.aeromq.testkit.Allocations}).
 */
package dev.aeromq.testkit;
