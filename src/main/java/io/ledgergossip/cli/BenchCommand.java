package io.ledgergossip.cli;

import io.ledgergossip.bench.BenchProfile;
import io.ledgergossip.bench.BenchReport;
import io.ledgergossip.bench.BenchRunner;
import io.ledgergossip.bench.Progress;
import io.ledgergossip.fixture.network.ConfigException;
import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bench SCENARIO}: how fast, how wasteful and how far from this machine's limits. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Runs real peers (Netty + TLS on loopback, RocksDB stores) in this JVM, measures one scenario and "
                + "this machine's raw limits (RocksDB batch writes, one TLS connection), and writes DIR/report.json and "
                + "DIR/report.html.",
            "Scenarios: dissemination and redundancy (one run: time from cut to every peer, bodies and bytes per peer "
                + "per block), catchup (an empty peer joins a long ledger), load (highest block rate every peer keeps up with), "
                + "recover (a peer's Fabric block files, cut in the middle of a long ledger, repaired from up to 4 peers of its org).",
            "--out must be a new or empty directory, or one an earlier bench wrote (its report and scratch are replaced; "
                + "nothing else there is touched)."},
        footerHeading = "%nExample:%n",
        footer = "  java -jar target/ledger-gossip.jar bench dissemination --compare --blocks 100 --out bench-results/today%n",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {ExitCodes.LIST_OK, ExitCodes.LIST_CANNOT_RUN})
