/**
 * Time for protocol code: a {@link io.ledgergossip.time.Clock} to read and a
 * {@link io.ledgergossip.time.Scheduler} to run tasks later, on one thread per node. The manual
 * implementation drives whole networks on virtual time in tests and the simulator; the executor
 * implementation is the real one. This is the only package that reads the wall clock.
 */
package io.ledgergossip.time;
