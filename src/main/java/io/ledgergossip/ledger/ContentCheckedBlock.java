package io.ledgergossip.ledger;

import java.util.Arrays;
import java.util.Optional;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * A block whose content was checked: it has a header and data, its data hash matches its data,
 * and its transactions are well-formed. Only {@link #check} makes one, so whoever is handed one
 * (a store committing a run) need not hash the data again; its place in the chain is not part of
 * the proof.
 */
public final class ContentCheckedBlock {
    private final Block block;

    private ContentCheckedBlock(Block block) {
        this.block = block;
    }

    /** The block with its content checked. */
    public static ContentCheckedBlock check(Block block) throws BlockContentException {
        if (!block.hasHeader() || !block.hasData()) {
            throw new BlockContentException("block without header or data");
        }
        if (!Arrays.equals(block.getHeader().getDataHash().toByteArray(), BlockHashing.dataHash(block.getData()))) {
            throw new BlockContentException(ChainVerifier.DATA_HASH_MISMATCH);
        }
        Optional<String> malformed = TransactionWellFormedness.check(block.getData());
        if (malformed.isPresent()) {
            throw new BlockContentException(malformed.get());
        }
        return new ContentCheckedBlock(block);
    }

    /**
     * {@code other} as a checked block: without checking again when it carries this block's header
     * and this very data (a validation that records its transaction filter changes the metadata
     * only), else checked in full.
     */
    public ContentCheckedBlock sameContent(Block other) throws BlockContentException {
        if (other == block || (other.getData() == block.getData() && other.getHeader().equals(block.getHeader()))) {
            return other == block ? this : new ContentCheckedBlock(other);
        }
        return check(other);
    }

    public Block block() {
        return block;
    }

    public long number() {
        return block.getHeader().getNumber();
    }

    /** Why a block's content is not acceptable. */
    public static final class BlockContentException extends Exception {
        public BlockContentException(String reason) {
            super(reason);
        }
    }
}
