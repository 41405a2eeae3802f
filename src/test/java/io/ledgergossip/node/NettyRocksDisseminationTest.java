package io.ledgergossip.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ledgergossip.config.DisseminationConfig;
import io.ledgergossip.config.MembershipConfig;
import io.ledgergossip.config.TopologyConfig;
import io.ledgergossip.fixture.FixtureOrderer;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.testing.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten real peers (Netty + mutual TLS on loopback, RocksDB stores) in two orgs take 100 blocks from a
 * fixture orderer; one is stopped for 50 blocks, restarted from its RocksDB store, and catches up.
 */
class NettyRocksDisseminationTest {
    private static final MembershipConfig FAST = RealPeers.FAST_MEMBERSHIP;
    private static final TopologyConfig TOPOLOGY = new TopologyConfig(3, 16, Duration.ofSeconds(1));
    private static final DisseminationConfig QUICK = new DisseminationConfig(3, 10, Duration.ofMillis(10), false, true, true, true,
            Duration.ofMillis(500), 3, 10, Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(1), 10, 3, 100, 4,
            0, Duration.ofMinutes(10), 500, Duration.ofSeconds(1));

    @TempDir
    Path tmp;

    private RealPeers peers;
    private FixtureOrderer orderer;

    @AfterEach
    void stopAll() {
        if (peers != null) {
            peers.close();
        }
    }

    private void cut(int blocks) {
        for (int i = 0; i < blocks; i++) {
            orderer.cut();
        }
    }

    private void awaitAll(long height) {
        await("every running peer at height " + height).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> peers.running.stream().allMatch(r -> r.node().height() >= height));
    }

    @Test
    void tenPeersCommitEveryBlockAndARestartedPeerCatchesUpFromItsRocksDbStore() throws Exception {
        TestPki pki = new TestPki(tmp.resolve("crypto"));
        pki.org(1);
        pki.org(2);
        orderer = new FixtureOrderer(pki.orderer(), 5, 4, 2_000);
        peers = new RealPeers(tmp.resolve("stores"), pki.validator(), orderer, FAST, TOPOLOGY, QUICK);
        List<String> bootstrap = new ArrayList<>();
        for (int org = 1; org <= 2; org++) {
            RealPeers.Running superNode = peers.start(pki.peer(org, 0), true, bootstrap);
            bootstrap.add(superNode.node().transport().endpoint());
        }
        List<LocalIdentity> ordinary = new ArrayList<>();
        for (int org = 1; org <= 2; org++) {
            for (int i = 1; i <= 4; i++) {
                ordinary.add(pki.peer(org, i));
            }
        }
        ordinary.forEach(id -> peers.start(id, false, bootstrap));
        await("full membership").atMost(Duration.ofSeconds(30))
                .until(() -> peers.running.stream().allMatch(r -> Snapshots.alive(r.node()) == 9));

        cut(50);
        awaitAll(50);
        RealPeers.Running stopped = peers.running.stream().filter(r -> r.identity().commonName().equals("peer3.org2.example.com"))
                .findFirst().orElseThrow();
        peers.stop(stopped);
        cut(50);
        awaitAll(100);

        RealPeers.Running restarted = peers.start(stopped.identity(), false, bootstrap);
        assertEquals(50, restarted.node().height(), "reopened its RocksDB store at the height it had");
        restarted.node().awaitHeight(100, Duration.ofSeconds(60)).get();

        byte[] head = peers.running.get(0).store().lastHeaderHash();
        byte[] state = peers.running.get(0).store().stateHash();
        for (RealPeers.Running r : peers.running) {
            assertEquals(100, r.node().height(), r.identity().commonName());
            assertArrayEquals(head, r.store().lastHeaderHash(), r.identity().commonName() + " head hash");
            assertArrayEquals(state, r.store().stateHash(), r.identity().commonName() + " state hash");
        }
    }
}
