package io.ledgergossip.ledger;

import com.google.protobuf.ByteString;
import java.util.List;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.hyperledger.fabric.protos.common.Common.BlockData;
import org.hyperledger.fabric.protos.common.Common.BlockHeader;
import org.hyperledger.fabric.protos.common.Common.BlockMetadata;
import org.hyperledger.fabric.protos.common.Common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.Common.Envelope;

/**
 * Makes Fabric blocks with correct hashes: the data hash over the transactions, the previous hash
 * pointing at the block before, and Fabric's metadata slots (one per
 * {@code BlockMetadataIndex}), with the transaction filter marking every transaction VALID.
 */
public final class BlockBuilder {
    /** Fabric's metadata has one slot per BlockMetadataIndex value (SIGNATURES .. COMMIT_HASH). */
    public static final int METADATA_SLOTS = BlockMetadataIndex.COMMIT_HASH_VALUE + 1;

    private BlockBuilder() {}

    /** The block after {@code previous}: number + 1, previous hash = previous's header hash. */
    public static Block next(Block previous, List<Envelope> transactions) {
        return build(previous.getHeader().getNumber() + 1, BlockHashing.headerHash(previous.getHeader()),
                transactions);
    }

    public static Block genesis(List<Envelope> transactions) {
        return build(0, new byte[0], transactions);
    }

    public static Block build(long number, byte[] previousHeaderHash, List<Envelope> transactions) {
        BlockData.Builder data = BlockData.newBuilder();
        for (Envelope tx : transactions) {
            data.addData(tx.toByteString());
        }
        return buildFromData(number, previousHeaderHash, data.build());
    }

    /** A block over raw data entries, as they are (used to build corrupt blocks in tests too). */
    public static Block buildFromData(long number, byte[] previousHeaderHash, BlockData data) {
        BlockHeader header = BlockHeader.newBuilder()
                .setNumber(number)
                .setPreviousHash(ByteString.copyFrom(previousHeaderHash))
                .setDataHash(ByteString.copyFrom(BlockHashing.dataHash(data)))
                .build();
        BlockMetadata.Builder metadata = BlockMetadata.newBuilder();
        for (int slot = 0; slot < METADATA_SLOTS; slot++) {
            metadata.addMetadata(ByteString.EMPTY);
        }
        byte[] filter = new byte[data.getDataCount()]; // all TX_VALID (0)
        metadata.setMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE, ByteString.copyFrom(filter));
        return Block.newBuilder().setHeader(header).setData(data).setMetadata(metadata).build();
    }
}
