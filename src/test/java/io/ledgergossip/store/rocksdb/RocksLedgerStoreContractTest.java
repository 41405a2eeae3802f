package io.ledgergossip.store.rocksdb;

import io.ledgergossip.store.LedgerStore;
import io.ledgergossip.store.LedgerStoreContractTest;
import java.nio.file.Path;

/** The ledger store contract on RocksDB (a peer's). */
class RocksLedgerStoreContractTest extends LedgerStoreContractTest {
    @Override
    protected LedgerStore create(Path dir) {
        return RocksLedgerStore.open(dir);
    }
}
