package io.ledgergossip.ledger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hyperledger.fabric.protos.common.Common.Block;

/** Verifies a whole ledger, block after block, and collects the erroneous blocks. */
public final class LedgerVerification {
    private LedgerVerification() {}

    /**
     * The report on one ledger.
     *
     * @param blocksRead blocks that could be read (valid or not)
     * @param erroneous one entry per block that failed a check, in ledger order; a block that
     *     could not be read at all (truncated, unparsable) is one entry too
     */
    public record Report(String ledger, long blocksRead, List<BlockCheck> erroneous) {
        public Report {
            erroneous = List.copyOf(erroneous);
        }

        public boolean valid() {
            return erroneous.isEmpty();
        }
    }

    public static Report verify(BlockSequence blocks) throws IOException {
        ChainVerifier verifier = new ChainVerifier(blocks.firstBlockNumber(), blocks.previousHeaderHash());
        List<BlockCheck> erroneous = new ArrayList<>();
        long read = 0;
        while (true) {
            Optional<Block> next;
            try {
                next = blocks.next();
            } catch (LedgerFormatException e) {
                erroneous.add(new BlockCheck(verifier.expectedNumber(), List.of(e.getMessage())));
                if (e.framingIntact()) {
                    verifier.skipUnreadable();
                    continue;
                }
                break;
            }
            if (next.isEmpty()) {
                break;
            }
            read++;
            BlockCheck check = verifier.check(next.get());
            if (!check.valid()) {
                erroneous.add(check);
            }
        }
        return new Report(blocks.name(), read, erroneous);
    }
}
