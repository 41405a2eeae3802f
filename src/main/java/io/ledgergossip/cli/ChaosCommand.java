package io.ledgergossip.cli;

import io.ledgergossip.fixture.chaincode.BatchCutter.BatchConfig;
import io.ledgergossip.fixture.chaincode.ChaincodeOrderer;
import io.ledgergossip.fixture.chaincode.ChaincodeSpec;
import io.ledgergossip.fixture.chaincode.MvccValidation;
import io.ledgergossip.fixture.chaos.ChaosFaults;
import io.ledgergossip.fixture.chaos.ChaosPlan;
import io.ledgergossip.fixture.chaos.FaultMode;
import io.ledgergossip.fixture.chaos.LedgerAudit;
import io.ledgergossip.fixture.chaos.ProxiedNetwork;
import io.ledgergossip.fixture.network.ConfigException;
import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkConfigLoader;
import io.ledgergossip.fixture.network.NetworkCrypto;
import io.ledgergossip.fixture.network.OrdererService;
import io.ledgergossip.ledger.BlockHashing;
import io.ledgergossip.time.ExecutorScheduler;
import io.ledgergossip.transport.netty.FaultProxy;
import io.ledgergossip.util.Hex;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code chaos}: real peer processes under SIGKILLs, partitions, loss and delay while the orderer
 * cuts blocks; at the end every peer must hold every block and the same state.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"Runs every peer of CONFIG as its own process (Netty + TLS, RocksDB) while the orderer cuts blocks, "
                + "and injects faults on a schedule drawn from the seed: SIGKILLs and restarts of peers (super nodes "
                + "included; some while they catch up), partitions that cut a minority off and heal, and windows of "
                + "loss, delay and jitter on every link (through a fault-injecting proxy on loopback).",
            "Then it stops the faults, waits for convergence, stops the peers, reads every store back, and prints the "
                + "table. Exit 0 only when no block was lost and no peer diverged; 1 otherwise; 2 when it cannot run."},
        footerHeading = "%nExample:%n",
        footer = "  java -jar target/ledger-gossip.jar chaos network-config/chaos.yaml --minutes 1 --seed 7%n",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:no block lost, every peer converged", "1:a block was lost or a peer diverged", ExitCodes.LIST_CANNOT_RUN})
