package io.ledgergossip.dissemination;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.ledger.BlockHashing;
import io.ledgergossip.testing.TestChains;
import io.ledgergossip.testing.TestPki;
import java.nio.file.Path;
import java.util.Set;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockVerifierTest {
    @TempDir
    Path tmp;

    @Test
    void ordererSignatureIsRequiredExceptForTheGenesisBlockThePeerJoinedWith() throws Exception {
        TestPki pki = new TestPki(tmp);
        LocalIdentity orderer = pki.orderer();
        LocalIdentity notOrderer = pki.peer(1, 0);
        IdentityValidator validator = pki.validator();
        var chain = TestChains.sample(2, 2, 10);
        Block genesis = chain.get(0).block();
        Block next = chain.get(1).block();

        BlockVerifier strict = new BlockVerifier(validator, Set.of(TestPki.ORDERER_MSP));
        assertThrows(BlockVerificationException.class, () -> strict.verify(genesis), "unsigned");
        strict.verify(BlockSignatures.sign(next, orderer, new byte[] {1}));
        BlockVerificationException byPeer = assertThrows(BlockVerificationException.class,
                () -> strict.verify(BlockSignatures.sign(next, notOrderer, new byte[] {1})));
        assertTrue(byPeer.getMessage().contains("not an orderer"), byPeer.getMessage());

        BlockVerifier joined = new BlockVerifier(validator, Set.of(TestPki.ORDERER_MSP), BlockHashing.headerHash(genesis.getHeader()));
        joined.verify(genesis);
        Block otherGenesis = TestChains.sample(1, 2, 10).get(0).block(); // well formed, other signatures: another hash
        BlockVerificationException wrong = assertThrows(BlockVerificationException.class, () -> joined.verify(otherGenesis));
        assertTrue(wrong.getMessage().contains("not the genesis block this peer was configured with"), wrong.getMessage());
        assertThrows(BlockVerificationException.class, () -> joined.verify(next), "only block 0 is exempt");
    }
}
