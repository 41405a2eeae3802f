/**
 * A ledger store in memory, with the very chain checks of the RocksDB one: for the deterministic
 * simulator, where thousands of peers share one JVM and nothing needs to survive the run.
 */
package io.ledgergossip.store.memory;
