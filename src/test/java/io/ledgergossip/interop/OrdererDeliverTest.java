package io.ledgergossip.interop;

import static io.ledgergossip.interop.FabricChannel.eventually;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.dissemination.BlockValidation;
import io.ledgergossip.fixture.network.LocalNetwork;
import io.ledgergossip.fixture.network.LocalNetwork.RunningPeer;
import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkConfigLoader;
import io.ledgergossip.fixture.network.NetworkCrypto;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.ledger.BlockFileReader;
import io.ledgergossip.ledger.BlockHashing;
import io.ledgergossip.orderer.OrdererDeliverSource;
import io.ledgergossip.time.ExecutorScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ledger-gossip super nodes take blocks from a real Fabric v2.5.12 orderer through Fabric's Deliver
 * API, on the kit's own cryptogen material, while its feeder submits real transactions: every peer
 * commits every block the orderer cut, across an orderer restart, and a peer whose org is not in the
 * channel is refused.
 */
class OrdererDeliverTest {
    static final int BASE_PORT = 7650;
    static final String NETWORK = """
            name: kit
            version: 1.0.0
            client:
              organization: Org1
            organizations:
              Org1:
                mspid: Org1MSP
                peers: [peer0.org1.example.com, peer1.org1.example.com, peer2.org1.example.com]
              Org2:
                mspid: Org2MSP
                peers: [peer0.org2.example.com, peer1.org2.example.com]
            orderers:
              orderer.example.com:
                url: grpcs://127.0.0.1:7650
            peers:
              peer0.org1.example.com: {url: grpcs://127.0.0.1:7661}
              peer1.org1.example.com: {url: grpcs://127.0.0.1:7662}
              peer2.org1.example.com: {url: grpcs://127.0.0.1:7663}
              peer0.org2.example.com: {url: grpcs://127.0.0.1:7664}
              peer1.org2.example.com: {url: grpcs://127.0.0.1:7665}
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

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsTheKit() {
        OrdererKit.requireKit();
    }

    @Test
    void superNodesDeliverFromARealOrdererAndEveryPeerCommitsEveryBlockItCutAcrossARestart() throws Exception {
        NetworkConfig config = network();
        try (OrdererKit kit = new OrdererKit(tmp.resolve("kit"), BASE_PORT).start()) {
            IdentityValidator validator = NetworkCrypto.validator(config, kit.crypto(), ExecutorScheduler.systemClock());
            List<OrdererDeliverSource> sources = new ArrayList<>();
            Block genesis = Block.parseFrom(Files.readAllBytes(kit.dir.resolve("mychannel.block")));
            try (LocalNetwork net = new LocalNetwork(config, tmp.resolve("data"), kit.crypto(), null,
                    BlockValidation.allValid(block -> List.of()), null, Set.of("OrdererMSP"))) {
                net.trustGenesis(BlockHashing.headerHash(genesis.getHeader())); // the channel's config block: unsigned, joined with
                net.sourcePerSuperNode(peer -> {
                    try {
                        OrdererDeliverSource source = new OrdererDeliverSource(List.of(kit.ordererAddress()), "mychannel",
                                NetworkCrypto.peerIdentity(config, kit.crypto(), peer),
                                validator.orgs().tlsRoots("OrdererMSP").orElseThrow(), ExecutorScheduler.systemClock());
                        sources.add(source);
                        return source;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                List<RunningPeer> peers = new ArrayList<>();
                for (NetworkConfig.Peer p : config.peers()) {
                    peers.add(net.start(p.name()));
                }
                kit.feed(40);
                assertTrue(eventually(Duration.ofSeconds(60), () -> peers.stream().allMatch(p -> p.node().height() >= 20)),
                        () -> "heights " + heights(peers) + "; deliver: " + sources.stream().map(OrdererDeliverSource::lastProblem).toList());

                kit.stop(); // the orderer and the feeder go away; the super nodes keep trying
                long stoppedAt = peers.get(0).node().height();
                kit.start();
                kit.feed(40);
                assertTrue(eventually(Duration.ofSeconds(60), () -> peers.stream().allMatch(p -> p.node().height() >= stoppedAt + 20)),
                        () -> "after the restart: heights " + heights(peers) + "; deliver: "
                                + sources.stream().map(OrdererDeliverSource::lastProblem).toList());
                kit.stop();

                List<Block> ordered = orderersLedger(kit);
                assertTrue(eventually(Duration.ofSeconds(30), () -> peers.stream().allMatch(p -> p.node().height() == ordered.size())),
                        () -> "orderer height " + ordered.size() + ", peers " + heights(peers));
                byte[] head = BlockHashing.headerHash(ordered.get(ordered.size() - 1).getHeader());
                for (RunningPeer p : peers) {
                    assertArrayEquals(head, p.store().lastHeaderHash(), p.spec().name() + " holds the orderer's chain");
                    assertEquals(ordered.get(ordered.size() / 2).getHeader(), p.store().block(ordered.size() / 2).orElseThrow().getHeader());
                }
            }
        }
    }

    @Test
    void aPeerWhoseOrgIsNotInTheChannelIsRefusedByTheOrdererInOneLine() throws Exception {
        NetworkConfig config = network();
        try (OrdererKit kit = new OrdererKit(tmp.resolve("kit"), BASE_PORT).start()) {
            // a real Org1 certificate (so TLS passes) presented as a member of Org3MSP, which the channel does not have
            LocalIdentity outsider = LocalIdentity.load(kit.crypto().resolve("peerOrganizations/org1.example.com/peers/peer1.org1.example.com"),
                    "Org3MSP");
            IdentityValidator validator = NetworkCrypto.validator(config, kit.crypto(), ExecutorScheduler.systemClock());
            try (OrdererDeliverSource source = new OrdererDeliverSource(List.of(kit.ordererAddress()), "mychannel", outsider,
                    validator.orgs().tlsRoots("OrdererMSP").orElseThrow(), ExecutorScheduler.systemClock())) {
                List<Block> got = new ArrayList<>();
                source.subscribe(got::add);
                assertTrue(eventually(Duration.ofSeconds(20), () -> !source.lastProblem().isEmpty()), "no refusal seen");
                String problem = source.lastProblem();
                assertTrue(problem.contains("FORBIDDEN") && problem.contains("Org3MSP") && problem.contains("mychannel"), problem);
                assertEquals(1, problem.lines().count());
                assertTrue(got.isEmpty(), "the orderer gave blocks to an outsider");
            }
        }
    }

    @Test
    void networkUpRunsOnTheKitsCryptoWithTheRealOrdererAsItsSource() throws Exception {
        try (OrdererKit kit = new OrdererKit(tmp.resolve("kit"), BASE_PORT).start()) {
            Path tlsCa = kit.crypto().resolve("ordererOrganizations/example.com/tlsca/tlsca.example.com-cert.pem");
            Path file = tmp.resolve("external.yaml");
            Files.writeString(file, NETWORK
                    .replace("orderer: {mspid: OrdererMSP, domain: example.com}", "orderer: {mspid: OrdererMSP, domain: example.com, external: true}")
                    .replace("url: grpcs://127.0.0.1:7650", "url: grpcs://127.0.0.1:7650\n    tlsCACerts: {path: " + tlsCa + "}"));
            java.io.StringWriter refusal = new java.io.StringWriter();
            assertEquals(2, io.ledgergossip.cli.LedgerGossipCli.run(new java.io.PrintWriter(new java.io.StringWriter(), true),
                    new java.io.PrintWriter(refusal, true), "network", "up", file.toString(), "--data", tmp.resolve("run0").toString()));
            assertTrue(refusal.toString().contains("needs --crypto DIR"), refusal.toString());

            kit.feed(40);
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            int code = io.ledgergossip.cli.LedgerGossipCli.run(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true),
                    "network", "up", file.toString(), "--crypto", kit.crypto().toString(), "--blocks", "15", "--timeout", "60s",
                    "--data", tmp.resolve("run").toString());
            assertEquals(0, code, out + "\n" + err);
            assertTrue(out.toString().contains("(external): channel mychannel at height"), out.toString());
            assertTrue(out.toString().lines().anyMatch(l -> l.matches("converged: 5 peers, height \\d+, head [0-9a-f]{64}, state [0-9a-f]{64}")),
                    out.toString());
            assertTrue(!Files.exists(tmp.resolve("run/crypto")), "no crypto material generated beside the channel's own");
            assertTrue(Files.isRegularFile(tlsCa), "the kit's material is untouched");
        }
    }

    /** The kit's channel as a network config. */
    private NetworkConfig network() throws Exception {
        Path file = tmp.resolve("network.yaml");
        Files.writeString(file, NETWORK);
        return NetworkConfigLoader.load(file);
    }

    private static List<Block> orderersLedger(OrdererKit kit) throws Exception {
        List<Block> blocks = new ArrayList<>();
        try (var files = Files.list(kit.channelDir())) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("blockfile_")).sorted().toList()) {
                try (BlockFileReader reader = BlockFileReader.open(f)) {
                    for (var b = reader.next(); b.isPresent(); b = reader.next()) {
                        blocks.add(b.get());
                    }
                }
            }
        }
        return blocks;
    }

    static String heights(List<RunningPeer> peers) {
        return peers.stream().map(p -> p.spec().name() + "=" + p.node().height()).toList().toString();
    }
}
