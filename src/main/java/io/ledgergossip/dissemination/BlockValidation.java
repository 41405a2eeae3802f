package io.ledgergossip.dissemination;

import io.ledgergossip.store.StateReader;
import io.ledgergossip.store.StateWrite;
import java.util.List;
import java.util.function.Function;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * The peer-side validation of a block's transactions against the world state (Fabric's committer:
 * MVCC checks, then the valid transactions' writes). Called on the node's thread, with the store
 * as it is before the block.
 */
@FunctionalInterface
public interface BlockValidation {
    CommitPlan plan(Block block, StateReader state);

    /** Every transaction valid; the writes are what {@code writes} reads from the block. */
    static BlockValidation allValid(Function<Block, List<StateWrite>> writes) {
        return (block, state) -> new CommitPlan(block, writes.apply(block));
    }
}
