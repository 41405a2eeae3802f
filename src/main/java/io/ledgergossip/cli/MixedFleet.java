package io.ledgergossip.cli;

import io.ledgergossip.fixture.fabric.FabricGossipNode;
import io.ledgergossip.fixture.fabric.FabricNodeSpec;
import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.ledger.BlockFileWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * The ledger-gossip peers of a network (in this JVM or one process each) with its Fabric peers
 * ({@code implementation: fabric}) beside them: real Fabric gossip nodes, one process each, on the
 * network's crypto material, joined to the channel with the super nodes as the orgs' anchor peers.
 * They start with the channel's genesis block and take every other block from the network by
 * gossip, checking the orderer's signature on each (as a peer's deliver path does).
 */
final class MixedFleet implements Fleet {
    /** The gossip keys a Fabric node takes from the network config, so that both kinds run on the same timers. */
    private static final Set<String> SHARED_KEYS = Set.of("aliveTimeInterval", "aliveExpirationTimeout", "reconnectInterval",
            "pullInterval", "publishStateInfoInterval", "requestStateInfoInterval", "state.checkInterval", "state.batchSize",
            "propagatePeerNum", "pullPeerNum", "maxBlockCountToStore");

    private final Fleet ledgerGossip;
    private final NetworkConfig config;
    private final Path binary;
    private final Path crypto;
    private final Path fabricDir;
    private final LongFunction<String> headAt;
    private final Map<String, FabricGossipNode> fabric = new ConcurrentHashMap<>();
    private Path genesisFile;

    /**
     * @param fabricDir where the genesis block file and the Fabric nodes' logs go
     * @param headAt the header hash (hex) of the orderer's block {@code height - 1}: what a Fabric node at that height holds,
     *     since it takes a block only with the orderer's signature and the previous block's hash
     */
    MixedFleet(Fleet ledgerGossip, NetworkConfig config, Path binary, Path crypto, Path fabricDir, LongFunction<String> headAt) {
        this.ledgerGossip = ledgerGossip;
        this.config = config;
        this.binary = binary;
        this.crypto = crypto;
        this.fabricDir = fabricDir;
        this.headAt = headAt;
    }

    /** The channel's genesis block, which every Fabric node starts with; call before starting one. */
    void genesis(Block block) throws IOException {
        Path dir = Files.createDirectories(fabricDir.resolve("genesis"));
        try (BlockFileWriter writer = BlockFileWriter.create(dir)) {
            writer.append(block);
        }
        genesisFile = dir.resolve("blockfile_000000");
    }

    boolean hasGenesis() {
        return genesisFile != null;
    }

    @Override
    public void start(String peer) throws Exception {
        NetworkConfig.Peer spec = config.peer(peer);
        if (!spec.fabric()) {
            ledgerGossip.start(peer);
            return;
        }
        if (genesisFile == null) {
            throw new IllegalStateException("a Fabric node needs the genesis block first");
        }
        FabricGossipNode old = fabric.remove(peer);
        if (old != null) {
            old.close();
        }
        long restart;
        try (var logs = Files.list(fabricDir)) {
            restart = logs.filter(p -> p.getFileName().toString().startsWith(peer)).count(); // earlier runs keep their logs
        }
        fabric.put(peer, FabricGossipNode.start(binary, nodeSpec(spec), fabricDir.resolve(peer + (restart == 0 ? "" : "." + restart)
                + ".log")));
    }

    private FabricNodeSpec nodeSpec(NetworkConfig.Peer peer) {
        Map<String, String> core = new TreeMap<>();
        config.gossip().forEach((key, value) -> {
            String name = key.startsWith("peer.gossip.") ? key.substring("peer.gossip.".length()) : key;
            if (SHARED_KEYS.contains(name)) {
                core.put(name, value);
            }
        });
        return FabricNodeSpec.of(config, peer, crypto, genesisFile, core);
    }

    @Override
    public void crash(String peer) throws Exception {
        if (!config.peer(peer).fabric()) {
            ledgerGossip.crash(peer);
            return;
        }
        FabricGossipNode node = fabric.remove(peer);
        if (node != null) {
            node.kill();
        }
    }

    @Override
    public Map<String, PeerStatus> statuses() throws Exception {
        Map<String, PeerStatus> all = new TreeMap<>(ledgerGossip.statuses());
        fabric.forEach((name, node) -> {
            if (node.isRunning()) {
                long height = node.height();
                all.put(name, new PeerStatus(height, height == 0 ? "" : headAt.apply(height), "-", "Fabric " + node.blocksByVia(), "",
                        true));
            }
        });
        return all;
    }

    @Override
    public void close() {
        for (FabricGossipNode node : fabric.values()) {
            try {
                node.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ledgerGossip.close();
    }
}
