package io.ledgergossip.dissemination;

import static io.ledgergossip.dissemination.DisseminationScenarioTest.cut;
import static io.ledgergossip.dissemination.DisseminationScenarioTest.settle;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.ledgergossip.config.DisseminationConfig;
import io.ledgergossip.config.MembershipConfig;
import io.ledgergossip.config.TopologyConfig;
import io.ledgergossip.fixture.SimulatedNetwork;
import io.ledgergossip.fixture.SimulatedNetwork.Peer;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.ledger.BlockHashing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer that answers state requests with forged blocks: nothing forged is committed, the honest
 * chain wins, and the liar is scored down, banned and dropped.
 */
class ByzantinePeerTest {
    private static final long FORGE_FROM = 20;

    @TempDir
    Path tmp;

    @Test
    void blocksWithABadOrdererSignatureAreRefusedAndTheirSenderBanned() throws Exception {
        // the transactions are swapped (still well formed, hash recomputed): the orderer's signature no longer covers the header
        run((net, liar) -> block -> {
            Block changed = block.toBuilder().setData(block.getData().toBuilder()
                    .setData(0, block.getData().getData(1)).setData(1, block.getData().getData(0))).build();
            return changed.toBuilder().setHeader(changed.getHeader().toBuilder()
                    .setDataHash(ByteString.copyFrom(BlockHashing.dataHash(changed.getData())))).build();
        });
    }

    @Test
    void blocksValidlySignedButOnAnotherChainAreRefusedAndTheirSenderBanned() throws Exception {
        // a second chain the orderer's key signed: the previous hash points elsewhere, the signature is valid
        run((net, liar) -> block -> BlockSignatures.sign(block.toBuilder().setHeader(block.getHeader().toBuilder()
                .setPreviousHash(ByteString.copyFrom(new byte[32]))).build(), net.orderer().identity(), new byte[] {7}));
    }

    @Test
    void blocksWhoseDataDoesNotMatchTheDataHashAreRefusedAndTheirSenderBanned() throws Exception {
        // a transaction replaced, the header (and so the orderer's signature) left as it was
        run((net, liar) -> block -> block.toBuilder().setData(block.getData().toBuilder()
                .setData(0, block.getData().getData(1))).build());
    }

    private void run(BiFunction<SimulatedNetwork, LocalIdentity, UnaryOperator<Block>> forger) throws Exception {
        // the liar is a super node: a restarted peer connects to the super nodes first and asks them
        // banned at the first forged block: how often the liar is asked depends on how many ranges the catch-up takes
        // (one or two, now that ranges are sized in bytes), and three strikes would need three
        int oneStrike = PeerScores.INITIAL - PeerScores.PENALTY;
        SimulatedNetwork net = new SimulatedNetwork(tmp, 93, 2, 2, 3, MembershipConfig.defaults(), TopologyConfig.defaults(),
                DisseminationConfig.defaults().withPeerScoreThreshold(oneStrike), 2, 100);
        Peer liar = net.org(1).get(1);
        Peer sleeper = net.org(1).get(4);
        liar.replaceLedger(new ForgingLedgerStore(FORGE_FROM, forger.apply(net, liar.identity())));
        net.startAll();
        net.advance(Duration.ofSeconds(15));
        cut(net, (int) FORGE_FROM, Duration.ofMillis(100));
        settle(net, FORGE_FROM, Duration.ofSeconds(30));
        net.kill(sleeper);
        cut(net, 300, Duration.ofMillis(20));
        settle(net, FORGE_FROM + 300, Duration.ofSeconds(60));

        net.start(sleeper);
        settle(net, FORGE_FROM + 300, Duration.ofSeconds(120));

        Block honestHead = net.orderer().blocks().get((int) FORGE_FROM + 299);
        for (Peer p : net.running()) {
            assertArrayEquals(BlockHashing.headerHash(honestHead.getHeader()), p.ledger().lastHeaderHash(), p + " holds the honest chain");
        }
        assertArrayEquals(BlockHashing.headerHash(honestHead.getHeader()), sleeper.ledger().lastHeaderHash(), "the honest chain wins");
        DisseminationService atSleeper = sleeper.node().dissemination();
        assertTrue(atSleeper.counters().invalidBlocks() >= 1,
                "the liar was asked and caught; state transfer served by " + atSleeper.counters().stateBlocksServedBy());
        assertTrue(atSleeper.scores().isBanned(liar.identity().pkiId(), net.scheduler().millis()), "the liar is banned");
        assertEquals(1, atSleeper.scores().bans());
        assertFalse(sleeper.transport().connectedPeers().contains(liar.identity().pkiId()), "and dropped");
        net.advance(Duration.ofSeconds(30));
        assertFalse(sleeper.transport().connectedPeers().contains(liar.identity().pkiId()), "and stays dropped");
    }
}
