package io.ledgergossip.cli;

import io.ledgergossip.ledger.BlockSequence;
import io.ledgergossip.ledger.LedgerFormatException;
import io.ledgergossip.store.LedgerStore;
import io.ledgergossip.store.StoreException;
import java.util.Optional;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * A peer's store read as a {@link BlockSequence}, so that {@code verify} checks it like a Fabric
 * ledger: every block up to the recorded height is read by its number, and a block that is missing
 * or cannot be read (RocksDB's reason) is an error of that block, never a silent end.
 */
final class StoreBlockSequence implements BlockSequence {
    private final String name;
    private final LedgerStore store;
    private final long height;
    private long next;

    StoreBlockSequence(String name, LedgerStore store) {
        this.name = name;
        this.store = store;
        this.height = store.height();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long firstBlockNumber() {
        return 0;
    }

    @Override
    public byte[] previousHeaderHash() {
        return null;
    }

    @Override
    public Optional<Block> next() throws LedgerFormatException {
        if (next >= height) {
            return Optional.empty();
        }
        long number = next++;
        Optional<Block> block;
        try {
            block = store.block(number);
        } catch (StoreException e) {
            throw new LedgerFormatException("block " + number + " cannot be read from the store: " + e.getMessage(), true);
        }
        if (block.isEmpty()) {
            throw new LedgerFormatException("block " + number + " is missing from the store (its recorded height is " + height + ")", true);
        }
        return block;
    }

    @Override
    public void close() {
        store.close();
    }
}
