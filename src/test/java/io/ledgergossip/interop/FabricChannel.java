package io.ledgergossip.interop;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ledgergossip.fixture.FixtureOrderer;
import io.ledgergossip.fixture.fabric.FabricGossipNode;
import io.ledgergossip.fixture.fabric.FabricNodeSpec;
import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkConfigLoader;
import io.ledgergossip.fixture.network.NetworkCrypto;
import io.ledgergossip.ledger.BlockFileWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * One channel of two orgs for interoperability scenarios: a network config whose ledger-gossip
 * super nodes are the orgs' anchor peers, its crypto material (cryptogen's layout), a chain of
 * orderer-signed blocks written as a Fabric block file, and real Fabric gossip nodes from
 * {@code ../shared/fabric-gossip/} started as processes on that material.
 */
public final class FabricChannel implements AutoCloseable {
    static final Path BINARY = FabricGossipNode.DEFAULT_BINARY.toAbsolutePath().normalize();
    static final String CHANNEL = "mychannel";
    /** Fabric's timers shortened as this network's own are, so that scenarios take seconds, not minutes. */
    static final Map<String, String> FAST_FABRIC = Map.of("aliveTimeInterval", "1s", "aliveExpirationTimeout", "5s",
            "reconnectInterval", "2s", "state.checkInterval", "1s", "pullInterval", "1s", "requestStateInfoInterval", "1s",
            "publishStateInfoInterval", "1s");

    final Path dir;
    final NetworkConfig config;
    final Path crypto;
    final List<Block> chain = new ArrayList<>();
    final Path blockFile;
    private final List<FabricGossipNode> nodes = new ArrayList<>();

    /** Skips the calling test, with the reason, when the Fabric node binary is not there. */
    static void requireFabricNode() {
        assumeTrue(Files.isExecutable(BINARY), "skipped: no Fabric gossip node at " + BINARY
                + " (the real Fabric v2.5 node from ../shared/fabric-gossip/)");
    }

    /**
     * @param yaml the network config, with ledger-gossip super nodes on 127.0.0.1:7551 (Org1) and :7553 (Org2)
     * @param blocks blocks of the chain, genesis included
     */
    FabricChannel(Path dir, String yaml, int blocks) throws Exception {
        this.dir = dir;
        Path file = dir.resolve("network.yaml");
        Files.writeString(file, yaml);
        this.config = NetworkConfigLoader.load(file);
        this.crypto = dir.resolve("crypto");
        NetworkCrypto.generate(config, crypto, Instant.now().minusSeconds(60), Duration.ofDays(1));
        FixtureOrderer orderer = new FixtureOrderer(NetworkCrypto.ordererIdentity(config, crypto), CHANNEL, 3, 2, 300);
        Path blocksDir = dir.resolve("blocks");
        try (BlockFileWriter writer = BlockFileWriter.create(blocksDir)) {
            for (int i = 0; i < blocks; i++) {
                Block block = orderer.cut();
                chain.add(block);
                writer.append(block);
            }
        }
        this.blockFile = blocksDir.resolve("blockfile_000000");
    }

    Map<String, Path> orgs(Path cryptoDir) {
        return Map.of("Org1MSP", cryptoDir.resolve("peerOrganizations/org1.example.com/msp"),
                "Org2MSP", cryptoDir.resolve("peerOrganizations/org2.example.com/msp"));
    }

    /** A Fabric node of this channel: {@code peer} of the crypto material, listening on {@code listen}. */
    FabricNodeSpec fabricNode(String peer, String listen, String bootstrap) {
        return fabricNode(crypto, peer, listen, bootstrap);
    }

    FabricNodeSpec fabricNode(Path cryptoDir, String peer, String listen, String bootstrap) {
        return FabricNodeSpec.member(peer, cryptoDir, peer, listen, List.of(bootstrap), CHANNEL, orgs(cryptoDir),
                Map.of("Org1MSP", "127.0.0.1:7551", "Org2MSP", "127.0.0.1:7553"), blockFile).withCore(FAST_FABRIC);
    }

    FabricGossipNode start(FabricNodeSpec spec) throws Exception {
        FabricGossipNode node = FabricGossipNode.start(BINARY, spec, dir.resolve(spec.name() + "-" + nodes.size() + ".log"));
        nodes.add(node);
        return node;
    }

    /** Polls {@code condition} until it holds or {@code limit} has passed (real processes: no virtual time to drive). */
    public static boolean eventually(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    /** The last lines a Fabric node wrote, for a failure message. */
    String tail(FabricGossipNode node) {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(node.name() + "-")).map(p -> {
                try {
                    List<String> lines = Files.readAllLines(p);
                    return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            }).reduce("", (a, b) -> a + "\n" + b);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws Exception {
        for (FabricGossipNode node : nodes) {
            node.close();
        }
    }
}
