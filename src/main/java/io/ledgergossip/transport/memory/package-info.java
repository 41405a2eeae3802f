/**
 * The in-process transport for tests and the simulator: the same contract and the same
 * ConnEstablish checks as the Netty transport, no sockets, and faults injected per link (loss,
 * delay with jitter, duplication, hence reordering) and partitions between groups of peers, all
 * driven by the injected scheduler and one seeded random source, so the same seed gives the
 * same run.
 */
package io.ledgergossip.transport.memory;
