package io.ledgergossip.interop;

import io.ledgergossip.fixture.Orderer;
import io.ledgergossip.identity.LocalIdentity;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.hyperledger.fabric.protos.common.Common.Block;

/** An orderer whose chain is cut beforehand (so that Fabric nodes can be given its genesis block), handed out on demand. */
final class ReleasedChain implements Orderer {
    private final List<Block> chain;
    private final LocalIdentity identity;
    private final List<Consumer<Block>> subscribers = new CopyOnWriteArrayList<>();
    private int released;

    ReleasedChain(List<Block> chain, LocalIdentity identity) {
        this.chain = List.copyOf(chain);
        this.identity = identity;
    }

    @Override
    public void subscribe(Consumer<Block> consumer) {
        subscribers.add(consumer);
    }

    /** Hands the next block to the subscribers (the super nodes). */
    synchronized void releaseNext() {
        Block block = chain.get(released++);
        subscribers.forEach(s -> s.accept(block));
    }

    synchronized boolean hasMore() {
        return released < chain.size();
    }

    @Override
    public synchronized List<Block> blocks() {
        return chain.subList(0, released);
    }

    @Override
    public LocalIdentity identity() {
        return identity;
    }
}