final class ChaosCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "CONFIG", arity = "0..1", defaultValue = "network-config/chaos.yaml",
            description = "Network config (default ${DEFAULT-VALUE}).")
    private Path configFile;

    @Option(names = "--minutes", defaultValue = "2", description = "How long faults are injected (default ${DEFAULT-VALUE}; fractions allowed).")
    private double minutes;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the fault schedule (default ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--kills", description = "SIGKILLs in the run (default: 10 per minute, at least 10).")
    private Integer kills;

    @Option(names = "--chaincode", defaultValue = "chaincode-fixtures/asset-transfer-basic.yaml", paramLabel = "FIXTURE",
            description = "Chaincode fixture the orderer cuts blocks of (default ${DEFAULT-VALUE}).")
    private Path chaincode;

    @Option(names = "--data", paramLabel = "DIR", description = "Where crypto material, stores and logs go (default target/chaos-NAME; a previous run there is replaced).")
    private Path data;

    @Option(names = "--timeout", defaultValue = "120s", description = "How long to wait for convergence after the last fault (default ${DEFAULT-VALUE}).")
    private Duration timeout;

    private PrintWriter out;

    /** One SIGKILL as it happened: how far behind the orderer the victim's last status was (-1: it had not reported yet). */
    private record KillRecord(String peer, long lagBlocks, boolean plannedWhileCatchingUp) {}

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        NetworkConfig config;
        ChaincodeSpec fixture;
        Options.between(spec, "--minutes", minutes, 0.05, 24 * 60);
        if (kills != null) {
            Options.between(spec, "--kills", kills, 0, 100_000);
        }
        try {
            configFile = Bundled.resolve(configFile);
            config = NetworkConfigLoader.load(configFile);
            fixture = ChaincodeSpec.load(Bundled.resolve(chaincode));
        } catch (ConfigException | IOException | IllegalArgumentException e) {
            err.println("chaos: " + UserErrors.describe(e));
            return ExitCodes.CANNOT_RUN;
        }
        if (LedgerGossipOnly.refusal(config) != null) {
            err.println("chaos: " + LedgerGossipOnly.refusal(config));
            return ExitCodes.CANNOT_RUN;
        }
        Duration length = Duration.ofMillis((long) (minutes * 60_000));
        int killCount = kills != null ? kills : Math.max(10, (int) Math.round(minutes * 10));
        List<String> names = config.peers().stream().map(NetworkConfig.Peer::name).toList();
        ChaosPlan plan;
        try {
            plan = ChaosPlan.draw(names, length, killCount, seed);
        } catch (IllegalArgumentException e) {
            err.println("chaos: " + e.getMessage());
            return ExitCodes.CANNOT_RUN;
        }
        Path dir = (data != null ? data : Path.of("target", "chaos-" + config.name())).toAbsolutePath();
        RunDirectory run = RunDirectory.claimForNetwork(dir, "chaos", config, err);
        if (run == null) {
            return ExitCodes.CANNOT_RUN;
        }
        String whyNoNetem = FaultMode.whyNoNetem();
        out.printf("faults: fault-injecting proxy on loopback (%s)%n", whyNoNetem == null
                ? "network namespaces with tc netem would work here, but this build injects faults with the proxy"
                : "network namespaces with tc netem unavailable: " + whyNoNetem);
        NetworkCrypto.generate(config, dir.resolve("crypto"), Instant.now(), Duration.ofDays(7));
        ProxiedNetwork proxied = ProxiedNetwork.write(configFile, config, run.entry("chaos-network.yaml"));
        ChaincodeOrderer orderer = new ChaincodeOrderer(fixture, seed, NetworkCrypto.ordererIdentity(config, dir.resolve("crypto")),
                BatchConfig.sample(), config.channel());
        out.printf("chaos on %s: %d peers as processes, %.1f min of faults, seed %d: %d kills, %d partitions, %d loss/delay windows%n",
                config.name(), names.size(), minutes, seed, plan.kills(), plan.partitions(),
                plan.events().stream().filter(e -> e instanceof ChaosPlan.Degrade).count());
        ChaosFaults faults = new ChaosFaults();
        List<KillRecord> killed = new ArrayList<>();
        long lastFaultNanos;
        Map<String, Fleet.PeerStatus> last;
        int height;
        long convergeNanos;
        try (FaultProxy proxy = new FaultProxy(proxied.routes(), proxied.peerBySourceHost(), faults, System::nanoTime, seed)) {
            proxy.start();
            OrdererService service = new OrdererService(config, orderer,
                    NetworkCrypto.validator(config, dir.resolve("crypto"), ExecutorScheduler.systemClock()));
            try (ProcessFleet fleet = new ProcessFleet(proxied.config(), dir, service)) {
                for (String peer : names) {
                    fleet.start(peer);
                }
                if (!awaitAllUp(fleet, names.size(), Duration.ofSeconds(120))) {
                    err.println("chaos: the peers did not all start within 120 s; see " + dir.resolve("logs"));
                    return ExitCodes.CANNOT_RUN;
                }
                out.printf("all %d peers up; faults begin%n", names.size());
                long started = System.nanoTime();
                long nextProgress = started;
                int next = 0;
                List<ChaosPlan.Event> events = plan.events();
                while (next < events.size() || System.nanoTime() - started < length.toNanos()) {
                    TimeUnit.MILLISECONDS.sleep(10); // the orderer's clock ticks; faults fire when due
                    orderer.advanceTo(System.currentTimeMillis());
                    long elapsed = System.nanoTime() - started;
                    while (next < events.size() && events.get(next).at().toNanos() <= elapsed) {
                        apply(events.get(next++), fleet, faults, proxy, orderer, killed);
                    }
                    if (System.nanoTime() >= nextProgress) {
                        NetworkReport.progress(out, config, fleet.statuses(), orderer.blocks().size(), orderer.blocks().size(), started);
                        nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                    }
                }
                faults.heal();
                faults.restore();
                lastFaultNanos = System.nanoTime();
                height = orderer.blocks().size(); // the orderer stops cutting here
                String head = Hex.of(BlockHashing.headerHash(orderer.blocks().get(height - 1).getHeader()));
                out.printf("faults over: the orderer stops at height %d; waiting for every peer%n", height);
                long deadline = lastFaultNanos + timeout.toNanos();
                while (!converged(fleet.statuses(), names.size(), height, head) && System.nanoTime() < deadline) {
                    TimeUnit.MILLISECONDS.sleep(100); // status lines come every half second
                }
                convergeNanos = System.nanoTime() - lastFaultNanos;
                last = fleet.statuses();
                NetworkReport.progress(out, config, last, height, height, started);
                out.printf("proxy: %s%n", proxy.counters());
                FaultProxy.Counters c = proxy.counters();
                boolean converged = converged(last, names.size(), height, head);
                fleet.close(); // SIGTERM: each store closes; then they are read back
                String expectedState = NetworkReport.singleProcessState(orderer.blocks(), new MvccValidation());
                return report(config, dir, orderer, plan, killed, c, last, height, head, expectedState,
                        converged ? convergeNanos : -1);
            }
        }
    }

    private void apply(ChaosPlan.Event event, ProcessFleet fleet, ChaosFaults faults, FaultProxy proxy, ChaincodeOrderer orderer,
            List<KillRecord> killed) throws Exception {
        if (event instanceof ChaosPlan.Kill k) {
            Fleet.PeerStatus status = fleet.statuses().get(k.peer());
            boolean starting = status == null || ProcessFleet.starting(status);
            long lag = starting ? -1 : orderer.blocks().size() - status.height();
            out.printf("kill -9 %s (%s%s)%n", k.peer(), starting ? "still starting" : lag + " blocks behind the orderer",
                    k.catchingUp() ? ", just restarted" : "");
            fleet.crash(k.peer());
            killed.add(new KillRecord(k.peer(), lag, k.catchingUp()));
        } else if (event instanceof ChaosPlan.Restart r) {
            out.printf("restart %s from its store%n", r.peer());
            fleet.start(r.peer());
        } else if (event instanceof ChaosPlan.Partition p) {
            out.printf("partition: %s cut off%n", String.join(", ", new java.util.TreeSet<>(p.minority())));
            faults.partition(p.minority());
            proxy.enforce();
        } else if (event instanceof ChaosPlan.Heal) {
            out.println("partition healed");
            faults.heal();
        } else if (event instanceof ChaosPlan.Degrade d) {
            out.printf("links degraded: loss %.2f%% of chunks, delay %d ms, jitter %d ms%n", d.loss() * 100, d.delay().toMillis(),
                    d.jitter().toMillis());
            faults.degrade(d.loss(), d.delay().toMillis(), d.jitter().toMillis());
        } else if (event instanceof ChaosPlan.Restore) {
            out.println("links restored");
            faults.restore();
        }
    }

    /** Waits until every peer has reported its first status (its store is open and it listens). */
    private static boolean awaitAllUp(ProcessFleet fleet, int peers, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Fleet.PeerStatus> statuses = fleet.statuses();
            if (statuses.size() == peers && statuses.values().stream().noneMatch(ProcessFleet::starting)) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(100); // status lines come every half second
        }
        return false;
    }

    private static boolean converged(Map<String, Fleet.PeerStatus> statuses, int peers, int height, String head) {
        return statuses.size() == peers && statuses.values().stream().allMatch(s -> s.height() == height && s.head().equals(head));
    }

    private int report(NetworkConfig config, Path dir, ChaincodeOrderer orderer, ChaosPlan plan, List<KillRecord> killed,
            FaultProxy.Counters proxy, Map<String, Fleet.PeerStatus> last, int height, String head, String expectedState,
            long convergeNanos) {
        Map<String, LedgerAudit> audits = new LinkedHashMap<>();
        for (NetworkConfig.Peer p : config.peers()) {
            audits.put(p.name(), LedgerAudit.of(dir.resolve(p.dataDir()).resolve("store"), orderer.blocks()));
        }
        out.printf("%-28s %7s  %-16s %-16s %6s  %s%n", "peer", "height", "head", "state", "lost", "store read back");
        long lost = 0;
        int diverged = 0;
        for (Map.Entry<String, LedgerAudit> e : audits.entrySet()) {
            LedgerAudit a = e.getValue();
            boolean same = a.head().equals(head) && a.state().equals(expectedState);
            out.printf("%-28s %7d  %-16s %-16s %6d  %s%n", e.getKey(), a.height(), abbreviate(a.head()), abbreviate(a.state()),
                    a.blocksLost(), a.problem() != null ? a.problem() : same ? "every block once, chained, the orderer's" : "DIVERGED");
            lost += a.blocksLost();
            diverged += a.clean() && same ? 0 : 1;
        }
        out.printf("kills                         %d (%d planned right after a restart; %d while the victim was still starting, "
                + "%d while more than 1 block behind, %d while at most 1 behind)%n", killed.size(),
                killed.stream().filter(KillRecord::plannedWhileCatchingUp).count(), killed.stream().filter(k -> k.lagBlocks() < 0).count(),
                killed.stream().filter(k -> k.lagBlocks() > 1).count(),
                killed.stream().filter(k -> k.lagBlocks() >= 0 && k.lagBlocks() <= 1).count());
        out.printf("partitions                    %d%n", plan.partitions());
        out.printf("messages dropped              %d chunks lost with their connection, %d connections cut by partitions, %d refused%n",
                proxy.chunksDropped(), proxy.cut(), proxy.refused());
        out.printf("blocks cut                    %d (orderer: %d transactions, %d fail MVCC)%n", height, orderer.transactions(),
                orderer.invalidTransactions());
        out.printf("single-process state          %s%n", expectedState);
        out.printf("blocks lost                   %d%n", lost);
        out.printf("peers diverged                %d%n", diverged);
        out.printf("converged after last fault    %s%n", convergeNanos >= 0 ? String.format("%.1f s", convergeNanos / 1e9) : "NO (timed out)");
        boolean ok = lost == 0 && diverged == 0 && convergeNanos >= 0;
        out.println(ok ? "chaos: nothing lost, every peer converged" : "chaos: FAILED");
        return ok ? ExitCodes.OK : ExitCodes.FOUND_PROBLEMS;
    }

    private static String abbreviate(String hex) {
        return hex.length() > 16 ? hex.substring(0, 16) : hex;
    }
}
