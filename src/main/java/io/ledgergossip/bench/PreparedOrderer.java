package io.ledgergossip.bench;

import io.ledgergossip.dissemination.BlockSource;
import io.ledgergossip.fixture.FixtureOrderer;
import io.ledgergossip.identity.LocalIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * An orderer whose blocks are built and signed ahead of time, so that handing out a block at its
 * due time costs the benchmark's driver nothing and the measurement is about the peers alone.
 */
final class PreparedOrderer implements BlockSource {
    private final FixtureOrderer cutter;
    private final List<Block> prepared = new ArrayList<>();
    private final List<Consumer<Block>> subscribers = new CopyOnWriteArrayList<>();
    private int released;

    /**
     * @param channel the channel its transactions name (a Fabric peer refuses a block of another channel)
     * @param blockBytes about how large each block is (4 transactions with values sized to match)
     */
    PreparedOrderer(LocalIdentity identity, String channel, long seed, int blockBytes) {
        this.cutter = new FixtureOrderer(identity, channel, seed, BenchNetwork.TX_PER_BLOCK, BenchNetwork.valueBytesFor(blockBytes));
    }

    @Override
    public void subscribe(Consumer<Block> consumer) {
        subscribers.add(consumer);
    }

    /** Builds and signs {@code count} more blocks, the chain continuing. */
    synchronized void prepare(int count) {
        for (int i = 0; i < count; i++) {
            prepared.add(cutter.cut());
        }
    }

    /** Hands the next prepared block to the subscribers (preparing one if none is left); returns it. */
    Block release() {
        Block block;
        synchronized (this) {
            if (released == prepared.size()) {
                prepare(1);
            }
            block = prepared.get(released++);
        }
        subscribers.forEach(s -> s.accept(block));
        return block;
    }

    /**
     * Cuts the next block of the chain and hands it out without keeping it (a long ledger written
     * once, whose blocks would not fit in memory together); use it before any {@link #prepare}.
     */
    synchronized Block cutUnkept() {
        if (released != prepared.size()) {
            throw new IllegalStateException("prepared blocks are waiting: the chain would fork");
        }
        return cutter.cut();
    }

    synchronized int released() {
        return released;
    }

    synchronized List<Block> prepared() {
        return List.copyOf(prepared);
    }
}
