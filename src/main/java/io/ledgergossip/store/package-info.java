/**
 * What a peer holds, durably: its blocks, the world state their transactions wrote, the ledger
 * metadata (height, last header hash, running state hash) and what it knows of the membership.
 * The interface lives here; {@code store.rocksdb} is the implementation.
 */
package io.ledgergossip.store;
