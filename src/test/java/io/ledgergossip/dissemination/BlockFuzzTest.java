package io.ledgergossip.dissemination;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.InvalidProtocolBufferException;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.testing.Fuzz;
import io.ledgergossip.testing.TestChains;
import io.ledgergossip.testing.TestPki;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzing of block bodies as they arrive in DataMessages and state-transfer responses: decoded
 * and verified (well-formedness, data hash, the orderer's signature) as the intake does before
 * anything is buffered. Every input ends verified, or refused with the decoder's or the
 * verifier's exception.
 */
class BlockFuzzTest {
    @TempDir
    Path tmp;

    @Test
    void receivedBlocksVerifyOrAreRefusedWithAReason() throws Exception {
        TestPki pki = new TestPki(tmp);
        LocalIdentity orderer = pki.orderer();
        BlockVerifier verifier = new BlockVerifier(pki.validator(), Set.of(TestPki.ORDERER_MSP));
        var chain = TestChains.sample(3, 2, 64);
        List<byte[]> signed = List.of(BlockSignatures.sign(chain.get(1).block(), orderer, new byte[] {1}).toByteArray(),
                BlockSignatures.sign(chain.get(2).block(), orderer, new byte[] {2}).toByteArray());
        Fuzz.Tally tally = Fuzz.run(92, signed, 256, List.of(InvalidProtocolBufferException.class, BlockVerificationException.class),
                bytes -> verifier.verify(Block.parseFrom(bytes)));
        assertTrue(tally.accepted() > 0 && tally.rejected() > 0, tally.toString());
    }
}
