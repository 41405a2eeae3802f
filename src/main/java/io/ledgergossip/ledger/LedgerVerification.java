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

    /**
     * Checks every block of {@code blocks}. A damaged region is reported once, at its first record:
     * after a record that cannot be read, the next one must be the block expected after it;
     * when it is not (another unreadable record, or a block of another number, as when a length
     * prefix is damaged and the reader lands inside a block, or in a crash's tail of zeros), the
     * framing is lost, the first entry says so, and reading stops, as Fabric's block store stops.
     */
    public static Report verify(BlockSequence blocks) throws IOException {
        ChainVerifier verifier = new ChainVerifier(blocks.firstBlockNumber(), blocks.previousHeaderHash());
        List<BlockCheck> erroneous = new ArrayList<>();
        long read = 0;
        BlockCheck unreadable = null; // the last entry, while no block has been read after it
        while (true) {
            Optional<Block> next;
            try {
                next = blocks.next();
            } catch (LedgerFormatException e) {
                if (unreadable != null) {
                    lostFraming(erroneous, unreadable, e.getMessage());
                    break;
                }
                unreadable = new BlockCheck(verifier.expectedNumber(), List.of(e.getMessage()));
                erroneous.add(unreadable);
                if (e.framingIntact()) {
                    verifier.skipUnreadable();
                    continue;
                }
                break;
            }
            if (next.isEmpty()) {
                break;
            }
            if (unreadable != null && next.get().getHeader().getNumber() != verifier.expectedNumber()) {
                lostFraming(erroneous, unreadable, "the next record holds block " + next.get().getHeader().getNumber()
                        + ", not " + verifier.expectedNumber());
                break;
            }
            unreadable = null;
            read++;
            BlockCheck check = verifier.check(next.get());
            if (!check.valid()) {
                erroneous.add(check);
            }
        }
        return new Report(blocks.name(), read, erroneous);
    }

    /** The unreadable record did not end where the next block begins: one entry for the whole damaged region. */
    private static void lostFraming(List<BlockCheck> erroneous, BlockCheck unreadable, String after) {
        erroneous.set(erroneous.size() - 1, new BlockCheck(unreadable.blockNum(), List.of(unreadable.errors().get(0)
                + "; the records after it cannot be read either (" + after + "): the block framing is lost from there on, "
                + "as Fabric's block store would find it")));
    }
}
