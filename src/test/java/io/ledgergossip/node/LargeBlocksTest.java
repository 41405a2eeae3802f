package io.ledgergossip.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ledgergossip.config.DisseminationConfig;
import io.ledgergossip.config.MembershipConfig;
import io.ledgergossip.config.TopologyConfig;
import io.ledgergossip.fixture.FixtureOrderer;
import io.ledgergossip.testing.TestPki;
import io.ledgergossip.transport.RejectReason;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Blocks of 2 MB and 15 MB (under the default 16 MiB frame limit) on real sockets (Netty + mutual
 * TLS, RocksDB): pushed bursts and pull answers are split under the limit, state transfer carries
 * one large block per response, and no peer ever refuses an honest peer's frame.
 */
class LargeBlocksTest {
    private static final MembershipConfig FAST = new MembershipConfig(Duration.ofMillis(300), Duration.ofMillis(3000), 3,
            Duration.ofMillis(300), 3);
    private static final TopologyConfig TOPOLOGY = new TopologyConfig(3, 16, Duration.ofSeconds(2));
    /** Bodies to random peers by digest first (they pull them with DataRequest), bursts of up to 10 blocks. */
    private static final DisseminationConfig QUICK = quick(10);

    /** {@link #QUICK} with another state.batchSize. */
    private static DisseminationConfig quick(int stateBatchSize) {
        return new DisseminationConfig(3, 10, Duration.ofMillis(50), true, true, true, true, Duration.ofMillis(500), 3, 10,
                Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofSeconds(5), stateBatchSize, 3, 100, 4, 0,
                Duration.ofMinutes(10), 500, Duration.ofSeconds(1));
    }

    @TempDir
    Path tmp;

    private RealPeers peers;

    @AfterEach
    void stopAll() {
        if (peers != null) {
            peers.close();
        }
    }

    /**
     * One peer holds six 15 MB blocks; a new peer asks for them one block a range, four ranges at
     * a time. A holder's send buffer takes two such answers (32 MiB) and drops the rest, so the new
     * peer must not ask it for more than a frame's worth at once, nor pull the same blocks beside
     * state transfer: no answer may be dropped and no request may time out.
     */
    @Test
    void aCatchingUpPeerAsksAHolderForNoMoreLargeBlocksThanItsSendBufferHolds() throws Exception {
        TestPki pki = new TestPki(tmp.resolve("crypto"));
        pki.org(1);
        FixtureOrderer orderer = new FixtureOrderer(pki.orderer(), 3, 1, 15_000_000);
        peers = new RealPeers(tmp.resolve("stores"), pki.validator(), orderer, FAST, TOPOLOGY, quick(1)); // ranges of one block
        RealPeers.Running holder = peers.start(pki.peer(1, 0), true, List.of());
        int blocks = 6;
        for (int i = 0; i < blocks; i++) {
            orderer.cut();
        }
        await("the holder took the blocks").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> holder.node().height() >= blocks);
        RealPeers.Running joiner = peers.start(pki.peer(1, 1), false, List.of(holder.node().transport().endpoint()));
        await("the joiner caught up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> joiner.node().height() >= blocks);
        assertEquals(0, holder.node().transport().counters().overflowDropped(), "answers dropped by the holder's full send buffer");
        assertEquals(0, joiner.node().dissemination().counters().stateRequestsTimedOut(), "state requests that timed out");
        assertEquals(blocks, joiner.node().dissemination().counters().blocksByStateTransfer(), "blocks by state transfer");
        assertArrayEquals(holder.store().stateHash(), joiner.store().stateHash());
    }

    @ParameterizedTest(name = "blocks of {0} bytes")
    @ValueSource(ints = {2_000_000, 15_000_000})
    void largeBlocksCrossByPushPullAndStateTransferWithoutARefusedFrame(int blockBytes) throws Exception {
        TestPki pki = new TestPki(tmp.resolve("crypto"));
        pki.org(1);
        FixtureOrderer orderer = new FixtureOrderer(pki.orderer(), 3, 1, blockBytes);
        peers = new RealPeers(tmp.resolve("stores"), pki.validator(), orderer, FAST, TOPOLOGY, QUICK); // trusts the orderer's org too
        int blocks = blockBytes > 10_000_000 ? 4 : 12;
        RealPeers.Running superNode = peers.start(pki.peer(1, 0), true, List.of());
        List<String> bootstrap = List.of(superNode.node().transport().endpoint());
        for (int i = 1; i <= 3; i++) {
            peers.start(pki.peer(1, i), false, bootstrap);
        }
        await("membership").atMost(Duration.ofSeconds(30))
                .until(() -> peers.running.stream().allMatch(r -> Snapshots.alive(r.node()) == 3));
        for (int i = 0; i < blocks; i++) {
            orderer.cut(); // one burst: the random peers get the numbers and pull the bodies together
        }
        await("every peer holds every block").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> peers.running.stream().allMatch(r -> r.node().height() >= blocks));
        RealPeers.Running late = peers.start(pki.peer(1, 4), false, bootstrap); // catches up by state transfer
        await("the late joiner caught up").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .until(() -> late.node().height() >= blocks);
        for (RealPeers.Running r : peers.running) {
            var counters = r.node().transport().counters();
            assertEquals(0, counters.rejected(RejectReason.OVERSIZED_FRAME), r.node().identity() + " refused a frame");
            assertEquals(0, counters.oversizedNotSentCount(), r.node().identity() + " built a message over the limit");
        }
    }
}
