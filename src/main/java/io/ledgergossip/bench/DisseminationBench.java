package io.ledgergossip.bench;

import io.ledgergossip.bench.Stats.Point;
import io.ledgergossip.bench.Stats.Summary;
import io.ledgergossip.fixture.network.LocalNetwork.RunningPeer;
import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.identity.PkiId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Dissemination and redundancy on real peers: the orderer cuts blocks at a fixed interval, and for
 * each block the time from its cut to each peer's commit is recorded, with the block bodies and
 * the bytes every peer received and sent meanwhile.
 */
public final class DisseminationBench {
    /** What to run. */
    public record Spec(NetworkConfig config, BenchProfile profile, int blocks, int blockBytes, Duration interval, int warmup,
            boolean syncWrites) {}

    /**
     * What was measured.
     *
     * @param timeToAllMs per measured block, the time from its cut until the last peer committed it
     * @param holdingCurve fraction of (peer, block) pairs committed by time t after the cut
     * @param oneHopMs median of (a child's commit minus its super node's commit) over every block
     * @param dissemination over the blocks that reached every peer
     * @param blocksToAll blocks every peer committed within {@link #GRACE} of the last cut
     * @param neverDelivered (peer, block) pairs not committed within {@link #GRACE} of the last cut
     * @param connectionsRefused -1 where not measured
     */
    public record Result(String profile, int peers, int blocks, int blockBytes, Summary dissemination, double oneHopMs,
            List<Point> holdingCurve, double bodiesPerPeerPerBlock, double bytesSentPerPeerPerBlockRatio, double[] timeToAllMs,
            long byPush, long byPull, long byStateTransfer, double cpuCores, long connectionsRefused, int blocksToAll,
            long neverDelivered) {}

    /** How long after the last cut a block may still arrive and count as delivered. */
    public static final Duration GRACE = Duration.ofSeconds(30);

    private DisseminationBench() {}

    public static Result run(Spec spec, Path work, Progress progress) throws Exception {
        return run(spec, work, progress, blocks -> { });
    }

    /** @param blocksCut is given every block the orderer cut (the warm-up's, then the measured ones), after the run */
    static Result run(Spec spec, Path work, Progress progress, java.util.function.Consumer<List<org.hyperledger.fabric.protos.common.Common.Block>> blocksCut)
            throws Exception {
        NetworkConfig config = spec.config().withGossip(spec.profile().applyTo(spec.config().gossip()));
        progress.phase("dissemination " + spec.profile().name());
        try (BenchNetwork net = BenchNetwork.create(config, work, spec.blockBytes(), 7)) {
            int peers = config.peers().size();
            long first = spec.warmup();
            AtomicLongArray commits = new AtomicLongArray(spec.blocks() * peers);
            long[] cutAt = new long[spec.blocks()];
            net.orderer().subscribe(block -> { // first subscriber: called before any super node sees the block
                long n = block.getHeader().getNumber() - first;
                if (n >= 0 && n < spec.blocks()) {
                    cutAt[(int) n] = System.nanoTime();
                }
            });
            net.orderer().prepare(spec.warmup() + spec.blocks());
            net.syncWrites(spec.syncWrites());
            net.startAll();
            List<RunningPeer> running = net.peers();
            for (int i = 0; i < running.size(); i++) {
                int index = i;
                running.get(i).node().onBlockCommitted(block -> {
                    long n = block.getHeader().getNumber() - first;
                    if (n >= 0 && n < spec.blocks()) {
                        commits.set((int) n * peers + index, System.nanoTime());
                    }
                });
            }
            net.awaitTopology(Duration.ofSeconds(60));
            for (int i = 0; i < spec.warmup(); i++) {
                net.orderer().release();
                LockSupport.parkNanos(spec.interval().toNanos());
            }
            net.awaitHeight(first, Duration.ofSeconds(60));
            Traffic before = Traffic.of(running);
            long cpuBefore = ProcessCpu.nanos();
            long start = System.nanoTime();
            for (int i = 0; i < spec.blocks(); i++) {
                long due = start + i * spec.interval().toNanos();
                LockSupport.parkNanos(due - System.nanoTime());
                net.orderer().release();
                progress.update(i + 1, spec.blocks(), "blocks cut");
            }
            try {
                net.awaitHeight(first + spec.blocks(), GRACE);
            } catch (java.util.concurrent.TimeoutException e) {
                progress.finishLine(); // counted as never delivered
            }
            double cpuCores = (double) (ProcessCpu.nanos() - cpuBefore) / (System.nanoTime() - start);
            progress.finishLine();
            Traffic after = Traffic.of(running);
            int blockBytes = net.orderer().prepared().get((int) first).getSerializedSize();
            blocksCut.accept(net.orderer().prepared().subList(0, (int) first + spec.blocks()));
            return measure(spec, running, commits, cutAt, after.minus(before), blockBytes, cpuCores);
        }
    }

