package io.ledgergossip.dissemination;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.config.DisseminationConfig;
import io.ledgergossip.config.MembershipConfig;
import io.ledgergossip.config.TopologyConfig;
import io.ledgergossip.fixture.SimulatedNetwork;
import io.ledgergossip.fixture.SimulatedNetwork.Peer;
import io.ledgergossip.transport.memory.LinkFaults;
import io.ledgergossip.fixture.KvWrites;
import io.ledgergossip.ledger.BlockHashing;
import io.ledgergossip.store.memory.InMemoryLedgerStore;
import io.ledgergossip.util.Hex;
import org.hyperledger.fabric.protos.common.Common.Block;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push, pull and state transfer on the in-memory transport with the virtual clock. */
class DisseminationScenarioTest {
    @TempDir
    Path tmp;

    static SimulatedNetwork network(Path dir, long seed, int orgs, int ordinary, DisseminationConfig config) throws Exception {
        SimulatedNetwork net = new SimulatedNetwork(dir, seed, orgs, 2, ordinary, MembershipConfig.defaults(),
                TopologyConfig.defaults(), config, 4, 200);
        net.startAll();
        net.advance(Duration.ofSeconds(15));
        return net;
    }

    /** Cuts {@code blocks} blocks, one every {@code every}. */
    static void cut(SimulatedNetwork net, int blocks, Duration every) {
        for (int i = 0; i < blocks; i++) {
            net.orderer().cut();
            net.advance(every);
        }
    }

    /** Advances until every running peer holds {@code height} blocks; returns the virtual time it took. */
    static long settle(SimulatedNetwork net, long height, Duration limit) {
        long start = net.scheduler().millis();
        while (!net.running().stream().allMatch(p -> p.node().height() >= height)) {
            net.advance(Duration.ofMillis(200));
            long lowest = net.running().stream().mapToLong(p -> p.node().height()).min().orElse(0);
            assertTrue(net.scheduler().millis() - start <= limit.toMillis(), "lowest height " + lowest + " of " + height + " after " + limit);
        }
        return net.scheduler().millis() - start;
    }

    static void assertSameLedgers(SimulatedNetwork net, long height) {
        Peer reference = net.running().get(0);
        for (Peer p : net.running()) {
            assertEquals(height, p.node().height(), p.toString());
            assertArrayEquals(reference.ledger().lastHeaderHash(), p.ledger().lastHeaderHash(), p + " head hash");
            assertArrayEquals(reference.ledger().stateHash(), p.ledger().stateHash(), p + " state hash");
        }
    }

    @Test
    void thirtyPeersTwoHundredBlocksTwentyPercentLossEveryoneEndsWithTheSameLedger() throws Exception {
        SimulatedNetwork net = network(tmp, 90, 3, 8, DisseminationConfig.defaults());
        net.network().setDefaultFaults(LinkFaults.NONE.withDropRate(0.2).withDelay(Duration.ofMillis(2), Duration.ofMillis(8)));
        cut(net, 200, Duration.ofMillis(100));
        settle(net, 200, Duration.ofSeconds(60));
        assertSameLedgers(net, 200);
        assertEquals(Hex.of(BlockHashing.headerHash(net.orderer().blocks().get(199).getHeader())),
                Hex.of(net.running().get(5).ledger().lastHeaderHash()), "the orderer's chain, not another");

        // the world state every peer reached is the one the same block stream gives in a single process
        InMemoryLedgerStore single = new InMemoryLedgerStore();
        for (Block block : net.orderer().blocks()) {
            single.append(block, KvWrites.of(block));
        }
        assertArrayEquals(single.stateHash(), net.running().get(17).ledger().stateHash());
    }

    @Test
    void aPeerOfflineWhileFiveHundredBlocksAreCutRejoinsAndCatchesUp() throws Exception {
        SimulatedNetwork net = network(tmp, 91, 2, 6, DisseminationConfig.defaults());
        cut(net, 20, Duration.ofMillis(100));
        settle(net, 20, Duration.ofSeconds(30));
        Peer sleeper = net.org(2).get(5);
        net.kill(sleeper);
        cut(net, 500, Duration.ofMillis(50));
        settle(net, 520, Duration.ofSeconds(60));
        assertEquals(20, sleeper.ledger().height(), "its ledger kept what it had");

        net.start(sleeper);
        long took = settle(net, 520, Duration.ofSeconds(60));
        assertSameLedgers(net, 520);
        assertTrue(sleeper.node().dissemination().counters().blocksByStateTransfer() >= 400,
                "most of the gap came by state transfer: " + sleeper.node().dissemination().counters().blocksByStateTransfer());
        assertTrue(took < 30_000, "caught up in " + took + " ms of virtual time");
    }

    @Test
    void aNewPeerWithAnEmptyLedgerCatchesUpTwoThousandBlocksFromSeveralPeersAtOnce() throws Exception {
        SimulatedNetwork net = network(tmp, 92, 2, 5, DisseminationConfig.defaults());
        Peer newcomer = net.org(1).get(6);
        net.kill(newcomer);
        cut(net, 2_000, Duration.ofMillis(10));
        settle(net, 2_000, Duration.ofSeconds(60));

        newcomer.wipeLedger();
        net.start(newcomer);
        long took = settle(net, 2_000, Duration.ofSeconds(120));
        assertSameLedgers(net, 2_000);
        var servedBy = newcomer.node().dissemination().counters().stateBlocksServedBy();
        assertTrue(servedBy.size() > 1, "served by one peer only: " + servedBy);
        assertTrue(took < 60_000, "caught up 2,000 blocks in " + took + " ms of virtual time");
    }
}
