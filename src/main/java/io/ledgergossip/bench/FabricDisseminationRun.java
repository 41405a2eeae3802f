package io.ledgergossip.bench;

import io.ledgergossip.fixture.fabric.FabricGossipNode;
import io.ledgergossip.fixture.fabric.FabricNodeSpec;
import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.ledger.BlockFileWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * The dissemination run on real Fabric v2.5 gossip nodes ({@code fabric-gossip-node}, one process
 * each): the same network (crypto material, peers, orgs), the same blocks written as a Fabric block
 * file, Fabric's core.yaml gossip defaults with state transfer on, each org's first peer its static
 * leader feeding the blocks at the same rate. Time is measured from a leader's feed of a block (its
 * cut, as a super node's delivery from the orderer is ours) to each node's commit, on the nodes'
 * own event timestamps; copies and bytes from each node's summary at stop.
 */
final class FabricDisseminationRun {
    /** The profile name the report shows for it. */
    static final String PROFILE = "fabric-v2.5.12-real";

    /** Time the nodes get to find each other before the first block (Fabric's alive and StateInfo timers are seconds). */
    static final Duration MEMBERSHIP_TIME = Duration.ofSeconds(20);

    private FabricDisseminationRun() {}

    /** @param blocks block 0 (every node's genesis) and the blocks the leaders feed */
    static DisseminationBench.Result run(NetworkConfig config, Path crypto, List<Block> blocks, Duration interval, Path binary, Path work,
            Progress progress) throws IOException, InterruptedException {
        progress.phase("dissemination " + PROFILE);
        Path blockDir = Files.createDirectories(work.resolve("blocks"));
        try (BlockFileWriter writer = BlockFileWriter.create(blockDir)) {
            for (Block block : blocks) {
                writer.append(block);
            }
        }
        Path file = blockDir.resolve("blockfile_000000");
        int feed = blocks.size() - 1;
        double rate = 1e9 / interval.toNanos();
        Set<String> leaders = new HashSet<>();
        config.orgs().forEach(org -> config.superNodes().stream().filter(s -> s.org().equals(org.name())).findFirst()
                .ifPresent(s -> leaders.add(s.name())));
        List<FabricGossipNode> nodes = new ArrayList<>();
        try {
            for (NetworkConfig.Peer peer : config.peers()) {
                FabricNodeSpec spec = FabricNodeSpec.of(config, peer, crypto, file, Map.of());
                if (leaders.contains(peer.name())) {
                    spec = spec.asLeader(feed, rate, MEMBERSHIP_TIME);
                }
                nodes.add(FabricGossipNode.start(binary, spec, work.resolve(peer.name() + ".log")));
            }
            return measure(nodes, leaders, feed, blocks.get(1).getSerializedSize(), interval, progress);
        } finally {
            for (FabricGossipNode node : nodes) {
                node.close();
            }
        }
    }

    private static DisseminationBench.Result measure(List<FabricGossipNode> nodes, Set<String> leaders, int feed, int blockBytes,
            Duration interval, Progress progress) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + MEMBERSHIP_TIME.plus(interval.multipliedBy(feed)).plus(DisseminationBench.GRACE)
                .plusSeconds(30).toNanos();
        List<FabricGossipNode> feeding = nodes.stream().filter(n -> leaders.contains(n.name())).toList();
        while (feeding.stream().allMatch(n -> n.fedAtMillis().isEmpty()) && System.nanoTime() < deadline) {
            failIfDead(nodes);
            TimeUnit.MILLISECONDS.sleep(20);
        }
        long cpuBefore = cpuNanos(nodes);
        long wallBefore = System.nanoTime();
        long lastFeedAt = Long.MAX_VALUE;
        while (System.nanoTime() < deadline) {
            failIfDead(nodes);
            long everyone = nodes.stream().filter(n -> n.height() >= feed + 1).count();
            progress.update(everyone, nodes.size(), "Fabric nodes at height " + (feed + 1));
            if (everyone == nodes.size()) {
                break;
            }
            if (lastFeedAt == Long.MAX_VALUE && feeding.stream().allMatch(n -> n.fedAtMillis().containsKey((long) feed))) {
                lastFeedAt = System.nanoTime();
            }
            if (System.nanoTime() - lastFeedAt > DisseminationBench.GRACE.toNanos()) {
                break;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        double cores = (double) (cpuNanos(nodes) - cpuBefore) / (System.nanoTime() - wallBefore);
        progress.finishLine();
        for (FabricGossipNode node : nodes) {
            node.close(); // its summary (copies, bytes) comes at stop
        }
        return result(nodes, feeding, feed, blockBytes, cores);
    }

    private static DisseminationBench.Result result(List<FabricGossipNode> nodes, List<FabricGossipNode> feeding, int feed, int blockBytes,
            double cores) {
        long[] cutAt = new long[feed];
        long lastCut = 0;
        for (int b = 0; b < feed; b++) {
            long number = b + 1;
            cutAt[b] = feeding.stream().map(n -> n.fedAtMillis().get(number)).filter(t -> t != null).mapToLong(Long::longValue).min()
                    .orElse(0);
            lastCut = Math.max(lastCut, cutAt[b]);
        }
        long graceEnd = lastCut + DisseminationBench.GRACE.toMillis();
        long[][] committed = new long[feed][nodes.size()];
        long copies = 0;
        long bytes = 0;
        long push = 0;
        long pull = 0;
        long state = 0;
        for (int p = 0; p < nodes.size(); p++) {
            FabricGossipNode node = nodes.get(p);
            Map<Long, Long> at = node.committedAtMillis();
            for (int b = 0; b < feed; b++) {
                Long t = at.get((long) b + 1);
                committed[b][p] = t == null || t > graceEnd ? 0 : t;
            }
            long[] summary = node.copiesAndBytesReceived().orElseThrow(() ->
                    new IllegalStateException(node.name() + " stopped without its summary: see its log"));
            copies += summary[0];
            bytes += summary[1];
            Map<String, Long> via = node.blocksByVia();
            push += via.getOrDefault("push", 0L);
            pull += via.getOrDefault("pull", 0L);
            state += via.getOrDefault("state", 0L);
        }
        Delivery delivery = Delivery.of(committed, cutAt, 1);
        double pairs = (double) feed * nodes.size();
        return new DisseminationBench.Result(PROFILE, nodes.size(), feed, blockBytes, Stats.Summary.of(delivery.timeToAllMs()), Double.NaN,
                delivery.holdingCurve(), copies / pairs, bytes / pairs / blockBytes, delivery.timeToAllMs(), push, pull, state, cores, -1,
                delivery.blocksToAll(), delivery.neverDelivered());
    }

    private static long cpuNanos(List<FabricGossipNode> nodes) {
        return nodes.stream().mapToLong(n -> n.cpuTime().toNanos()).sum();
    }

    private static void failIfDead(List<FabricGossipNode> nodes) throws IOException {
        for (FabricGossipNode node : nodes) {
            if (!node.isRunning()) {
                throw new IOException("Fabric node " + node.name() + " stopped: " + node.errors() + " (see its log)");
            }
        }
    }
}
