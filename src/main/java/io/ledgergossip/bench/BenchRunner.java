package io.ledgergossip.bench;

import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkCrypto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hyperledger.fabric.protos.common.Common.Block;

/** Runs one scenario for one or more profiles, then the raw limits with blocks of the same size. */
public final class BenchRunner {
    /** The scenarios of {@code bench}. */
    public enum Scenario {
        DISSEMINATION, REDUNDANCY, CATCHUP, LOAD, RECOVER;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the known scenarios */
        public static Scenario named(String name) {
            for (Scenario s : values()) {
                if (s.label().equals(name)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown scenario '" + name + "' (known: dissemination, redundancy, catchup, load, recover)");
        }
    }

    /**
     * Sizes asked for on the command line; null means the scenario's default.
     *
     * @param loss message loss on every link: dissemination then runs on the in-memory transport (null: real peers)
     */
    public record Sizes(Integer blocks, Integer blockBytes, Duration interval, Duration step, boolean syncWrites, int rawBlocks,
            int loadSteps, Double loss) {}

    /** A side-by-side run with real Fabric gossip nodes: the binary, and the peers of each system (in 2 orgs). */
    public record FabricComparison(Path binary, int peers, Path ordererKit) {}

    /** Dissemination against real Fabric: 50 blocks of 32 KB at 5 blocks/s unless asked otherwise (Fabric's RESULTS.md setup). */
    public static final int COMPARE_BLOCKS = 50;
    public static final Duration COMPARE_INTERVAL = Duration.ofMillis(200);

    private final NetworkConfig config;
    private final Path dir;
    private final Progress progress;

    public BenchRunner(NetworkConfig config, Path dir, Progress progress) {
        this.config = config;
        this.dir = dir;
        this.progress = progress;
    }

    /**
     * Dissemination on a network of {@code comparison.peers()} peers in 2 orgs: ledger-gossip with
     * {@code profile}, then the same blocks on as many real Fabric gossip nodes on the same crypto.
     */
    public BenchReport runAgainstFabric(BenchProfile profile, Sizes sizes, FabricComparison comparison) throws Exception {
        Path work = dir.resolve("work");
        deleteTree(work);
        NetworkConfig network = CompareNetwork.of(config, comparison.peers());
        int blocks = or(sizes.blocks(), COMPARE_BLOCKS);
        int blockBytes = or(sizes.blockBytes(), 32 * 1024);
        Duration interval = sizes.interval() != null ? sizes.interval() : COMPARE_INTERVAL;
        BenchReport report = new BenchReport(Scenario.DISSEMINATION.label(), profile.name());
        report.parameter("network", network.peers().size() + " peers in 2 orgs, one super node (Fabric: one static leader) per org");
        report.parameter("profiles", profile.name() + ", " + FabricDisseminationRun.PROFILE + " (core.yaml defaults, state transfer on)");
        report.parameter("block_bytes", blockBytes);
        report.parameter("blocks", blocks);
        report.parameter("interval_ms", interval.toMillis());
        report.parameter("warmup_blocks", 1);
        report.parameter("fabric_node", comparison.binary().toString());
        report.parameter("sync", sizes.syncWrites());
        report.parameter("load_average_at_start", ProcessCpu.loadAverage());
        Path ours = work.resolve(profile.name());
        List<Block> cut = new ArrayList<>();
        report.add(DisseminationBench.run(new DisseminationBench.Spec(network, profile, blocks, blockBytes, interval, 1, sizes.syncWrites()),
                ours, progress, cut::addAll));
        report.add(FabricDisseminationRun.run(network, ours.resolve("crypto"), cut, interval, comparison.binary(),
                Files.createDirectories(work.resolve("fabric")), progress));
        if (comparison.ordererKit() != null) {
            report.ordererFanout(OrdererFanoutRun.run(network, comparison.ordererKit(), Files.createDirectories(work.resolve("orderer")),
                    blocks, blockBytes, 1e9 / interval.toNanos(), progress));
        }
        report.raw(rawLimits(work.resolve("raw"), blockBytes, sizes.rawBlocks()));
        deleteTree(work);
        return report;
    }

    public BenchReport run(Scenario scenario, List<BenchProfile> profiles, Sizes sizes) throws Exception {
        Path work = dir.resolve("work");
        deleteTree(work); // scratch left by a run that was interrupted: its stores would not be empty
        BenchReport report = new BenchReport(scenario.label(), profiles.get(0).name());
        report.parameter("config", String.valueOf(config.file()));
        report.parameter("network", config.name() + ": " + config.peers().size() + " peers in " + config.orgs().size() + " orgs");
        report.parameter("profiles", String.join(", ", profiles.stream().map(BenchProfile::name).toList()));
        report.parameter("block_bytes", or(sizes.blockBytes(), scenario == Scenario.LOAD ? 64 * 1024 : 32 * 1024));
        switch (scenario) {
            case DISSEMINATION, REDUNDANCY -> {
                report.parameter("blocks", or(sizes.blocks(), 200));
                report.parameter("interval_ms", interval(sizes).toMillis());
                report.parameter("warmup_blocks", sizes.loss() != null ? 0 : 10);
                if (sizes.loss() != null) {
                    report.parameter("transport", "in-memory, virtual clock, " + InMemoryDisseminationRun.HOP.toMillis()
                            + " ms per hop, loss " + sizes.loss() + " on every link");
                }
            }
            case CATCHUP, RECOVER -> report.parameter("blocks", or(sizes.blocks(), 10_000));
            case LOAD -> report.parameter("step_ms", sizes.step().toMillis());
        }
        report.parameter("sync", scenario == Scenario.CATCHUP || scenario == Scenario.RECOVER || sizes.syncWrites());
        report.parameter("load_average_at_start", ProcessCpu.loadAverage());
        int blockBytes;
        int rawBlocks;
        for (BenchProfile profile : profiles) {
            Path profileWork = work.resolve(profile.name());
            switch (scenario) {
                case DISSEMINATION, REDUNDANCY -> report.add(sizes.loss() != null
                        ? InMemoryDisseminationRun.run(config, profile, or(sizes.blocks(), 200), or(sizes.blockBytes(), 32 * 1024),
                                interval(sizes), sizes.loss(), progress)
                        : DisseminationBench.run(new DisseminationBench.Spec(config, profile, or(sizes.blocks(), 200),
                                or(sizes.blockBytes(), 32 * 1024), interval(sizes), 10, sizes.syncWrites()), profileWork, progress));
                case CATCHUP -> report.add(CatchupBench.run(new CatchupBench.Spec(config, profile, or(sizes.blocks(), 10_000),
                        or(sizes.blockBytes(), 32 * 1024), Math.min(4, config.firstOrgs(1).peers().size() - 1)), profileWork, progress));
                case RECOVER -> report.add(RecoverBench.run(new RecoverBench.Spec(config, profile, or(sizes.blocks(), 10_000),
                        or(sizes.blockBytes(), 32 * 1024), Math.min(4, config.firstOrgs(1).peers().size() - 1)), profileWork, progress));
                case LOAD -> report.add(LoadBench.run(new LoadBench.Spec(config.firstOrgs(2), profile, or(sizes.blockBytes(), 64 * 1024),
                        sizes.step(), 10, 2, sizes.loadSteps(), sizes.syncWrites()), profileWork, progress));
            }
            deleteTree(profileWork);
        }
        blockBytes = or(sizes.blockBytes(), scenario == Scenario.LOAD ? 64 * 1024 : 32 * 1024);
        rawBlocks = Math.max(sizes.rawBlocks(), scenario == Scenario.CATCHUP || scenario == Scenario.RECOVER
                ? or(sizes.blocks(), 10_000) : 0);
        report.raw(rawLimits(work.resolve("raw"), blockBytes, rawBlocks));
        deleteTree(work);
        return report;
    }

    /**
     * The raw measurements hold their blocks in memory twice (encoded, and decoded for the ledger
     * store): at most this many bytes of blocks, and at least {@link #RAW_MIN_BLOCKS} blocks.
     */
    static final long RAW_MAX_BYTES = 768L * 1024 * 1024;
    static final int RAW_MIN_BLOCKS = 24;

    private RawLimits rawLimits(Path work, int blockBytes, int count) throws Exception {
        progress.phase("raw limits: blocks");
        NetworkConfig org = config.firstOrgs(1);
        Path crypto = work.resolve("crypto");
        NetworkCrypto.generate(org, crypto, Instant.now(), Duration.ofDays(2));
        PreparedOrderer orderer = new PreparedOrderer(NetworkCrypto.ordererIdentity(org, crypto), org.channel(), 17, blockBytes);
        count = Math.min(count, Math.max(RAW_MIN_BLOCKS, (int) (RAW_MAX_BYTES / blockBytes)));
        List<byte[]> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Block block = orderer.cutUnkept();
            blocks.add(block.toByteArray());
            progress.update(i + 1, count, "blocks");
        }
        progress.phase("raw limits: RocksDB, TLS");
        return RawLimits.measure(org, crypto, blocks, 10, work);
    }

    private static Duration interval(Sizes sizes) {
        return sizes.interval() != null ? sizes.interval() : Duration.ofMillis(250);
    }

    private static int or(Integer value, int fallback) {
        return value != null ? value : fallback;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var files = Files.walk(root)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
