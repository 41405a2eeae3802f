package io.ledgergossip.interop;

import static io.ledgergossip.interop.FabricChannel.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.dissemination.GossipChannel;
import io.ledgergossip.fixture.fabric.FabricGossipNode;
import io.ledgergossip.fixture.network.LocalNetwork;
import io.ledgergossip.fixture.network.LocalNetwork.RunningPeer;
import io.ledgergossip.fixture.network.NetworkCrypto;
import io.ledgergossip.identity.PkiId;
import io.ledgergossip.identity.TrustedOrgs;
import io.ledgergossip.ledger.BlockHashing;
import io.ledgergossip.node.LedgerGossipPeer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ledger-gossip peers and real Hyperledger Fabric v2.5.12 gossip nodes (Fabric's own gossip code,
 * as processes) in one channel, over Fabric's gRPC wire with mutual TLS: blocks flow both ways,
 * each kind sees the other alive and dead, late joiners of each kind catch up from the other, and
 * identities from a foreign CA are refused both ways.
 */
class FabricInteropTest {
    static final String NETWORK = """
            name: interop
            version: 1.0.0
            client:
              organization: Org1
            organizations:
              Org1:
                mspid: Org1MSP
                peers: [peer0.org1.example.com, peer1.org1.example.com, peer2.org1.example.com, peer3.org1.example.com]
              Org2:
                mspid: Org2MSP
                peers: [peer0.org2.example.com, peer1.org2.example.com, peer2.org2.example.com, peer3.org2.example.com]
            orderers:
              orderer.example.com:
                url: grpcs://127.0.0.1:7550
            peers:
              peer0.org1.example.com: {url: grpcs://127.0.0.1:7551}
              peer1.org1.example.com: {url: grpcs://127.0.0.1:7552}
              peer2.org1.example.com: {url: grpcs://127.0.0.1:7555}
              peer3.org1.example.com: {url: grpcs://127.0.0.1:7557}
              peer0.org2.example.com: {url: grpcs://127.0.0.1:7553}
              peer1.org2.example.com: {url: grpcs://127.0.0.1:7554}
              peer2.org2.example.com: {url: grpcs://127.0.0.1:7556}
              peer3.org2.example.com: {url: grpcs://127.0.0.1:7558}
            ledgerGossip:
              channel: mychannel
              orderer: {mspid: OrdererMSP, domain: example.com}
              orgs:
                Org1: {domain: org1.example.com}
                Org2: {domain: org2.example.com}
              peers:
                peer0.org1.example.com: {superNode: true}
                peer0.org2.example.com: {superNode: true}
            gossip:
              peer.gossip.aliveTimeInterval: 1s
              peer.gossip.aliveExpirationTimeout: 5s
              peer.gossip.state.checkInterval: 1s
            """;
    static final int BLOCKS = 101;
    static final Duration ALIVE_EXPIRATION = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsFabric() {
        FabricChannel.requireFabricNode();
    }

