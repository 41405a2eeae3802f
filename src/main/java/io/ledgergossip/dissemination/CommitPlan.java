package io.ledgergossip.dissemination;

import io.ledgergossip.store.StateWrite;
import java.util.List;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * What committing a block means for the world state, as the chaincode's validation decides it: the
 * block to store (with the transaction filter in its metadata, as a Fabric peer records which
 * transactions were valid) and the writes of the valid transactions.
 */
public record CommitPlan(Block block, List<StateWrite> writes) {
    public CommitPlan {
        writes = List.copyOf(writes);
    }
}
