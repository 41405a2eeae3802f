package io.ledgergossip.dissemination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.config.DisseminationConfig;
import io.ledgergossip.config.MembershipConfig;
import io.ledgergossip.config.TopologyConfig;
import io.ledgergossip.fixture.SimulatedNetwork;
import io.ledgergossip.fixture.SimulatedNetwork.Peer;
import io.ledgergossip.transport.memory.LinkFaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How many block bodies each peer receives per block in each push mode, with an upper bound for
 * each, and how long a block takes to reach every peer. No loss, 5 ms links, 30 peers.
 */
class RedundancyTest {
    private static final int BLOCKS = 60;
    private static final Duration OFF = Duration.ofHours(1);

    @TempDir
    Path tmp;

    /**
     * Bodies received per peer per block (all peers), p50 and max of the time for a block to reach
     * every peer (ms), and the share of (ordinary peer, block) pairs that push delivered.
     */
    record Figures(double bodiesPerPeerPerBlock, long p50Ms, long maxMs, double pushShare) {}

    private Figures run(String name, DisseminationConfig config) throws Exception {
        SimulatedNetwork net = new SimulatedNetwork(tmp.resolve(name), 94, 3, 2, 8, MembershipConfig.defaults(),
                TopologyConfig.defaults(), config, 4, 500);
        net.startAll();
        net.advance(Duration.ofSeconds(15));
        net.network().setDefaultFaults(LinkFaults.NONE.withDelay(Duration.ofMillis(5), Duration.ZERO));
        Map<Long, Long> cutAt = new HashMap<>();
        Map<Long, Long> lastCommit = new HashMap<>();
        for (Peer p : net.peers()) {
            p.node().onBlockCommitted(b -> lastCommit.merge(b.getHeader().getNumber(), net.scheduler().millis(), Math::max));
        }
        for (int i = 0; i < BLOCKS; i++) {
            cutAt.put(net.orderer().cut().getHeader().getNumber(), net.scheduler().millis());
            net.advance(Duration.ofMillis(500));
        }
        DisseminationScenarioTest.settle(net, BLOCKS, Duration.ofSeconds(60));
        long bodies = 0;
        long byPush = 0;
        for (Peer p : net.peers()) {
            bodies += p.node().dissemination().counters().bodiesReceived();
            byPush += p.node().dissemination().counters().blocksByPush();
        }
        long[] spread = cutAt.keySet().stream().mapToLong(n -> lastCommit.get(n) - cutAt.get(n)).sorted().toArray();
        long peersThatReceive = net.peers().stream().filter(p -> !p.superNode()).count(); // super nodes get blocks from the orderer
        Figures f = new Figures((double) bodies / BLOCKS / net.peers().size(), spread[spread.length / 2],
                spread[spread.length - 1], (double) byPush / BLOCKS / peersThatReceive);
        System.out.printf("redundancy %-12s bodies/peer/block %.2f, time to all peers p50 %d ms max %d ms, push share %.2f%n",
                name, f.bodiesPerPeerPerBlock(), f.p50Ms(), f.maxMs(), f.pushShare());
        assertEquals(BLOCKS, Arrays.stream(spread).count());
        return f;
    }

    @Test
    void treePushWithDigestsStaysNearOneBodyPerPeerWhileBodyPushSendsFour() throws Exception {
        DisseminationConfig defaults = DisseminationConfig.defaults();
        DisseminationConfig bodies = defaults.withPushDigestFirst(false);
        DisseminationConfig pushOnly = bodies.withPullInterval(OFF);

        Figures push = run("push-only", pushOnly);
        Figures both = run("push+pull", bodies);
        Figures tree = run("default", defaults);

        // bodies to the random fanout: super nodes send a new block to all their children and 3 random
        // peers; every other peer forwards it once to propagatePeerNum (3) peers: 3 to 4 bodies per peer
        assertTrue(push.bodiesPerPeerPerBlock() <= 4.2, "push-only " + push);
        assertTrue(push.bodiesPerPeerPerBlock() >= 2.5, "push-only " + push);
        assertTrue(both.bodiesPerPeerPerBlock() <= 4.3, "push+pull " + both);
        // default: bodies go down the tree, the random fanout gets numbers and asks only for what it lacks
        assertTrue(tree.bodiesPerPeerPerBlock() <= 1.2, "default " + tree);
        // without loss, every peer has each block within a few 5 ms hops
        assertTrue(push.maxMs() <= 50 && both.maxMs() <= 50 && tree.maxMs() <= 50, push + " " + both + " " + tree);
        assertTrue(push.pushShare() > 0.8, "push alone delivers most blocks: " + push);
        assertTrue(tree.pushShare() > 0.9, "the tree delivers nearly every block: " + tree);
    }
}
