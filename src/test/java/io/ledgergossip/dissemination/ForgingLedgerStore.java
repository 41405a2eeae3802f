package io.ledgergossip.dissemination;

import io.ledgergossip.store.BlockRejectedException;
import io.ledgergossip.store.LedgerStore;
import io.ledgergossip.store.StateWrite;
import io.ledgergossip.store.memory.InMemoryLedgerStore;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.hyperledger.fabric.protos.common.Common.Block;

/** A Byzantine peer's ledger: it commits the honest chain, but serves forged copies of blocks from {@code forgeFrom} on. */
final class ForgingLedgerStore implements LedgerStore {
    private final InMemoryLedgerStore honest = new InMemoryLedgerStore();
    private final long forgeFrom;
    private final UnaryOperator<Block> forge;

    ForgingLedgerStore(long forgeFrom, UnaryOperator<Block> forge) {
        this.forgeFrom = forgeFrom;
        this.forge = forge;
    }

    @Override
    public void append(Block block, List<StateWrite> writes) throws BlockRejectedException {
        honest.append(block, writes);
    }

    @Override
    public long height() {
        return honest.height();
    }

    @Override
    public Optional<Block> block(long number) {
        return honest.block(number).map(b -> number >= forgeFrom ? forge.apply(b) : b);
    }

    @Override
    public Stream<Block> blocks(long from, long to) {
        return honest.blocks(from, to);
    }

    @Override
    public byte[] lastHeaderHash() {
        return honest.lastHeaderHash();
    }

    @Override
    public byte[] stateHash() {
        return honest.stateHash();
    }

    @Override
    public Optional<byte[]> state(String key) {
        return honest.state(key);
    }

    @Override
    public boolean isOpen() {
        return honest.isOpen();
    }

    @Override
    public void close() {
    }
}
