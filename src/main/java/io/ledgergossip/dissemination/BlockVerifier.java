package io.ledgergossip.dissemination;

import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.ledger.BlockHashing;
import io.ledgergossip.ledger.TransactionWellFormedness;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * What a block must show before a peer holds it: a header, a data hash that matches its data,
 * well-formed transactions and a valid orderer signature. Its place in the chain is checked when
 * it is committed.
 */
public final class BlockVerifier {
    private final IdentityValidator validator;
    private final Set<String> ordererMspIds;

    public BlockVerifier(IdentityValidator validator, Set<String> ordererMspIds) {
        this.validator = validator;
        this.ordererMspIds = Set.copyOf(ordererMspIds);
    }

    public void verify(Block block) throws BlockVerificationException {
        if (!block.hasHeader() || !block.hasData()) {
            throw new BlockVerificationException("block without header or data");
        }
        long n = block.getHeader().getNumber();
        if (!Arrays.equals(block.getHeader().getDataHash().toByteArray(), BlockHashing.dataHash(block.getData()))) {
            throw new BlockVerificationException("block " + n + ": DataHash mismatch");
        }
        Optional<String> malformed = TransactionWellFormedness.check(block.getData());
        if (malformed.isPresent()) {
            throw new BlockVerificationException("block " + n + ": " + malformed.get());
        }
        BlockSignatures.verify(block, validator, ordererMspIds);
    }
}
