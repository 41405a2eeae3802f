package io.ledgergossip.recovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.junit.jupiter.api.Test;

/**
 * What every {@link BlockSupply} promises, run over each implementation (another ledger copy on
 * disk, peers over Fabric's state transfer): blocks handed over in order from the number asked,
 * exactly as the sources hold them, until no source holds the next one; a refusal by the sink
 * ends the stream at once; the count by source adds up.
 */
public abstract class BlockSupplyContract {
    /** The chain every source of {@link #newSupply()} holds. */
    protected abstract List<Block> chain();

    /** A new supply over the chain's sources. */
    protected abstract BlockSupply newSupply() throws Exception;

    private List<Block> streamed(BlockSupply supply, long from) throws Exception {
        List<Block> got = new ArrayList<>();
        long handed = supply.stream(from, (block, source) -> got.add(block));
        assertEquals(got.size(), handed, "the count returned is the count handed over");
        return got;
    }

    @Test
    void handsOverEveryBlockFromTheNumberAskedInOrderAsTheSourcesHoldIt() throws Exception {
        int from = chain().size() / 3;
        try (BlockSupply supply = newSupply()) {
            List<Block> got = streamed(supply, from);
            assertEquals(chain().size() - from, got.size());
            for (int i = 0; i < got.size(); i++) {
                assertArrayEquals(chain().get(from + i).toByteArray(), got.get(i).toByteArray(), "block " + (from + i));
            }
            assertEquals(got.size(), supply.blocksBySource().values().stream().mapToLong(Long::longValue).sum(),
                    "by source: " + supply.blocksBySource());
        }
    }

    @Test
    void fromBlockZeroItIsTheWholeChain() throws Exception {
        try (BlockSupply supply = newSupply()) {
            assertEquals(chain().size(), streamed(supply, 0).size());
        }
    }

    @Test
    void pastTheEndItHandsOverNothing() throws Exception {
        try (BlockSupply supply = newSupply()) {
            assertEquals(0, streamed(supply, chain().size()).size());
            assertEquals(0, streamed(supply, chain().size() + 1000L).size(), "far past the end too");
        }
    }

    @Test
    void aRefusedBlockEndsTheStreamAtOnce() throws Exception {
        int from = chain().size() / 2;
        List<Long> taken = new ArrayList<>();
        try (BlockSupply supply = newSupply()) {
            RepairException refused = assertThrows(RepairException.class, () -> supply.stream(from, (block, source) -> {
                if (block.getHeader().getNumber() == from + 5) {
                    throw new RepairException(source + " served a forged block " + (from + 5));
                }
                taken.add(block.getHeader().getNumber());
            }));
            assertEquals(5, taken.size(), "nothing after the refusal: " + taken);
            assertEquals(from, taken.get(0));
            assertEquals(true, refused.getMessage().endsWith("forged block " + (from + 5)), refused.getMessage());
        }
    }
}