    @Test
    void aFabricLeaderFeedsLedgerGossipPeersAndEachKindSeesTheOtherComeAndGo() throws Exception {
        try (FabricChannel channel = new FabricChannel(tmp, NETWORK, BLOCKS);
                LocalNetwork net = new LocalNetwork(channel.config, tmp.resolve("data"), channel.crypto,
                        new ReleasedChain(List.of(), NetworkCrypto.ordererIdentity(channel.config, channel.crypto)))) {
            RunningPeer super1 = net.start("peer0.org1.example.com");
            RunningPeer super2 = net.start("peer0.org2.example.com");
            RunningPeer child1 = net.start("peer2.org1.example.com");
            FabricGossipNode leader = channel.start(channel.fabricNode("peer1.org1.example.com", "127.0.0.1:7552", "127.0.0.1:7551")
                    .asLeader(BLOCKS - 1, 25, Duration.ofSeconds(3)));
            FabricGossipNode fabric2 = channel.start(channel.fabricNode("peer1.org2.example.com", "127.0.0.1:7554", "127.0.0.1:7553"));
            List<RunningPeer> ours = List.of(super1, super2, child1);

            assertTrue(eventually(Duration.ofSeconds(60), () -> ours.stream().allMatch(p -> p.node().height() == BLOCKS)
                    && fabric2.height() == BLOCKS), () -> "heights: " + heights(ours) + " fabric " + fabric2.height() + channel.tail(fabric2));
            for (RunningPeer p : ours) {
                assertArrayEquals(BlockHashing.headerHash(channel.chain.get(BLOCKS - 1).getHeader()), p.store().lastHeaderHash(),
                        p.spec().name() + " holds the leader's chain");
            }
            Set<String> ourEndpoints = Set.of("127.0.0.1:7551", "127.0.0.1:7553", "127.0.0.1:7555");
            assertTrue(eventually(Duration.ofSeconds(10), () -> leader.aliveMembers().containsAll(ourEndpoints)
                    && fabric2.aliveMembers().containsAll(ourEndpoints)), () -> "Fabric's membership: " + leader.aliveMembers());
            PkiId leaderId = pkiId(leader);
            for (RunningPeer p : ours) {
                assertTrue(onNode(p, () -> p.node().membership().isAlive(leaderId)), p.spec().name() + " holds the Fabric leader alive");
                assertTrue(onNode(p, () -> p.node().membership().isAlive(pkiId(fabric2))), p.spec().name() + " holds Fabric's peer1.org2 alive");
            }

            // a killed Fabric node is declared dead by ours within aliveExpirationTimeout, and alive again after a restart
            leader.kill();
            long killed = System.nanoTime();
            assertTrue(eventually(ALIVE_EXPIRATION.plusSeconds(3), () -> !onNode(super1, () -> super1.node().membership().isAlive(leaderId))));
            assertTrue(Duration.ofNanos(System.nanoTime() - killed).compareTo(ALIVE_EXPIRATION.plusSeconds(2)) <= 0,
                    "declared dead after " + Duration.ofNanos(System.nanoTime() - killed));
            FabricGossipNode restarted = channel.start(channel.fabricNode("peer1.org1.example.com", "127.0.0.1:7552", "127.0.0.1:7551"));
            assertTrue(eventually(Duration.ofSeconds(20), () -> onNode(super1, () -> super1.node().membership().isAlive(leaderId))),
                    "the restarted Fabric node is alive again for ours");
            assertTrue(eventually(Duration.ofSeconds(30), () -> restarted.height() == BLOCKS), () -> "the restarted Fabric node, "
                    + "empty, catches up (from ours and Fabric's): " + restarted.height());

            // a stopped ledger-gossip peer is declared dead by Fabric's, and alive again after a restart
            net.stop("peer2.org1.example.com");
            long stopped = System.nanoTime();
            assertTrue(eventually(ALIVE_EXPIRATION.plusSeconds(5), () -> !fabric2.aliveMembers().contains("127.0.0.1:7555")),
                    "Fabric still holds the stopped peer alive");
            assertTrue(Duration.ofNanos(System.nanoTime() - stopped).compareTo(ALIVE_EXPIRATION.plusSeconds(3)) <= 0);
            net.start("peer2.org1.example.com");
            assertTrue(eventually(Duration.ofSeconds(20), () -> fabric2.aliveMembers().contains("127.0.0.1:7555")),
                    "the restarted ledger-gossip peer is alive again for Fabric");

            // a ledger-gossip peer started late, while no other ledger-gossip peer runs, catches up from Fabric's nodes alone
            net.stop("peer0.org1.example.com");
            net.stop("peer0.org2.example.com");
            net.stop("peer2.org1.example.com");
            try (LedgerGossipPeer late = LedgerGossipPeer.builder(NetworkCrypto.peerIdentity(channel.config, channel.crypto,
                            channel.config.peer("peer3.org2.example.com")), trusted(channel), tmp.resolve("late"))
                    .listen("127.0.0.1", 7558).channel(new GossipChannel(FabricChannel.CHANNEL)).settings(net.settings())
                    .bootstrap(List.of("127.0.0.1:7554")).ordererMspIds(Set.of("OrdererMSP")).start()) {
                assertTrue(eventually(Duration.ofSeconds(40), () -> late.node().height() == BLOCKS),
                        () -> "the late ledger-gossip peer reached " + late.node().height());
                assertArrayEquals(BlockHashing.headerHash(channel.chain.get(BLOCKS - 1).getHeader()), late.store().lastHeaderHash());
            }
        }
    }

