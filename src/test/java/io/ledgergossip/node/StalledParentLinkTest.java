package io.ledgergossip.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * Real sockets, the default dissemination timers (pull every 4 s, state transfer every 10 s): a
 * peer that stops reading its super node's stream misses every push from it, hears each block's
 * number from its siblings and fetches the body from them in a few round trips, not after a pull
 * interval or a state-transfer check.
 */
class StalledParentLinkTest {
    private static final MembershipConfig FAST = RealPeers.FAST_MEMBERSHIP;
    private static final TopologyConfig TOPOLOGY = new TopologyConfig(3, 16, Duration.ofSeconds(1));
    /** Far below the 4 s pull interval and the 10 s state-transfer check that would otherwise bring the block. */
    private static final Duration BOUND = Duration.ofMillis(1500);

    @TempDir
    Path tmp;

    private RealPeers peers;

    @AfterEach
    void stopAll() {
        if (peers != null) {
            peers.close();
        }
    }

    @Test
    void aChildThatStopsReadingItsSuperNodeGetsEveryBlockFromItsSiblingsWithinAFewHops() throws Exception {
        TestPki pki = new TestPki(tmp.resolve("crypto"));
        pki.org(1);
        pki.org(2);
        FixtureOrderer orderer = new FixtureOrderer(pki.orderer(), 9, 4, 2_000);
        peers = new RealPeers(tmp.resolve("stores"), pki.validator(), orderer, FAST, TOPOLOGY, DisseminationConfig.defaults());
        List<String> bootstrap = new ArrayList<>();
        for (int org = 1; org <= 2; org++) {
            bootstrap.add(peers.start(pki.peer(org, 0), true, bootstrap).node().transport().endpoint());
        }
        List<LocalIdentity> ordinary = new ArrayList<>();
        for (int org = 1; org <= 2; org++) {
            for (int i = 1; i <= 4; i++) {
                ordinary.add(pki.peer(org, i));
            }
        }
        ordinary.forEach(id -> peers.start(id, false, bootstrap));
        await("every ordinary peer attached, with siblings").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> peers.running.stream().allMatch(r -> {
                    NodeStatus s = Snapshots.of(r.node());
                    return s.superNode() || (!s.parent().isEmpty() && s.connectedOwnOrg() >= 3);
                }));
        orderer.cut();
        awaitAll(1);

        RealPeers.Running child = peers.running.get(2); // the first ordinary peer of org 1
        String parentHex = Snapshots.of(child.node()).parent();
        RealPeers.Running parent = peers.running.stream()
                .filter(r -> r.node().identity().pkiId().shortHex().equals(parentHex)).findFirst().orElseThrow();
        List<Long> lags = new ArrayList<>();
        child.node().transport().pauseReading(parent.node().identity().pkiId(), true);
        for (long height = 2; height <= 11; height++) {
            long cut = System.nanoTime();
            orderer.cut();
            long target = height;
            await("the stalled child at height " + height).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                    .until(() -> child.node().height() >= target);
            lags.add((System.nanoTime() - cut) / 1_000_000);
        }
        awaitAll(11);
        assertTrue(lags.stream().allMatch(lag -> lag < BOUND.toMillis()), "block lag of the stalled child (ms): " + lags);
    }

    private void awaitAll(long height) {
        await("every peer at height " + height).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> peers.running.stream().allMatch(r -> r.node().height() >= height));
    }
}