final class BenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SCENARIO", description = "dissemination, redundancy, catchup, load or recover.")
    private String scenario;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the report goes (default bench-results/SCENARIO-TIMESTAMP).")
    private Path out;

    @Option(names = "--profile", defaultValue = "ledger-gossip", paramLabel = "NAME",
            description = "ledger-gossip (the project's defaults) or fabric-defaults (default ${DEFAULT-VALUE}).")
    private String profile;

    @Option(names = "--compare", description = "Run the scenario with both profiles and show them side by side.")
    private boolean compare;

    @Option(names = "--config", paramLabel = "FILE", description = "Network config (default: network-config/large.yaml; "
            + "its first org for catchup, its first two orgs for load).")
    private Path config = Path.of("network-config/large.yaml");

    /** Blocks larger than Fabric's default orderer limit (AbsoluteMaxBytes, 99 MB) are not a Fabric network's. */
    static final int MAX_BLOCK_BYTES = 99 * 1024 * 1024;
    /** Bytes of a gossip message around a block: its envelope, payload header and signature (generous). */
    static final int FRAME_HEADROOM = 64 * 1024;

    @Option(names = "--blocks", paramLabel = "N", description = "Blocks (default: 200, or 10000 for catchup and recover).")
    private Integer blocks;

    @Option(names = "--block-bytes", paramLabel = "BYTES", description = "Block size (default: 32768, or 65536 for load).")
    private Integer blockBytes;

    @Option(names = "--interval", paramLabel = "DURATION",
            description = "Time between blocks in dissemination (default 250ms; 200ms with --compare-fabric).")
    private Duration interval;

    @Option(names = "--compare-fabric", arity = "0..1", paramLabel = "PATH", fallbackValue = "../shared/fabric-gossip/fabric-gossip-node",
            description = "dissemination only: run the same blocks on as many real Fabric v2.5 gossip nodes (PATH: the "
                    + "fabric-gossip-node binary, default ${FALLBACK-VALUE}) right after the ledger-gossip peers, on --peers "
                    + "peers in 2 orgs, and report both (default 50 blocks of 32 KB at 5 blocks/s).")
    private Path compareFabric;

    @Option(names = "--orderer-kit", paramLabel = "DIR", defaultValue = "../shared/fabric-orderer",
            description = "With --compare-fabric: the Fabric orderer kit for the third row, every peer delivering from a real "
                    + "orderer against the super nodes delivering (default ${DEFAULT-VALUE}).")
    private Path ordererKit;

    @Option(names = "--no-orderer", description = "With --compare-fabric: leave out the real-orderer row.")
    private boolean noOrderer;

    @Option(names = "--loss", paramLabel = "P",
            description = "dissemination only: run on the in-memory transport (whole nodes of the config's shape, virtual clock, "
                    + "1 ms hops) with this message loss on every link, 0 to <1; times are then virtual.")
    private Double loss;

    @Option(names = "--peers", defaultValue = "20", paramLabel = "N",
            description = "Peers of each system with --compare-fabric, in 2 orgs (default ${DEFAULT-VALUE}).")
    private int peers;

    @Option(names = "--step", defaultValue = "4s", paramLabel = "DURATION",
            description = "How long each rate is held in the load scenario (default ${DEFAULT-VALUE}).")
    private Duration step;

    @Option(names = "--sync", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Peers fsync every commit in dissemination and load (default off: here all peers share one disk, "
                    + "a deployment gives each its own; catchup always syncs).")
    private boolean sync;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A peer.gossip.* setting laid over the profile's (repeatable).")
    private java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();

    @Option(names = "--raw-blocks", defaultValue = "2000", paramLabel = "N",
            description = "Blocks written and sent in the raw-limit measurements, at least (default ${DEFAULT-VALUE}; catchup uses its own).")
    private int rawBlocks;

    @Option(names = "--load-steps", defaultValue = "8", paramLabel = "N", description = "Rates tried at most by load (default ${DEFAULT-VALUE}).")
    private int loadSteps;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    private boolean noProgress;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (blocks != null) {
            Options.between(spec, "--blocks", blocks, 1, 1_000_000);
        }
        if (blockBytes != null) {
            Options.between(spec, "--block-bytes", blockBytes, 1024, MAX_BLOCK_BYTES);
        }
        Options.between(spec, "--raw-blocks", rawBlocks, 1, 1_000_000);
        Options.between(spec, "--load-steps", loadSteps, 1, 100);
        Options.between(spec, "--peers", peers, 4, 200);
        BenchRunner.Scenario which;
        List<BenchProfile> profiles;
        try {
            which = BenchRunner.Scenario.named(scenario);
            profiles = (compare ? BenchProfile.all() : List.of(BenchProfile.named(profile))).stream()
                    .map(p -> p.with(settings)).toList();
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            return ExitCodes.CANNOT_RUN;
        }
        if (loss != null && (loss < 0 || loss >= 1 || compareFabric != null || which != BenchRunner.Scenario.DISSEMINATION)) {
            err.println("bench: --loss " + loss + ": a message loss in [0, 1), for the dissemination scenario on the in-memory "
                    + "transport (not with --compare-fabric)");
            return ExitCodes.CANNOT_RUN;
        }
        if (compareFabric != null && (which != BenchRunner.Scenario.DISSEMINATION || compare)) {
            err.println("bench: --compare-fabric runs the dissemination scenario with one profile (not " + which.label()
                    + (compare ? ", not with --compare" : "") + ")");
            return ExitCodes.CANNOT_RUN;
        }
        if (compareFabric != null && !java.nio.file.Files.isExecutable(compareFabric)) {
            err.println("bench: --compare-fabric " + compareFabric + ": no executable fabric-gossip-node there (it ships in "
                    + "../shared/fabric-gossip/)");
            return ExitCodes.CANNOT_RUN;
        }
        if (compareFabric != null && !noOrderer && !io.ledgergossip.fixture.fabric.OrdererKit.present(ordererKit)) {
            err.println("bench: --orderer-kit " + ordererKit + ": no Fabric orderer kit there (start.sh, bin/orderer); "
                    + "--no-orderer leaves that row out");
            return ExitCodes.CANNOT_RUN;
        }
        boolean longLedger = which == BenchRunner.Scenario.CATCHUP || which == BenchRunner.Scenario.RECOVER;
        Options.fitsInHeap(spec, blocks != null ? blocks : longLedger ? 10_000 : 200,
                blockBytes != null ? blockBytes : 64 * 1024);
        Path dir = out != null ? out : Path.of("bench-results",
                which.label() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        BenchRunner runner;
        try {
            NetworkConfig network = NetworkConfigLoader.load(Bundled.resolve(config));
            if (LedgerGossipOnly.refusal(network) != null) {
                err.println("bench: " + LedgerGossipOnly.refusal(network));
                return ExitCodes.CANNOT_RUN;
            }
            int maxMessageSize = io.ledgergossip.config.GossipSettings.from(profiles.get(0).applyTo(network.gossip())).transport()
                    .maxMessageSize();
            if (blockBytes != null && (long) blockBytes + FRAME_HEADROOM > maxMessageSize) {
                err.printf("bench: --block-bytes %d does not fit a gossip message: peer.gossip.maxMessageSize is %d (leave %d bytes "
                        + "for the envelope, or raise it with --set peer.gossip.maxMessageSize=...)%n", blockBytes, maxMessageSize,
                        FRAME_HEADROOM);
                return ExitCodes.CANNOT_RUN;
            }
            if (loss != null && (network.peers().size() > io.ledgergossip.bench.Simulator.MAX_WHOLE_NODES
                    || network.orgs().stream().map(o -> o.peers().size()).distinct().count() > 1)) {
                err.println("bench: --loss runs " + config + " as whole in-memory nodes: it needs orgs of one size and at most "
                        + io.ledgergossip.bench.Simulator.MAX_WHOLE_NODES + " peers");
                return ExitCodes.CANNOT_RUN;
            }
            if (longLedger && network.firstOrgs(1).peers().size() < 2) {
                err.println("bench: " + which.label() + " needs at least 2 peers in the first org of " + config
                        + " (one serves, one joins or is repaired)");
                return ExitCodes.CANNOT_RUN;
            }
            RunDirectory run = RunDirectory.claim(dir, "bench");
            run.entry("work");
            run.entry("report.json");
            run.entry("report.html");
            runner = new BenchRunner(network, dir, new Progress(System.err, !noProgress));
        } catch (RunDirectory.RefusedException e) {
            err.println("bench: --out: " + e.getMessage());
            return ExitCodes.CANNOT_RUN;
        } catch (ConfigException | IOException e) {
            err.println("bench: " + UserErrors.describe(e));
            return ExitCodes.CANNOT_RUN;
        }
        BenchRunner.Sizes sizes = new BenchRunner.Sizes(blocks, blockBytes, interval, step, sync, rawBlocks, loadSteps, loss);
        BenchReport report = compareFabric != null
                ? runner.runAgainstFabric(profiles.get(0), sizes, new BenchRunner.FabricComparison(compareFabric, peers,
                        noOrderer ? null : ordererKit))
                : runner.run(which, profiles, sizes);
        report.write(dir);
        report.printTable(stdout);
        stdout.printf("report: %s, %s%n", dir.resolve("report.json"), dir.resolve("report.html"));
        return ExitCodes.OK;
    }
}
