package io.ledgergossip.cli;

import io.ledgergossip.ledger.BlockSequence;
import io.ledgergossip.store.LedgerStore;
import java.util.Iterator;
import java.util.Optional;
import java.util.stream.Stream;
import org.hyperledger.fabric.protos.common.Common.Block;

/** A peer's store read as a {@link BlockSequence}, so that {@code verify} checks it like a Fabric ledger. */
final class StoreBlockSequence implements BlockSequence {
    private final String name;
    private final LedgerStore store;
    private final Stream<Block> stream;
    private final Iterator<Block> blocks;

    StoreBlockSequence(String name, LedgerStore store) {
        this.name = name;
        this.store = store;
        this.stream = store.blocks(0, store.height());
        this.blocks = stream.iterator();
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
    public Optional<Block> next() {
        return blocks.hasNext() ? Optional.of(blocks.next()) : Optional.empty();
    }

    @Override
    public void close() {
        stream.close();
        store.close();
    }
}
