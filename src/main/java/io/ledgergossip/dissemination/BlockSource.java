package io.ledgergossip.dissemination;

import java.util.function.Consumer;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * The orderer side: where new blocks come from. Super nodes subscribe to it; a fixture orderer, a
 * Fabric block file being replayed, or a real orderer's deliver stream can stand behind it.
 */
public interface BlockSource {
    /** Calls {@code consumer} with every block cut from now on, in order, from the source's own thread. */
    void subscribe(Consumer<Block> consumer);

    /**
     * The same, for a source that can start from any block (a real orderer's Deliver): it starts,
     * and resumes after a break, at {@code height}, the subscriber's ledger height at that moment.
     */
    default void subscribe(Consumer<Block> consumer, java.util.function.LongSupplier height) {
        subscribe(consumer);
    }
}
