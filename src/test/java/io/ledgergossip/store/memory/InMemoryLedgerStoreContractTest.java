package io.ledgergossip.store.memory;

import io.ledgergossip.store.LedgerStore;
import io.ledgergossip.store.LedgerStoreContractTest;
import java.nio.file.Path;

/** The ledger store contract on the in-memory store (the simulator's). */
class InMemoryLedgerStoreContractTest extends LedgerStoreContractTest {
    @Override
    protected LedgerStore create(Path dir) {
        return new InMemoryLedgerStore();
    }
}