    @Test
    void blocksCutByTheOrdererReachEveryFabricNodeThroughLedgerGossipPeersAndALateFabricNodeCatchesUpFromThem() throws Exception {
        try (FabricChannel channel = new FabricChannel(tmp, NETWORK, BLOCKS)) {
            ReleasedChain orderer = new ReleasedChain(channel.chain, NetworkCrypto.ordererIdentity(channel.config, channel.crypto));
            try (LocalNetwork net = new LocalNetwork(channel.config, tmp.resolve("data"), channel.crypto, orderer)) {
                List<RunningPeer> ours = List.of(net.start("peer0.org1.example.com"), net.start("peer0.org2.example.com"),
                        net.start("peer2.org2.example.com"));
                FabricGossipNode fabric1 = channel.start(channel.fabricNode("peer1.org1.example.com", "127.0.0.1:7552", "127.0.0.1:7551"));
                FabricGossipNode fabric2 = channel.start(channel.fabricNode("peer1.org2.example.com", "127.0.0.1:7554", "127.0.0.1:7553"));
                List<FabricGossipNode> fabric = List.of(fabric1, fabric2);
                assertTrue(eventually(Duration.ofSeconds(20), () -> fabric1.aliveMembers().contains("127.0.0.1:7551")
                        && fabric2.aliveMembers().contains("127.0.0.1:7553")), "the Fabric nodes found the anchor peers");
                while (orderer.hasMore()) {
                    orderer.releaseNext(); // to the super nodes, as an orderer delivers: 50 blocks per second
                    Thread.sleep(20);
                }
                assertTrue(eventually(Duration.ofSeconds(60), () -> fabric.stream().allMatch(f -> f.height() == BLOCKS)
                        && ours.stream().allMatch(p -> p.node().height() == BLOCKS)),
                        () -> "Fabric heights " + fabric1.height() + "/" + fabric2.height() + ", ours " + heights(ours) + channel.tail(fabric1));
                for (FabricGossipNode f : fabric) {
                    assertEquals(BLOCKS - 1, f.blocksByVia().values().stream().mapToLong(Long::longValue).sum(),
                            f.name() + " committed every block after its genesis: " + f.blocksByVia());
                    assertTrue(f.blocksByVia().getOrDefault("push", 0L) + f.blocksByVia().getOrDefault("pull", 0L) > 0,
                            f.name() + " got blocks pushed or pulled from ledger-gossip peers: " + f.blocksByVia());
                }

                // only ledger-gossip peers hold the chain now: a new, empty Fabric node takes it from them by Fabric's state transfer
                fabric1.close();
                fabric2.close();
                FabricGossipNode late = channel.start(channel.fabricNode("peer3.org2.example.com", "127.0.0.1:7558", "127.0.0.1:7553"));
                assertTrue(eventually(Duration.ofSeconds(60), () -> late.height() == BLOCKS),
                        () -> "the late Fabric node reached " + late.height() + channel.tail(late));
                assertTrue(late.blocksByVia().getOrDefault("state", 0L) > 0, "by state transfer: " + late.blocksByVia());
            }
        }
    }

