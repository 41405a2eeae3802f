/**
 * Benchmarks of whole networks on this machine: dissemination latency and redundancy over real
 * peers (Netty + TLS, RocksDB), catch-up and sustained load, each set against the machine's raw
 * limits; and the simulator that runs the same protocol classes over the in-memory transport and a
 * virtual clock. Above {@code fixture}, below {@code cli}.
 */
package io.ledgergossip.bench;