    private static Result measure(Spec spec, List<RunningPeer> running, AtomicLongArray commits, long[] cutAt, Traffic traffic,
            int blockBytes, double cpuCores) {
        int peers = running.size();
        long[][] committed = new long[spec.blocks()][peers];
        for (int b = 0; b < spec.blocks(); b++) {
            for (int p = 0; p < peers; p++) {
                committed[b][p] = commits.get(b * peers + p);
            }
        }
        Delivery delivery = Delivery.of(committed, cutAt);
        Map<PkiId, Integer> index = new HashMap<>();
        for (int p = 0; p < peers; p++) {
            index.put(BenchNetwork.pkiId(running.get(p)), p);
        }
        List<Double> hops = new ArrayList<>();
        for (int p = 0; p < peers; p++) {
            RunningPeer peer = running.get(p);
            Optional<PkiId> parent = BenchNetwork.onNode(peer, () -> peer.node().topology().parent());
            Integer q = parent.map(index::get).orElse(null);
            if (peer.spec().superNode() || q == null) {
                continue;
            }
            for (int b = 0; b < spec.blocks(); b++) {
                double hop = (commits.get(b * peers + p) - commits.get(b * peers + q)) / 1e6;
                if (hop >= 0 && commits.get(b * peers + p) != 0 && commits.get(b * peers + q) != 0) {
                    hops.add(hop);
                }
            }
        }
        double blocksTimesPeers = (double) spec.blocks() * peers;
        return new Result(spec.profile().name(), peers, spec.blocks(), blockBytes, Summary.of(delivery.timeToAllMs()),
                hops.isEmpty() ? Double.NaN : Stats.median(hops), delivery.holdingCurve(),
                traffic.bodies() / blocksTimesPeers, traffic.bytesSent() / blocksTimesPeers / blockBytes, delivery.timeToAllMs(),
                traffic.byPush(), traffic.byPull(), traffic.byState(), cpuCores, traffic.refused(), delivery.blocksToAll(),
                delivery.neverDelivered());
    }

    /** Bodies received and bytes sent by all peers together. */
    record Traffic(long bodies, long bytesSent, long byPush, long byPull, long byState, long refused) {
        static Traffic of(List<RunningPeer> peers) {
            Traffic sum = new Traffic(0, 0, 0, 0, 0, 0);
            for (RunningPeer p : peers) {
                Traffic one = BenchNetwork.onNode(p, () -> {
                    var c = p.node().dissemination().counters();
                    var t = p.node().transport().counters();
                    return new Traffic(c.bodiesReceived(), t.bytesSent(), c.blocksByPush(), c.blocksByPull(), c.blocksByStateTransfer(),
                            t.rejectedTotal());
                });
                sum = new Traffic(sum.bodies + one.bodies, sum.bytesSent + one.bytesSent, sum.byPush + one.byPush,
                        sum.byPull + one.byPull, sum.byState + one.byState, sum.refused + one.refused);
            }
            return sum;
        }

        Traffic minus(Traffic e) {
            return new Traffic(bodies - e.bodies, bytesSent - e.bytesSent, byPush - e.byPush, byPull - e.byPull, byState - e.byState,
                    refused - e.refused);
        }
    }
}
