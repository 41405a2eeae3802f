/**
 * The RocksDB ledger store: one database per peer, column families for blocks, world state,
 * metadata and membership; every append is one atomic WriteBatch with the WAL on.
 */
package io.ledgergossip.store.rocksdb;
