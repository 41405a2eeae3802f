package io.ledgergossip.node;

import static org.awaitility.Awaitility.await;

import io.ledgergossip.config.DisseminationConfig;
import io.ledgergossip.config.MembershipConfig;
import io.ledgergossip.config.TopologyConfig;
import io.ledgergossip.dissemination.DisseminationContractTest;
import io.ledgergossip.fixture.FixtureOrderer;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.testing.TestPki;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The dissemination scenarios on real peers: Netty with mutual TLS on loopback, a RocksDB store and a thread each. */
class NettyRocksDisseminationContractTest extends DisseminationContractTest {
    private static final MembershipConfig FAST = RealPeers.FAST_MEMBERSHIP;
    private static final TopologyConfig TOPOLOGY = new TopologyConfig(3, 16, Duration.ofSeconds(1));
    private static final DisseminationConfig QUICK = new DisseminationConfig(3, 10, Duration.ofMillis(10), true, true, true, true,
            Duration.ofMillis(500), 3, 10, Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(1), 10, 3, 100, 4,
            0, Duration.ofMinutes(10), 500, Duration.ofSeconds(1));

    @Override
    protected Backend backend(Path dir) throws Exception {
        TestPki pki = new TestPki(dir.resolve("crypto"));
        pki.org(1);
        pki.org(2);
        FixtureOrderer orderer = new FixtureOrderer(pki.orderer(), 11, 2, 100);
        RealPeers peers = new RealPeers(dir.resolve("stores"), pki.validator(), orderer, FAST, TOPOLOGY, QUICK);
        List<String> bootstrap = new ArrayList<>();
        Map<String, RealPeers.Running> byName = new HashMap<>();
        return new Backend() {
            @Override
            public void start(int org, int index) throws Exception {
                LocalIdentity identity = pki.peer(org, index);
                RealPeers.Running running = peers.start(identity, index == 0, List.copyOf(bootstrap));
                if (index == 0) {
                    bootstrap.add(running.node().transport().endpoint());
                }
                byName.put(org + "/" + index, running);
            }

            @Override
            public void stop(int org, int index) {
                peers.stop(byName.remove(org + "/" + index));
            }

            @Override
            public void cut(int blocks) {
                await("membership").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                        .until(() -> peers.running.stream().allMatch(r -> Snapshots.alive(r.node()) >= peers.running.size() - 1));
                for (int i = 0; i < blocks; i++) {
                    orderer.cut();
                }
            }

            @Override
            public void awaitHeights(long height) {
                await("every running peer at height " + height).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                        .until(() -> peers.running.stream().allMatch(r -> r.node().height() >= height));
            }

            @Override
            public List<Ledger> ledgers() {
                return peers.running.stream().map(r -> new Ledger(r.identity().commonName(), r.node().height(),
                        r.store().lastHeaderHash(), r.store().stateHash())).toList();
            }

            @Override
            public void close() {
                peers.close();
            }
        };
    }
}