    @Test
    void identitiesFromAForeignCaAreRefusedBothWays() throws Exception {
        try (FabricChannel channel = new FabricChannel(tmp, NETWORK, 3);
                LocalNetwork net = new LocalNetwork(channel.config, tmp.resolve("data"), channel.crypto,
                        new ReleasedChain(List.of(), NetworkCrypto.ordererIdentity(channel.config, channel.crypto)))) {
            // the same names, other CAs: what an impostor holds
            Path foreign = tmp.resolve("foreign-crypto");
            NetworkCrypto.generate(channel.config, foreign, java.time.Instant.now().minusSeconds(60), Duration.ofDays(1));
            RunningPeer anchor = net.start("peer0.org2.example.com");
            FabricGossipNode fabric1 = channel.start(channel.fabricNode("peer1.org1.example.com", "127.0.0.1:7552", "127.0.0.1:7551"));
            assertTrue(eventually(Duration.ofSeconds(20), () -> fabric1.aliveMembers().contains("127.0.0.1:7553")));

            // a Fabric node with a foreign Org1 identity (trusting the real Org2, so that it gets as far as our TLS check) dials
            // our Org2 anchor: refused, and never a member
            FabricGossipNode impostor = channel.start(io.ledgergossip.fixture.fabric.FabricNodeSpec.member("impostor", foreign,
                    "peer2.org1.example.com", "127.0.0.1:7555", List.of("127.0.0.1:7553"), FabricChannel.CHANNEL,
                    java.util.Map.of("Org1MSP", foreign.resolve("peerOrganizations/org1.example.com/msp"),
                            "Org2MSP", channel.crypto.resolve("peerOrganizations/org2.example.com/msp")),
                    java.util.Map.of("Org2MSP", "127.0.0.1:7553"), channel.blockFile).withCore(FabricChannel.FAST_FABRIC));
            assertTrue(eventually(Duration.ofSeconds(20), () -> anchor.node().transport().counters()
                    .rejected(io.ledgergossip.transport.RejectReason.TLS_HANDSHAKE_FAILED) > 0),
                    "our anchor refused the foreign node's connection");
            assertTrue(eventually(Duration.ofSeconds(5), () -> impostor.pkiId() != null));
            assertFalse(onNode(anchor, () -> anchor.node().membership().member(pkiId(impostor)).isPresent()),
                    "the foreign Fabric node is in our membership");
            assertFalse(anchor.node().transport().connectedPeers().contains(pkiId(impostor)));

            // our peer with a foreign identity (trusting the real CAs, so that only its own identity is wrong) is refused by Fabric
            TrustedOrgs both = trusted(channel).with(NetworkCrypto.validator(channel.config, foreign, System::currentTimeMillis).orgs());
            try (LedgerGossipPeer ours = LedgerGossipPeer.builder(NetworkCrypto.peerIdentity(channel.config, foreign,
                            channel.config.peer("peer2.org2.example.com")), both, tmp.resolve("foreign-peer"))
                    .listen("127.0.0.1", 7556).channel(new GossipChannel(FabricChannel.CHANNEL)).settings(net.settings())
                    .ordererMspIds(Set.of("OrdererMSP")).start()) {
                // both sides send their ConnEstablish at once, so ours may see the stream open before Fabric's refusal ends it
                var dial = ours.node().transport().connect("127.0.0.1:7552");
                assertTrue(eventually(Duration.ofSeconds(10), dial::isDone));
                assertTrue(eventually(Duration.ofSeconds(5), () -> ours.node().transport().connectedPeers().isEmpty()),
                        "Fabric's node kept a connection with a foreign identity");
                Thread.sleep(2_000);
                assertTrue(ours.node().transport().connectedPeers().isEmpty(), "a connection to Fabric came back");
                assertFalse(fabric1.aliveMembers().contains("127.0.0.1:7556"), "Fabric holds the foreign peer alive");
            }
        }
    }

    static TrustedOrgs trusted(FabricChannel channel) throws Exception {
        return NetworkCrypto.validator(channel.config, channel.crypto, System::currentTimeMillis).orgs();
    }

    static PkiId pkiId(FabricGossipNode node) {
        return PkiId.fromBytes(HexFormat.of().parseHex(node.pkiId()));
    }

    static <T> T onNode(RunningPeer peer, Supplier<T> query) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        peer.scheduler().execute(() -> answer.complete(query.get()));
        try {
            return answer.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the node did not answer: " + e, e);
        }
    }

    static String heights(List<RunningPeer> peers) {
        return peers.stream().map(p -> p.spec().name() + "=" + p.node().height()).toList().toString();
    }
}
