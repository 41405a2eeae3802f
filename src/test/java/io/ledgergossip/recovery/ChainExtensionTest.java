package io.ledgergossip.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.dissemination.BlockSignatures;
import io.ledgergossip.fixture.ChannelGenesis;
import io.ledgergossip.fixture.EphemeralSigner;
import io.ledgergossip.fixture.SampleLedger;
import io.ledgergossip.identity.CryptoGenerator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.NodeRole;
import io.ledgergossip.identity.OrgCa;
import io.ledgergossip.ledger.BlockBuilder;
import io.ledgergossip.ledger.BlockHashing;
import io.ledgergossip.ledger.GoodPrefix;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.junit.jupiter.api.Test;

/**
 * Whose signatures a repair trusts as the chain goes on: the ordering org of the genesis block,
 * until a config block (itself signed by an org trusted before it) names another.
 */
class ChainExtensionTest {
    static final Instant NOW = Instant.now().minusSeconds(60);
    final CryptoGenerator generator = new CryptoGenerator(new SecureRandom(), NOW, Duration.ofDays(1));
    final OrgCa first = generator.createOrgCa("OrdererMSP", "example.com", NodeRole.ORDERER);
    final OrgCa second = generator.createOrgCa("NewOrdererMSP", "new.example.com", NodeRole.ORDERER);
    final OrgCa app = generator.createOrgCa("Org1MSP", "org1.example.com", NodeRole.PEER);
    final LocalIdentity firstOrderer = LocalIdentity.issued(generator.issueNode(first, "orderer.example.com", List.of()));
    final LocalIdentity secondOrderer = LocalIdentity.issued(generator.issueNode(second, "orderer.new.example.com", List.of()));
    final Block genesis = ChannelGenesis.of("mychannel", NOW, List.of(first), List.of(app));

    /** Blocks 1..n after the genesis block; block {@code update} moves the channel to the second ordering org. */
    List<Block> chain(int n, int update, int signedByFirstAfterUpdate) {
        SampleLedger txs = new SampleLedger("mychannel", 1, 2, 64, 10, new EphemeralSigner("Org1MSP"));
        List<Block> blocks = new ArrayList<>();
        Block previous = genesis;
        for (int i = 1; i <= n; i++) {
            Block block = i == update
                    ? BlockBuilder.next(previous, List.of(ChannelGenesis.configTransaction("mychannel", NOW, 1, List.of(second), List.of(app))))
                    : txs.continuingAfter(previous).next().block();
            LocalIdentity signer = i <= update || i == signedByFirstAfterUpdate ? firstOrderer : secondOrderer;
            block = BlockSignatures.sign(block, signer, new byte[24]);
            blocks.add(block);
            previous = block;
        }
        return blocks;
    }

    ChainExtension afterGenesis() throws RepairException {
        return ChainExtension.after(new GoodPrefix("mychannel", Path.of("."), List.of(Path.of("blockfile_000000")), 0, 100, 1,
                BlockHashing.headerHash(genesis.getHeader()), null, genesis, genesis, 0), null);
    }

    @Test
    void aConfigBlockHandsTheChainToTheOrderingOrgItNames() throws Exception {
        List<Block> blocks = chain(40, 20, -1);
        ChainExtension chain = afterGenesis();
        for (Block b : blocks) {
            chain.take(b, "peer");
        }
        assertEquals(41, chain.expectedNumber());
        assertTrue(chain.trust().startsWith("NewOrdererMSP (from block 20's"), chain.trust());
    }

    @Test
    void aBlockSignedByTheOrgTheConfigReplacedIsRefused() throws Exception {
        List<Block> blocks = chain(40, 20, 33);
        RepairException refused = assertThrows(RepairException.class, () -> {
            ChainExtension chain = afterGenesis();
            for (Block b : blocks) {
                chain.take(b, "peer");
            }
        });
        assertTrue(refused.getMessage().startsWith("peer served a forged block 33: block 33 has no valid orderer signature"),
                refused.getMessage());
    }

    @Test
    void aConfigBlockSignedOnlyByTheOrgItIntroducesIsRefused() throws Exception {
        List<Block> blocks = chain(25, 20, -1);
        blocks.set(19, BlockSignatures.sign(blocks.get(19), secondOrderer, new byte[24])); // the update signs itself in
        ChainExtension chain = afterGenesis();
        RepairException refused = assertThrows(RepairException.class, () -> {
            for (Block b : blocks) {
                chain.take(b, "peer");
            }
        });
        assertTrue(refused.getMessage().contains("forged block 20"), refused.getMessage());
    }
}
