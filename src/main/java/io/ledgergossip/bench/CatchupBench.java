package io.ledgergossip.bench;

import io.ledgergossip.bench.Stats.Point;
import io.ledgergossip.fixture.KvWrites;
import io.ledgergossip.fixture.network.LocalNetwork.RunningPeer;
import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.store.BlockRejectedException;
import io.ledgergossip.store.StoreOptions;
import io.ledgergossip.store.rocksdb.RocksLedgerStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * Catch-up: the first peers of one org hold a long ledger in their RocksDB stores; an empty peer of
 * that org starts and fetches it all by state transfer. Measured from its start to its last commit.
 */
public final class CatchupBench {
    /** What to run: {@code providers} peers hold the ledger, the org's last peer joins empty. */
    public record Spec(NetworkConfig config, BenchProfile profile, int blocks, int blockBytes, int providers) {}

    /**
     * What was measured; {@code throughput} is MB/s over time since the joiner started (s);
     * {@code warmups} unmeasured joiners ran first; {@code jitMs} is the JIT compilers' time
     * during the measured one (near 0 when the figure is the code's steady state); {@code blocksPerWrite}
     * is how many blocks the joiner committed per store write on average, {@code blocksPerSync} per
     * sync of its write-ahead log (one sync covers the writes made while the previous one ran).
     */
    public record Result(String profile, int providers, int blocks, int blockBytes, double seconds, double mbPerSecond,
            double blocksPerSecond, List<Point> throughput, double cpuCores, int warmups, long jitMs, double blocksPerWrite,
            double blocksPerSync) {
        /** CPU time of the whole JVM (serving peers and joiner) per MB caught up, ms. */
        public double cpuMsPerMb() {
            return cpuCores * 1000 / mbPerSecond;
        }
    }

    /**
     * Warm-up joiners at most (each stops once quiet, {@link JitTime#quiet}). With 4, the JIT still took
     * 0.5-1.4 s of a 2.5-5 s measured catch-up; after 9-10 it takes 0.2-0.4 s.
     */
    static final int MAX_WARMUPS = 10;

    private CatchupBench() {}

    public static Result run(Spec spec, Path work, Progress progress) throws Exception {
        NetworkConfig config = firstOrg(spec.config(), spec.profile(), spec.providers() + 1, "catch-up");
        progress.phase("catchup " + spec.profile().name() + ": ledger");
        try (BenchNetwork net = BenchNetwork.create(config, work, spec.blockBytes(), 11)) {
            List<NetworkConfig.Peer> providers = config.peers().subList(0, spec.providers());
            NetworkConfig.Peer joiner = config.peers().get(config.peers().size() - 1);
            long bytes = writeLedger(net.orderer(), spec.blocks(), storeOf(work, providers.get(0)), block -> { }, progress);
            for (NetworkConfig.Peer p : providers.subList(1, providers.size())) {
                copyTree(storeOf(work, providers.get(0)), storeOf(work, p));
            }
            for (NetworkConfig.Peer p : providers) {
                net.start(p.name());
            }
            net.awaitTopology(Duration.ofSeconds(60));
            double blockMb = bytes / 1e6 / spec.blocks();
            int warmups = 0;
            if (config.peers().size() >= spec.providers() + 2) {
                warmups = warmUp(net, config.peers().get(config.peers().size() - 2), spec, blockMb, work, progress);
            }
            progress.phase("catchup " + spec.profile().name() + ": joiner");
            Joined measured = join(net, joiner, spec, blockMb, progress);
            long writes = measured.peer().node().status().get(10, TimeUnit.SECONDS).commits();
            long syncs = measured.peer().store().walSyncs();
            return new Result(spec.profile().name(), spec.providers(), spec.blocks(), (int) (bytes / spec.blocks()),
                    measured.seconds(), bytes / 1e6 / measured.seconds(), spec.blocks() / measured.seconds(), measured.curve(),
                    measured.cpuCores(), warmups, measured.jitMs(), (double) spec.blocks() / Math.max(1, writes),
                    (double) spec.blocks() / Math.max(1, syncs));
        }
    }

    /** One empty peer's catch-up: its time from start to last commit, the throughput curve, the CPU and JIT time it took. */
    private record Joined(RunningPeer peer, double seconds, List<Point> curve, double cpuCores, long jitMs) {}

