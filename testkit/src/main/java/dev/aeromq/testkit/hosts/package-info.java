/**
 * Several "hosts" on one machine for multi-host tests: Linux network namespaces joined by a bridge,
 * each running its programs as JVMs of their own.
 */
package dev.aeromq.testkit.hosts;
