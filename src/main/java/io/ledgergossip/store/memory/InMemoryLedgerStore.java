package io.ledgergossip.store.memory;

import io.ledgergossip.ledger.BlockCheck;
import io.ledgergossip.ledger.BlockHashing;
import io.ledgergossip.ledger.ChainVerifier;
import io.ledgergossip.store.BlockRejectedException;
import io.ledgergossip.store.LedgerStore;
import io.ledgergossip.store.RunningStateHash;
import io.ledgergossip.store.StateWrite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.hyperledger.fabric.protos.common.Common.Block;

/** {@link LedgerStore} in memory: the same validation and state hash as the RocksDB store, no durability. */
public final class InMemoryLedgerStore implements LedgerStore {
    private volatile boolean open = true;
    private final List<Block> blocks = new ArrayList<>();
    private final Map<String, byte[]> state = new HashMap<>();
    private byte[] lastHeaderHash = new byte[0];
    private byte[] stateHash = RunningStateHash.INITIAL;

    @Override
    public synchronized void append(Block block, List<StateWrite> writes) throws BlockRejectedException {
        ensureOpen();
        BlockCheck check = new ChainVerifier(blocks.size(), blocks.isEmpty() ? null : lastHeaderHash).check(block);
        if (!check.valid()) {
            throw new BlockRejectedException(check.blockNum(), check.errors());
        }
        stateHash = RunningStateHash.next(stateHash, blocks.size(), writes);
        for (StateWrite w : writes) {
            if (w.isDelete()) {
                state.remove(w.key());
            } else {
                state.put(w.key(), w.value().clone());
            }
        }
        lastHeaderHash = BlockHashing.headerHash(block.getHeader());
        blocks.add(block);
    }

    /** All or nothing, like the RocksDB store: the chain is checked for every block before any is taken. */
    @Override
    public synchronized void appendAll(List<Block> run, List<List<StateWrite>> writes) throws BlockRejectedException {
        byte[] previous = blocks.isEmpty() ? null : lastHeaderHash;
        for (int i = 0; i < run.size(); i++) {
            BlockCheck check = new ChainVerifier(blocks.size() + i, previous).check(run.get(i));
            if (!check.valid()) {
                throw new BlockRejectedException(check.blockNum(), check.errors());
            }
            previous = BlockHashing.headerHash(run.get(i).getHeader());
        }
        for (int i = 0; i < run.size(); i++) {
            append(run.get(i), writes.get(i));
        }
    }

    @Override
    public synchronized long height() {
        return blocks.size();
    }

    @Override
    public synchronized Optional<Block> block(long number) {
        ensureOpen();
        return number >= 0 && number < blocks.size() ? Optional.of(blocks.get((int) number)) : Optional.empty();
    }

    @Override
    public synchronized Stream<Block> blocks(long from, long to) {
        ensureOpen();
        long end = Math.min(to, blocks.size());
        return from < 0 || from >= end ? Stream.empty() : List.copyOf(blocks.subList((int) from, (int) end)).stream();
    }

    @Override
    public synchronized byte[] lastHeaderHash() {
        return lastHeaderHash.clone();
    }

    @Override
    public synchronized byte[] stateHash() {
        return stateHash.clone();
    }

    @Override
    public synchronized Optional<byte[]> state(String key) {
        ensureOpen();
        return Optional.ofNullable(state.get(key)).map(byte[]::clone);
    }

    /** Like the RocksDB store: once closed, reads and writes fail with the store's exception. */
    private void ensureOpen() {
        if (!open) {
            throw new io.ledgergossip.store.StoreException("the in-memory store is closed");
        }
    }

    @Override
    public void close() {
        open = false; // nothing to release
    }

    @Override
    public boolean isOpen() {
        return open;
    }
}
