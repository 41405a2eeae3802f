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
    void pushOnlyPushPullAndDigestFirstStayWithinTheirBounds() throws Exception {
        DisseminationConfig pushPull = DisseminationConfig.defaults();
        DisseminationConfig pushOnly = pushPull.withPullInterval(OFF);
        DisseminationConfig digestFirst = pushPull.withPushDigestFirst(true);

        Figures push = run("push-only", pushOnly);
        Figures both = run("push+pull", pushPull);
        Figures digest = run("digest-first", digestFirst);

        // push: super nodes send a new block to all their children and 3 random peers; every other peer
        // forwards it once to propagatePeerNum (3) peers: about 3 to 4 bodies arrive per peer
        assertTrue(push.bodiesPerPeerPerBlock() <= 4.2, "push-only " + push);
        assertTrue(both.bodiesPerPeerPerBlock() <= 4.3, "push+pull " + both);
        // digest-first: a body crosses a link only to the first peer that asks for it
        assertTrue(digest.bodiesPerPeerPerBlock() <= 1.3, "digest-first " + digest);
        assertTrue(digest.bodiesPerPeerPerBlock() < push.bodiesPerPeerPerBlock() / 2);
        // without loss, push reaches every peer in a few 5 ms hops (digest-first adds a round trip per hop)
        assertTrue(push.maxMs() <= 50 && both.maxMs() <= 50 && digest.maxMs() <= 100, push + " " + both + " " + digest);
        assertTrue(push.pushShare() > 0.8, "push alone delivers most blocks: " + push);
    }
}
