package io.ledgergossip.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * Checks a sequence of blocks, one after the other, the way Fabric's {@code ledgerutil verify}
 * does, plus the number sequence and transaction well-formedness.
 *
 * <p>It keeps only the expected next number and the header hash of the block before, so it
 * verifies a ledger of any length in constant memory. After a faulty block it goes on from that
 * block, so that one removed block shows as one error, not as every block after it.
 */
public final class ChainVerifier {
    public static final String DATA_HASH_MISMATCH = "DataHash mismatch";
    public static final String PREVIOUS_HASH_MISMATCH = "PreviousHash mismatch";

    private long expectedNumber;
    private byte[] previousHeaderHash;

    /**
     * @param firstNumber the number the first block must carry (0, or the block after a snapshot)
     * @param previousHeaderHash the header hash the first block must point to, or null when it
     *     is unknown (a ledger that starts at the genesis block)
     */
    public ChainVerifier(long firstNumber, byte[] previousHeaderHash) {
        this.expectedNumber = firstNumber;
        this.previousHeaderHash = previousHeaderHash == null ? null : previousHeaderHash.clone();
    }

    public static ChainVerifier fromGenesis() {
        return new ChainVerifier(0, null);
    }

    public long expectedNumber() {
        return expectedNumber;
    }

    /** Header hash of the last block checked (the one the next block must point to), or null before any. */
    public byte[] lastHeaderHash() {
        return previousHeaderHash == null ? null : previousHeaderHash.clone();
    }

    /**
     * Steps over a block that could not be read at all: the next block is expected one number
     * later, and whom it must point to is no longer known.
     */
    public void skipUnreadable() {
        expectedNumber++;
        previousHeaderHash = null;
    }

    public BlockCheck check(Block block) {
        return check(block, true);
    }

    /** Checks only the block's place in the chain (number, previous hash): its content was checked already. */
    public BlockCheck checkPlace(ContentCheckedBlock checked) {
        return check(checked.block(), false);
    }

    private BlockCheck check(Block block, boolean content) {
        List<String> errors = new ArrayList<>();
        if (!block.hasHeader()) {
            errors.add("block has no header");
            long number = expectedNumber;
            skipUnreadable();
            return new BlockCheck(number, errors);
        }
        long number = block.getHeader().getNumber();
        if (number != expectedNumber) {
            errors.add("The next block is expected to be " + Long.toUnsignedString(expectedNumber)
                    + " but got " + Long.toUnsignedString(number));
        }
        if (content) {
            // Fabric's ledgerutil computes the data hash with protoutil.BlockDataHash, which first checks that the
            // transactions are well formed and fails without a hash when they are not: then the header's hash is
            // compared with none, so a malformed block gets both errors (unless its header hash is empty too)
            Optional<String> malformed = TransactionWellFormedness.check(block.getData());
            malformed.ifPresent(errors::add);
            byte[] headerHash = block.getHeader().getDataHash().toByteArray();
            byte[] computed = malformed.isPresent() ? new byte[0] : BlockHashing.dataHash(block.getData());
            if (!Arrays.equals(headerHash, computed)) {
                errors.add(DATA_HASH_MISMATCH);
            }
        }
        if (previousHeaderHash != null
                && !Arrays.equals(block.getHeader().getPreviousHash().toByteArray(), previousHeaderHash)) {
            errors.add(PREVIOUS_HASH_MISMATCH);
        }
        expectedNumber = number + 1;
        previousHeaderHash = BlockHashing.headerHash(block.getHeader());
        return new BlockCheck(number, errors);
    }
}
