package io.ledgergossip.dissemination;

import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.ledger.BlockHashing;
import io.ledgergossip.ledger.ContentCheckedBlock;
import java.util.Arrays;
import java.util.Set;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * What a block must show before a peer holds it: a header, a data hash that matches its data,
 * well-formed transactions and a valid orderer signature (or, for block 0, be the genesis block
 * the peer was configured with). Its place in the chain is checked when it is committed.
 */
public final class BlockVerifier {
    private final IdentityValidator validator;
    private final Set<String> ordererMspIds;
    private final byte[] trustedGenesis;

    public BlockVerifier(IdentityValidator validator, Set<String> ordererMspIds) {
        this(validator, ordererMspIds, null);
    }

    /**
     * @param trustedGenesis header hash of the genesis block the peer was configured with (as a
     *     Fabric peer joins a channel with its genesis block, which no orderer signs), or null
     */
    public BlockVerifier(IdentityValidator validator, Set<String> ordererMspIds, byte[] trustedGenesis) {
        this.validator = validator;
        this.ordererMspIds = Set.copyOf(ordererMspIds);
        this.trustedGenesis = trustedGenesis == null ? null : trustedGenesis.clone();
    }

    /** @return the block, its content checked (the store takes that as proof and does not hash its data again) */
    public ContentCheckedBlock verify(Block block) throws BlockVerificationException {
        ContentCheckedBlock checked;
        try {
            checked = ContentCheckedBlock.check(block);
        } catch (ContentCheckedBlock.BlockContentException e) {
            throw new BlockVerificationException((block.hasHeader() ? "block " + block.getHeader().getNumber() + ": " : "")
                    + e.getMessage());
        }
        long n = block.getHeader().getNumber();
        if (n == 0 && trustedGenesis != null) {
            if (!Arrays.equals(BlockHashing.headerHash(block.getHeader()), trustedGenesis)) {
                throw new BlockVerificationException("block 0 is not the genesis block this peer was configured with");
            }
            return checked;
        }
        BlockSignatures.verify(block, validator, ordererMspIds);
        return checked;
    }
}
