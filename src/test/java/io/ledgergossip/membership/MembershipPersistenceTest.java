package io.ledgergossip.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.config.MembershipConfig;
import io.ledgergossip.config.TopologyConfig;
import io.ledgergossip.fixture.SimulatedNetwork;
import io.ledgergossip.fixture.SimulatedNetwork.Peer;
import io.ledgergossip.store.rocksdb.RocksLedgerStore;
import io.ledgergossip.store.rocksdb.RocksMembershipStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a peer knows of its peers lives in its RocksDB store: a restarted peer finds its org without the super nodes. */
class MembershipPersistenceTest {
    @TempDir
    Path tmp;

    private final Map<Peer, RocksLedgerStore> stores = new HashMap<>();

    @AfterEach
    void closeStores() {
        stores.values().forEach(RocksLedgerStore::close);
    }

    @Test
    void aRestartedPeerReconnectsThroughRememberedPeersWhileTheSuperNodesAreDown() throws Exception {
        SimulatedNetwork net = new SimulatedNetwork(tmp.resolve("crypto"), 80, 1, 1, 5, MembershipConfig.defaults(),
                TopologyConfig.defaults());
        net.useStores(peer -> new RocksMembershipStore(stores.computeIfAbsent(peer,
                p -> RocksLedgerStore.open(tmp.resolve("stores").resolve(p.toString())))));
        net.startAll();
        net.advance(Duration.ofSeconds(20));

        Peer superNode = net.org(1).get(0);
        Peer restarted = net.org(1).get(3);
        net.kill(restarted);
        stores.remove(restarted).close();
        net.kill(superNode);
        net.advance(Duration.ofSeconds(40));

        net.start(restarted); // its store is reopened from disk; the only bootstrap peer is down
        net.scheduler().runDue();
        assertEquals(6, restarted.node().membership().knownMembers().size() + 1, "it remembers everyone");
        net.advance(Duration.ofSeconds(15));

        assertFalse(restarted.transport().connectedPeers().isEmpty(), "reconnected without the super node");
        assertEquals(4, restarted.node().membership().aliveMembers().size(), "the four other live peers of its org");
        assertFalse(restarted.node().membership().isAlive(superNode.identity().pkiId()));
        assertTrue(net.org(1).get(1).node().membership().isAlive(restarted.identity().pkiId()), "and they see it");
    }
}
