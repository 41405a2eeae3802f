package io.ledgergossip.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.ledgergossip.ledger.ContentCheckedBlock.BlockContentException;
import io.ledgergossip.testing.TestChains;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.hyperledger.fabric.protos.common.Common.BlockMetadata;
import org.junit.jupiter.api.Test;

/** The proof a store takes instead of hashing a block's data again: made only for a block whose content checks out. */
class ContentCheckedBlockTest {
    private final Block block = TestChains.sample(3, 2, 32).get(2).block();

    @Test
    void aBlockWhoseContentChecksOutIsTaken() throws Exception {
        assertSame(block, ContentCheckedBlock.check(block).block());
        assertEquals(2, ContentCheckedBlock.check(block).number());
    }

    @Test
    void dataThatDoesNotMatchTheDataHashIsRefused() {
        Block tampered = block.toBuilder().setData(block.getData().toBuilder().setData(0, ByteString.copyFromUtf8("forged"))).build();
        BlockContentException e = assertThrows(BlockContentException.class, () -> ContentCheckedBlock.check(tampered));
        assertEquals(ChainVerifier.DATA_HASH_MISMATCH, e.getMessage());
        assertThrows(BlockContentException.class, () -> ContentCheckedBlock.check(Block.getDefaultInstance()));
        Block malformed = BlockBuilder.buildFromData(2, block.getHeader().getPreviousHash().toByteArray(),
                block.getData().toBuilder().setData(0, ByteString.copyFromUtf8("not an envelope")).build());
        assertThrows(BlockContentException.class, () -> ContentCheckedBlock.check(malformed), "hash matches, transaction malformed");
    }

    @Test
    void otherMetadataKeepsTheProofOtherDataIsCheckedAgain() throws Exception {
        ContentCheckedBlock checked = ContentCheckedBlock.check(block);
        Block flagged = block.toBuilder().setMetadata(BlockMetadata.newBuilder().addMetadata(ByteString.copyFromUtf8("filter"))).build();
        assertSame(flagged, checked.sameContent(flagged).block());
        Block swapped = block.toBuilder().setData(block.getData().toBuilder().setData(0, ByteString.copyFromUtf8("forged"))).build();
        assertThrows(BlockContentException.class, () -> checked.sameContent(swapped));
        Block equalCopy = Block.parseFrom(block.toByteArray()); // equal data, not the same object: checked in full, and fine
        assertTrue(checked.sameContent(equalCopy).block() == equalCopy);
    }
}
