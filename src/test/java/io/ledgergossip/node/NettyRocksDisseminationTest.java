package io.ledgergossip.node;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ledgergossip.config.DisseminationConfig;
import io.ledgergossip.config.MembershipConfig;
import io.ledgergossip.config.TopologyConfig;
import io.ledgergossip.config.TransportConfig;
import io.ledgergossip.fixture.FixtureOrderer;
import io.ledgergossip.dissemination.BlockValidation;
import io.ledgergossip.fixture.KvWrites;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.store.MembershipStore;
import io.ledgergossip.store.rocksdb.RocksLedgerStore;
import io.ledgergossip.store.rocksdb.RocksMembershipStore;
import io.ledgergossip.testing.TestPki;
import io.ledgergossip.time.ExecutorScheduler;
import io.ledgergossip.transport.netty.NettyTransport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten real peers (Netty + mutual TLS on loopback, RocksDB stores) in two orgs take 100 blocks from a
 * fixture orderer; one is stopped for 50 blocks, restarted from its RocksDB store, and catches up.
 */
class NettyRocksDisseminationTest {
    private static final MembershipConfig FAST = new MembershipConfig(Duration.ofMillis(300), Duration.ofMillis(1500), 3,
            Duration.ofMillis(300), 3);
    private static final TopologyConfig TOPOLOGY = new TopologyConfig(3, 16, Duration.ofSeconds(1));
    private static final DisseminationConfig QUICK = new DisseminationConfig(3, 10, Duration.ofMillis(10), false, true, true,
            Duration.ofMillis(500), 3, 10, Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(1), 10, 3, 100, 4,
            0, Duration.ofMinutes(10), 500, Duration.ofSeconds(1));

    @TempDir
    Path tmp;

    /** One running peer: its scheduler, node and store. */
    private record Running(LocalIdentity identity, ExecutorScheduler scheduler, GossipNode node, RocksLedgerStore store) {
        void stop() {
            node.stop();
            scheduler.close();
            store.close();
        }
    }

    private final List<Running> running = new ArrayList<>();
    private IdentityValidator validator;
    private FixtureOrderer orderer;

    @AfterEach
    void stopAll() {
        running.forEach(Running::stop);
    }

    private Running start(LocalIdentity identity, boolean superNode, List<String> bootstrap) {
        ExecutorScheduler scheduler = new ExecutorScheduler(identity.commonName());
        RocksLedgerStore store = RocksLedgerStore.open(tmp.resolve("stores").resolve(identity.commonName()));
        NettyTransport transport = new NettyTransport(identity, validator, TransportConfig.defaults(), "127.0.0.1", 0, scheduler);
        GossipNode node = new GossipNode(identity, transport, scheduler, new SplittableRandom(running.size()), validator,
                new NodeSettings(superNode, bootstrap, FAST, TOPOLOGY, QUICK, Set.of(TestPki.ORDERER_MSP)),
                new RocksMembershipStore(store), store, BlockValidation.allValid(KvWrites::of));
        if (superNode) {
            node.subscribeTo(orderer);
        }
        node.start();
        Running r = new Running(identity, scheduler, node, store);
        running.add(r);
        return r;
    }

    private void cut(int blocks) {
        for (int i = 0; i < blocks; i++) {
            orderer.cut();
        }
    }

    private void awaitAll(long height) {
        await("every running peer at height " + height).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> running.stream().allMatch(r -> r.node().height() >= height));
    }

    @Test
    void tenPeersCommitEveryBlockAndARestartedPeerCatchesUpFromItsRocksDbStore() throws Exception {
        TestPki pki = new TestPki(tmp.resolve("crypto"));
        pki.org(1);
        pki.org(2);
        orderer = new FixtureOrderer(pki.orderer(), 5, 4, 2_000);
        validator = pki.validator();
        List<String> bootstrap = new ArrayList<>();
        for (int org = 1; org <= 2; org++) {
            Running superNode = start(pki.peer(org, 0), true, bootstrap);
            bootstrap.add(superNode.node().transport().endpoint());
        }
        List<LocalIdentity> ordinary = new ArrayList<>();
        for (int org = 1; org <= 2; org++) {
            for (int i = 1; i <= 4; i++) {
                ordinary.add(pki.peer(org, i));
            }
        }
        ordinary.forEach(id -> start(id, false, bootstrap));
        await("full membership").atMost(Duration.ofSeconds(30))
                .until(() -> running.stream().allMatch(r -> Snapshots.alive(r.node()) == 9));

        cut(50);
        awaitAll(50);
        Running stopped = running.stream().filter(r -> r.identity().commonName().equals("peer3.org2.example.com")).findFirst().orElseThrow();
        stopped.stop();
        running.remove(stopped);
        cut(50);
        awaitAll(100);

        Running restarted = start(stopped.identity(), false, bootstrap);
        assertEquals(50, restarted.node().height(), "reopened its RocksDB store at the height it had");
        restarted.node().awaitHeight(100, Duration.ofSeconds(60)).get();

        byte[] head = running.get(0).store().lastHeaderHash();
        byte[] state = running.get(0).store().stateHash();
        for (Running r : running) {
            assertEquals(100, r.node().height(), r.identity().commonName());
            assertArrayEquals(head, r.store().lastHeaderHash(), r.identity().commonName() + " head hash");
            assertArrayEquals(state, r.store().stateHash(), r.identity().commonName() + " state hash");
        }
    }
}