    /** Starts {@code joiner} (empty) and waits until it holds the whole ledger; warm-ups and the measured joiner alike. */
    private static Joined join(BenchNetwork net, NetworkConfig.Peer joiner, Spec spec, double blockMb, Progress progress)
            throws Exception {
        long cpuBefore = ProcessCpu.nanos();
        long jitBefore = JitTime.millis();
        long started = System.nanoTime();
        RunningPeer peer = net.start(joiner.name());
        AtomicLong doneAt = new AtomicLong();
        peer.node().onBlockCommitted(b -> {
            if (b.getHeader().getNumber() == spec.blocks() - 1) {
                doneAt.set(System.nanoTime());
            }
        });
        List<Point> curve = new ArrayList<>();
        long lastHeight = 0;
        long lastAt = started;
        long deadline = started + TimeUnit.MINUTES.toNanos(10);
        while (peer.store().height() < spec.blocks()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(joiner.name() + " at height " + peer.store().height() + " of " + spec.blocks()
                        + " after 10 minutes");
            }
            TimeUnit.MILLISECONDS.sleep(250); // sampling period of the throughput curve
            long now = System.nanoTime();
            long height = peer.store().height();
            curve.add(new Point(Stats.round((now - started) / 1e9, 3), Stats.round((height - lastHeight) * blockMb / ((now - lastAt) / 1e9), 1)));
            lastHeight = height;
            lastAt = now;
            progress.update(height, spec.blocks(), "blocks");
        }
        progress.finishLine();
        double seconds = ((doneAt.get() == 0 ? System.nanoTime() : doneAt.get()) - started) / 1e9;
        double cpuCores = (ProcessCpu.nanos() - cpuBefore) / 1e9 / ((System.nanoTime() - started) / 1e9);
        return new Joined(peer, seconds, curve, cpuCores, JitTime.millis() - jitBefore);
    }

    /**
     * Joiners that are not measured, each from an empty store and through the same code as the
     * measured one, until the JIT compilers are quiet (under {@link JitTime#QUIET_SHARE} of a
     * catch-up's time) or {@link #MAX_WARMUPS} have run: the measured figure is then the code's,
     * not the compilers'. Returns how many ran.
     */
    private static int warmUp(BenchNetwork net, NetworkConfig.Peer warmup, Spec spec, double blockMb, Path work,
            Progress progress) throws Exception {
        for (int round = 1; round <= MAX_WARMUPS; round++) {
            progress.phase("catchup " + spec.profile().name() + ": warm-up " + round);
            Joined joined = join(net, warmup, spec, blockMb, progress);
            net.stop(warmup.name());
            BenchRunner.deleteTree(storeOf(work, warmup));
            if (JitTime.quiet(joined.jitMs(), joined.seconds() * 1000)) {
                return round;
            }
        }
        return MAX_WARMUPS;
    }

    static Path storeOf(Path work, NetworkConfig.Peer peer) {
        return work.resolve(peer.dataDir()).resolve("store");
    }

    /**
     * The first org of {@code config} with the profile's settings, checked to have {@code needed} peers.
     *
     * @throws IllegalArgumentException naming the org and what {@code scenario} needs
     */
    static NetworkConfig firstOrg(NetworkConfig config, BenchProfile profile, int needed, String scenario) {
        NetworkConfig org = config.firstOrgs(1);
        NetworkConfig tuned = org.withGossip(profile.applyTo(org.gossip()));
        if (tuned.peers().size() < needed) {
            throw new IllegalArgumentException(tuned.orgs().get(0).name() + " has " + tuned.peers().size() + " peers; "
                    + scenario + " needs " + needed);
        }
        return tuned;
    }

    /** Where a block written into the ledger also goes (Fabric block files, for the recover scenario). */
    interface AlsoTo {
        void append(Block block) throws IOException;
    }

    /**
     * Writes the orderer's first {@code count} blocks into a new store (no fsync: this is set-up),
     * each also to {@code alsoTo}; returns their bytes.
     */
    static long writeLedger(PreparedOrderer orderer, int count, Path dir, AlsoTo alsoTo, Progress progress)
            throws BlockRejectedException, IOException {
        long bytes = 0;
        try (RocksLedgerStore store = RocksLedgerStore.open(dir, StoreOptions.defaults().withSyncWrites(false))) {
            for (int i = 0; i < count; i++) {
                Block block = orderer.cutUnkept();
                bytes += block.getSerializedSize();
                store.append(block, KvWrites.of(block));
                alsoTo.append(block);
                progress.update(i + 1, count, "blocks written");
            }
        }
        progress.finishLine();
        return bytes;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
