package io.ledgergossip.cli;

import static io.ledgergossip.interop.FabricChannel.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.config.CoreConfig;
import io.ledgergossip.interop.OrdererKit;
import io.ledgergossip.node.LedgerGossipPeer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peers configured as Fabric peers are, from Fabric's own sample core.yaml with CORE_* variables and
 * the channel block of the real orderer kit, on the kit's cryptogen material: the org leader takes
 * blocks from the real orderer, the other peer gets them by gossip.
 */
class CorePeerKitTest {
    static final Path FABRIC_CORE = Path.of("../shared/fabric-config/core.yaml");

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsTheKit() {
        OrdererKit.requireKit();
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(FABRIC_CORE), "skipped: no " + FABRIC_CORE);
    }

    private Map<String, String> environment(OrdererKit kit, String peer, int port, boolean leader, String bootstrap) {
        Path node = kit.crypto().resolve("peerOrganizations/org1.example.com/peers/" + peer);
        Map<String, String> env = new HashMap<>();
        env.put("CORE_PEER_ID", peer);
        env.put("CORE_PEER_LOCALMSPID", "Org1MSP");
        env.put("CORE_PEER_MSPCONFIGPATH", node.resolve("msp").toString());
        env.put("CORE_PEER_TLS_ENABLED", "true");
        env.put("CORE_PEER_TLS_CERT_FILE", node.resolve("tls/server.crt").toString());
        env.put("CORE_PEER_TLS_KEY_FILE", node.resolve("tls/server.key").toString());
        env.put("CORE_PEER_TLS_ROOTCERT_FILE", node.resolve("tls/ca.crt").toString());
        env.put("CORE_PEER_LISTENADDRESS", "127.0.0.1:" + port);
        env.put("CORE_PEER_ADDRESS", "127.0.0.1:" + port);
        env.put("CORE_PEER_GOSSIP_BOOTSTRAP", bootstrap);
        env.put("CORE_PEER_GOSSIP_ORGLEADER", Boolean.toString(leader));
        env.put("CORE_PEER_GOSSIP_USELEADERELECTION", "false");
        env.put("CORE_PEER_FILESYSTEMPATH", tmp.resolve(peer).toString());
        return env;
    }

    @Test
    void aFabricConfiguredLeaderDeliversFromTheRealOrdererAndAnotherPeerGetsItsBlocksByGossip() throws Exception {
        try (OrdererKit kit = new OrdererKit(tmp.resolve("kit"), 7750).start()) {
            Path block = kit.dir.resolve("mychannel.block");
            CorePeer leader = CorePeer.prepare(CoreConfig.load(FABRIC_CORE, environment(kit, "peer0.org1.example.com", 7781, true,
                    "127.0.0.1:7781")), block);
            CorePeer follower = CorePeer.prepare(CoreConfig.load(FABRIC_CORE, environment(kit, "peer1.org1.example.com", 7782, false,
                    "127.0.0.1:7781")), block);
            assertEquals("mychannel", leader.channel().channel());
            assertTrue(leader.source() != null && follower.source() == null, "the org leader alone delivers from the orderer");
            try (LedgerGossipPeer first = leader.builder().start(); LedgerGossipPeer second = follower.builder().start()) {
                kit.feed(40);
                assertTrue(eventually(Duration.ofSeconds(60), () -> first.node().height() >= 15 && second.node().height() >= 15),
                        () -> "heights " + first.node().height() + "/" + second.node().height() + "; " + leader.source().lastProblem());
                assertTrue(eventually(Duration.ofSeconds(20), () -> second.node().height() == first.node().height()
                        && java.util.Arrays.equals(first.store().lastHeaderHash(), second.store().lastHeaderHash())));
                assertArrayEquals(first.store().block(5).orElseThrow().getHeader().toByteArray(),
                        second.store().block(5).orElseThrow().getHeader().toByteArray());
            }
        }
    }

    @Test
    void leaderElectionAndPlainTextAreRefusedInOneLine() throws Exception {
        try (OrdererKit kit = new OrdererKit(tmp.resolve("kit"), 7750).start()) {
            Path block = kit.dir.resolve("mychannel.block");
            Map<String, String> election = environment(kit, "peer0.org1.example.com", 7781, false, "127.0.0.1:7781");
            election.put("CORE_PEER_GOSSIP_USELEADERELECTION", "true");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CorePeer.prepare(CoreConfig.load(FABRIC_CORE, election), block));
            assertTrue(e.getMessage().contains("useLeaderElection") && e.getMessage().lines().count() == 1, e.getMessage());
            Map<String, String> plain = environment(kit, "peer0.org1.example.com", 7781, true, "127.0.0.1:7781");
            plain.put("CORE_PEER_TLS_ENABLED", "false");
            e = assertThrows(IllegalArgumentException.class, () -> CorePeer.prepare(CoreConfig.load(FABRIC_CORE, plain), block));
            assertTrue(e.getMessage().contains("peer.tls.enabled is false"), e.getMessage());
            Map<String, String> outsider = environment(kit, "peer0.org1.example.com", 7781, true, "127.0.0.1:7781");
            outsider.put("CORE_PEER_LOCALMSPID", "Org9MSP");
            e = assertThrows(IllegalArgumentException.class, () -> CorePeer.prepare(CoreConfig.load(FABRIC_CORE, outsider), block));
            assertTrue(e.getMessage().contains("has no org Org9MSP"), e.getMessage());
        }
    }
}
