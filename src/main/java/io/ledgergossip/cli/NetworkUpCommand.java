package io.ledgergossip.cli;

import io.ledgergossip.dissemination.DisseminationCounters;
import io.ledgergossip.fixture.network.ConfigException;
import io.ledgergossip.fixture.network.LocalNetwork;
import io.ledgergossip.fixture.network.LocalNetwork.RunningPeer;
import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkConfigLoader;
import io.ledgergossip.fixture.network.NetworkCrypto;
import io.ledgergossip.util.Hex;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code network up}: the main job. Every peer of a network config in this JVM (Netty + TLS on
 * loopback, a RocksDB store each), a fixture orderer cutting blocks, one peer stopped and
 * restarted and one late joiner with an empty ledger during the run, and a check at the end that
 * every peer holds the same chain and the same world state.
 */
@Command(name = "network", mixinStandardHelpOptions = true, description = "Fixture networks.",
        subcommands = NetworkUpCommand.Up.class)
final class NetworkUpCommand {
    private static final String MARKER = ".ledger-gossip-network";

    @Command(name = "up", mixinStandardHelpOptions = true,
            description = {"Starts every peer of CONFIG in this JVM, cuts blocks, stops and restarts one peer and starts a "
                    + "late joiner during the run, then checks that all peers converged.",
                "Ends with 'converged: P peers, height H, head <hex>, state <hex>' and exit 0, or exit 1 naming the peers that did not."})
    static final class Up implements java.util.concurrent.Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "CONFIG", arity = "0..1", defaultValue = "network-config/default.yaml",
                description = "Network config (default ${DEFAULT-VALUE}).")
        private Path configFile;

        @Option(names = "--blocks", defaultValue = "60", description = "Blocks the orderer cuts (default ${DEFAULT-VALUE}).")
        private int blocks;

        @Option(names = "--block-interval", defaultValue = "100ms", description = "Time between blocks (default ${DEFAULT-VALUE}).")
        private String blockInterval;

        @Option(names = "--txs-per-block", defaultValue = "10", description = "Transactions per block (default ${DEFAULT-VALUE}).")
        private int txsPerBlock;

        @Option(names = "--data", paramLabel = "DIR", description = "Where crypto material and stores go (default target/network-NAME; a previous run there is replaced).")
        private Path data;

        @Option(names = "--timeout", defaultValue = "120s", description = "How long to wait for convergence (default ${DEFAULT-VALUE}).")
        private String timeout;

        private PrintWriter out;

        @Override
        public Integer call() throws Exception {
            out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            NetworkConfig config;
            try {
                config = NetworkConfigLoader.load(configFile);
            } catch (ConfigException | IOException e) {
                err.println("network up: " + e.getMessage());
                return ExitCodes.CANNOT_RUN;
            }
            Path dir = data != null ? data : Path.of("target", "network-" + config.name());
            if (!prepare(dir, err)) {
                return ExitCodes.CANNOT_RUN;
            }
            Duration interval = io.ledgergossip.config.Durations.parse(blockInterval);
            NetworkCrypto.generate(config, dir.resolve("crypto"), Instant.now(), Duration.ofDays(7));
            List<NetworkConfig.Peer> ordinary = config.peers().stream().filter(p -> !p.superNode()).toList();
            String restarted = ordinary.get(0).name();
            String lateJoiner = ordinary.size() > 1 ? ordinary.get(ordinary.size() - 1).name() : null;
            out.printf("network %s: %d orgs, %d peers (%d super nodes), %d blocks every %s; data in %s%n", config.name(),
                    config.orgs().size(), config.peers().size(), config.superNodes().size(), blocks, blockInterval, dir);
            try (LocalNetwork network = new LocalNetwork(config, dir, dir.resolve("crypto"), txsPerBlock, 200)) {
                for (NetworkConfig.Peer p : config.peers()) {
                    if (!p.name().equals(lateJoiner)) {
                        network.start(p.name());
                    }
                }
                long started = System.nanoTime();
                long nextProgress = started;
                for (int i = 1; i <= blocks; i++) {
                    network.orderer().cut();
                    if (i == blocks / 3) {
                        out.printf("stopping %s%n", restarted);
                        network.stop(restarted);
                    }
                    if (lateJoiner != null && i == blocks / 2) {
                        out.printf("late joiner %s starts with an empty ledger%n", lateJoiner);
                        network.start(lateJoiner);
                    }
                    if (i == 2 * blocks / 3) {
                        out.printf("restarting %s from its RocksDB store%n", restarted);
                        network.start(restarted);
                    }
                    if (System.nanoTime() >= nextProgress) {
                        progress(network, i, started);
                        nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                    }
                    TimeUnit.NANOSECONDS.sleep(interval.toNanos()); // the orderer's pace, not a wait for a protocol event
                }
                long deadline = System.nanoTime() + io.ledgergossip.config.Durations.parse(timeout).toNanos();
                while (!network.running().stream().allMatch(p -> p.node().height() >= blocks) && System.nanoTime() < deadline) {
                    progress(network, blocks, started);
                    TimeUnit.MILLISECONDS.sleep(500); // refresh of the progress line
                }
                progress(network, blocks, started);
                return summary(network, config);
            }
        }

        private boolean prepare(Path dir, PrintWriter err) throws IOException {
            if (Files.exists(dir)) {
                boolean ours = Files.exists(dir.resolve(MARKER));
                boolean empty;
                try (Stream<Path> entries = Files.list(dir)) {
                    empty = entries.findAny().isEmpty();
                }
                if (!ours && !empty) {
                    err.println("network up: " + dir + " holds something that is not a previous network run; choose another --data");
                    return false;
                }
                try (Stream<Path> all = Files.walk(dir)) {
                    for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(MARKER), "ledger-gossip network up\n");
            return true;
        }

        private void progress(LocalNetwork network, int cut, long started) {
            double seconds = (System.nanoTime() - started) / 1e9;
            StringBuilder line = new StringBuilder(String.format("[%5.1fs] orderer %d/%d |", seconds, cut, blocks));
            for (NetworkConfig.Org org : network.config().orgs()) {
                long[] heights = network.running().stream().filter(p -> p.spec().org().equals(org.name()))
                        .mapToLong(p -> p.node().height()).toArray();
                long min = Arrays.stream(heights).min().orElse(0);
                int filled = blocks == 0 ? 10 : (int) Math.min(10, min * 10 / blocks);
                line.append(String.format(" %s %s%s %d", org.name(), "#".repeat(filled), ".".repeat(10 - filled), min));
            }
            long committed = network.running().stream().mapToLong(p -> p.node().height()).min().orElse(0);
            line.append(String.format(" | peers up %d/%d | %.1f blocks/s", network.running().size(),
                    network.config().peers().size(), seconds > 0 ? committed / seconds : 0));
            out.println(line);
            out.flush();
        }

        private int summary(LocalNetwork network, NetworkConfig config) throws Exception {
            out.printf("%-28s %7s  %-16s %-16s %6s %6s %6s%n", "peer", "height", "head", "state", "push", "pull", "state");
            byte[] head = null;
            byte[] state = null;
            boolean agree = true;
            for (RunningPeer p : network.running()) {
                DisseminationCounters c = onNodeThread(p);
                byte[] h = p.store().lastHeaderHash();
                byte[] s = p.store().stateHash();
                out.printf("%-28s %7d  %-16s %-16s %6d %6d %6d%n", p.spec().name(), p.node().height(), Hex.of(h).substring(0, 16),
                        Hex.of(s).substring(0, 16), c.blocksByPush(), c.blocksByPull(), c.blocksByStateTransfer());
                if (head == null) {
                    head = h;
                    state = s;
                }
                agree &= p.node().height() == blocks && Arrays.equals(h, head) && Arrays.equals(s, state);
            }
            if (agree && network.running().size() == config.peers().size()) {
                out.printf("converged: %d peers, height %d, head %s, state %s%n", network.running().size(), blocks,
                        Hex.of(head), Hex.of(state));
                return ExitCodes.OK;
            }
            out.println("NOT converged: see the table above");
            return ExitCodes.FOUND_PROBLEMS;
        }

        private static DisseminationCounters onNodeThread(RunningPeer p) throws Exception {
            CompletableFuture<DisseminationCounters> counters = new CompletableFuture<>();
            p.scheduler().execute(() -> counters.complete(p.node().dissemination().counters()));
            return counters.get(10, TimeUnit.SECONDS);
        }
    }
}
