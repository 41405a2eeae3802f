package io.ledgergossip.store.rocksdb;

import io.ledgergossip.fixture.SampleLedger.BlockWithWrites;
import io.ledgergossip.ledger.ContentCheckedBlock;
import io.ledgergossip.store.StateWrite;
import java.util.ArrayList;
import java.util.List;

/** Test help: a run of a sample chain, as a peer hands it to {@code appendAllDeferringSync}. */
final class ChainRuns {
    private ChainRuns() {}

    /** Blocks {@code from..to-1} of {@code chain}, content-checked. */
    static List<ContentCheckedBlock> blocks(List<BlockWithWrites> chain, int from, int to) throws ContentCheckedBlock.BlockContentException {
        List<ContentCheckedBlock> checked = new ArrayList<>();
        for (BlockWithWrites b : chain.subList(from, to)) {
            checked.add(ContentCheckedBlock.check(b.block()));
        }
        return checked;
    }

    /** The state writes of blocks {@code from..to-1} of {@code chain}. */
    static List<List<StateWrite>> writes(List<BlockWithWrites> chain, int from, int to) {
        return chain.subList(from, to).stream().map(BlockWithWrites::writes).toList();
    }
}
