package io.ledgergossip.cli;

import io.ledgergossip.fixture.chaincode.BatchCutter.BatchConfig;
import io.ledgergossip.fixture.chaincode.ChaincodeOrderer;
import io.ledgergossip.fixture.chaincode.ChaincodeSpec;
import io.ledgergossip.fixture.chaincode.MvccValidation;
import io.ledgergossip.fixture.network.ConfigException;
import io.ledgergossip.fixture.network.LocalNetwork;
import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkConfigLoader;
import io.ledgergossip.fixture.network.NetworkCrypto;
import io.ledgergossip.fixture.network.OrdererService;
import io.ledgergossip.fixture.fabric.FabricGossipNode;
import io.ledgergossip.ledger.BlockHashing;
import io.ledgergossip.time.ExecutorScheduler;
import io.ledgergossip.util.Hex;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    @Command(name = "up", mixinStandardHelpOptions = true,
            description = {"Starts every peer of CONFIG in this JVM, cuts blocks, stops and restarts one peer and starts a "
                    + "late joiner during the run, then checks that all peers converged.",
                "Ends with 'converged: P peers, height H, head <hex>, state <hex>' and exit 0, or exit 1 naming the peers that did not."},
            footerHeading = "%nExample:%n",
            footer = "  java -jar target/ledger-gossip.jar network up network-config/default.yaml --blocks 60 --processes%n",
            exitCodeListHeading = ExitCodes.HEADING,
            exitCodeList = {"0:every peer converged on the same chain and state", "1:some peer did not converge (named)",
                ExitCodes.LIST_CANNOT_RUN})
    static final class Up implements java.util.concurrent.Callable<Integer> {
        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "CONFIG", arity = "0..1", defaultValue = "network-config/default.yaml",
                description = "Network config (default ${DEFAULT-VALUE}).")
        private Path configFile;

        @Option(names = "--blocks", defaultValue = "60", description = "Blocks the orderer cuts (default ${DEFAULT-VALUE}).")
        private int blocks;

        @Option(names = "--chaincode", defaultValue = "chaincode-fixtures/asset-transfer-basic.yaml", paramLabel = "FIXTURE",
                description = "Chaincode fixture whose transactions the orderer cuts into blocks (default ${DEFAULT-VALUE}).")
        private Path chaincode;

        @Option(names = "--rate", paramLabel = "TX/S", description = "Transactions per second (default: the fixture's rate).")
        private Integer rate;

        @Option(names = "--data", paramLabel = "DIR", description = "Where crypto material and stores go (default target/network-NAME; a previous run there is replaced).")
        private Path data;

        @Option(names = "--timeout", defaultValue = "120s", description = "How long to wait for convergence (default ${DEFAULT-VALUE}).")
        private Duration timeout;

        @Option(names = "--processes", description = "One JVM per peer (ledger-gossip node), the orderer in this one; all are stopped at the end or on Ctrl-C.")
        private boolean processes;

        @Option(names = "--fabric-node", paramLabel = "PATH", description = "The Fabric gossip node that runs the config's Fabric peers "
                + "(implementation: fabric) (default ../shared/fabric-gossip/fabric-gossip-node).")
        private Path fabricNode;

        @Option(names = "--crypto", paramLabel = "DIR", description = "Run on existing crypto material in cryptogen's layout "
                + "(peerOrganizations/, ordererOrganizations/) instead of generating it; needed with ledgerGossip.orderer.external.")
        private Path crypto;

        private PrintWriter out;

        @Override
        public Integer call() throws Exception {
            out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            NetworkConfig config;
            try {
                configFile = Bundled.resolve(configFile);
                chaincode = Bundled.resolve(chaincode);
                config = NetworkConfigLoader.load(configFile);
            } catch (ConfigException | IOException e) {
                err.println("network up: " + e.getMessage());
                return ExitCodes.CANNOT_RUN;
            }
            Options.atLeast(spec, "--blocks", blocks, 1);
            if (rate != null) {
                Options.atLeast(spec, "--rate", rate, 1);
            }
            ChaincodeSpec fixture;
            try {
                fixture = ChaincodeSpec.load(chaincode);
            } catch (IOException | IllegalArgumentException e) {
                err.println("network up: --chaincode: " + UserErrors.describe(e));
                return ExitCodes.CANNOT_RUN;
            }
            Path fabricBinary = fabricNode != null ? fabricNode : FabricGossipNode.DEFAULT_BINARY;
            if (!config.fabricPeers().isEmpty() && !Files.isExecutable(fabricBinary)) {
                err.printf("network up: --fabric-node: %s is not an executable Fabric gossip node, and %s marks %d peers "
                        + "implementation: fabric%n", fabricBinary, configFile, config.fabricPeers().size());
                return ExitCodes.CANNOT_RUN;
            }
            if (config.externalOrderer() && (crypto == null || processes || !config.fabricPeers().isEmpty())) {
                err.println("network up: ledgerGossip.orderer.external in " + configFile + " needs --crypto DIR (the channel's own crypto "
                        + "material), in one JVM (no --processes) and without Fabric peers");
                return ExitCodes.CANNOT_RUN;
            }
            if (crypto != null && processes) {
                err.println("network up: --crypto runs the peers in this JVM (node processes read DATA/crypto): drop --processes");
                return ExitCodes.CANNOT_RUN;
            }
            if (crypto != null) {
                try {
                    NetworkCrypto.validator(config, crypto, ExecutorScheduler.systemClock());
                    for (NetworkConfig.Peer p : config.peers()) {
                        NetworkCrypto.peerIdentity(config, crypto, p);
                    }
                } catch (IOException | io.ledgergossip.identity.IdentityException e) {
                    err.println("network up: --crypto: " + UserErrors.describe(e));
                    return ExitCodes.CANNOT_RUN;
                }
            }
            String taken = ListenAddresses.firstTaken(config, processes);
            if (taken != null) {
                err.println("network up: " + taken);
                return ExitCodes.CANNOT_RUN;
            }
            Path dir = data != null ? data : Path.of("target", "network-" + config.name());
            if (RunDirectory.claimForNetwork(dir, "network up", config, err) == null) {
                return ExitCodes.CANNOT_RUN;
            }
            if (config.externalOrderer()) {
                return ExternalOrdererRun.run(out, config, dir, crypto.toAbsolutePath(), blocks, timeout);
            }
            if (rate != null) {
                fixture = new ChaincodeSpec(fixture.name(), fixture.kind(), fixture.keySpace(), fixture.valueBytes(), fixture.mix(),
                        rate, fixture.endorsementLag());
            }
            Path cryptoDir = crypto != null ? crypto.toAbsolutePath() : dir.resolve("crypto");
            if (crypto == null) {
                NetworkCrypto.generate(config, cryptoDir, Instant.now(), Duration.ofDays(7));
            }
            // the crash, restart and late join are of ledger-gossip peers (a Fabric node keeps its ledger in memory)
            List<NetworkConfig.Peer> ordinary = config.peers().stream().filter(p -> !p.superNode() && !p.fabric()).toList();
            String restarted = ordinary.isEmpty() ? null : ordinary.get(0).name(); // a network of super nodes only: no crash
            String lateJoiner = ordinary.size() > 1 ? ordinary.get(ordinary.size() - 1).name() : null;
            BatchConfig batch = BatchConfig.sample();
            ChaincodeOrderer orderer = new ChaincodeOrderer(fixture, 1, NetworkCrypto.ordererIdentity(config, cryptoDir),
                    batch, config.channel());
            out.printf("network %s: %d orgs, %d peers (%d super nodes); chaincode %s at %d tx/s, blocks of up to %d tx or %s; "
                    + "%d blocks; data in %s%n", config.name(), config.orgs().size(), config.peers().size(),
                    config.superNodes().size(), fixture.name(), fixture.rate(), batch.maxMessageCount(), batch.batchTimeout(), blocks, dir);
            if (!config.fabricPeers().isEmpty()) {
                out.printf("Fabric peers: %d real Fabric gossip nodes (%s), the super nodes their orgs' anchor peers%n",
                        config.fabricPeers().size(), fabricBinary);
            }
            try (Fleet fleet = fleet(config, dir, orderer, fabricBinary)) {
                for (NetworkConfig.Peer p : config.peers()) {
                    if (!p.name().equals(lateJoiner) && !p.fabric()) {
                        fleet.start(p.name());
                    }
                }
                long started = System.nanoTime();
                long nextProgress = started;
                int done = 0;
                while (done < blocks) {
                    TimeUnit.MILLISECONDS.sleep(10); // the orderer's clock ticks; transactions arrive at the fixture's rate
                    int before = done;
                    orderer.advanceTo(System.currentTimeMillis());
                    done = Math.min(blocks, orderer.blocks().size());
                    for (int i = before + 1; i <= done; i++) {
                        schedule(fleet, i, restarted, lateJoiner);
                    }
                    if (fleet instanceof MixedFleet mixed && !mixed.hasGenesis() && !orderer.blocks().isEmpty()) {
                        mixed.genesis(orderer.blocks().get(0)); // Fabric nodes join the channel with its genesis block
                        for (NetworkConfig.Peer p : config.fabricPeers()) {
                            mixed.start(p.name());
                        }
                    }
                    if (System.nanoTime() >= nextProgress) {
                        NetworkReport.progress(out, config, fleet.statuses(), done, blocks, started);
                        nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
                    }
                }
                int height = orderer.blocks().size(); // the last tick may have cut a block or two more
                long deadline = System.nanoTime() + timeout.toNanos();
                while (!converged(config, fleet.statuses(), height) && System.nanoTime() < deadline) {
                    NetworkReport.progress(out, config, fleet.statuses(), height, blocks, started);
                    TimeUnit.MILLISECONDS.sleep(500); // refresh of the progress line
                }
                Map<String, Fleet.PeerStatus> last = fleet.statuses();
                NetworkReport.progress(out, config, last, height, blocks, started);
                out.printf("orderer: %d transactions, %d will fail MVCC (stale reads)%n", orderer.transactions(),
                        orderer.invalidTransactions());
                return NetworkReport.summary(out, config, last, height, NetworkReport.singleProcessState(orderer.blocks(), new MvccValidation()), null);
            }
        }

        /** The stop, restart and late join, at a third, half and two thirds of the run. */
        private void schedule(Fleet fleet, int i, String restarted, String lateJoiner) throws Exception {
            if (restarted != null && i == blocks / 3) {
                out.printf("crashing %s%n", restarted);
                fleet.crash(restarted);
            }
            if (lateJoiner != null && i == blocks / 2) {
                out.printf("late joiner %s starts with an empty ledger%n", lateJoiner);
                fleet.start(lateJoiner);
            }
            if (restarted != null && i == 2 * blocks / 3) {
                out.printf("restarting %s from its RocksDB store%n", restarted);
                fleet.start(restarted);
            }
        }

        private Fleet fleet(NetworkConfig config, Path dir, ChaincodeOrderer orderer, Path fabricBinary) throws Exception {
            Fleet ledgerGossip = ledgerGossipFleet(config, dir, orderer);
            if (config.fabricPeers().isEmpty()) {
                return ledgerGossip;
            }
            Path fabricDir = Files.createDirectories(dir.resolve("fabric"));
            return new MixedFleet(ledgerGossip, config, fabricBinary.toAbsolutePath(), cryptoDir(dir).toAbsolutePath(),
                    fabricDir.toAbsolutePath(), height -> Hex.of(BlockHashing.headerHash(orderer.blocks().get((int) height - 1).getHeader())));
        }

        private Fleet ledgerGossipFleet(NetworkConfig config, Path dir, ChaincodeOrderer orderer) throws Exception {
            if (!processes) {
                return new InProcessFleet(new LocalNetwork(config, dir, cryptoDir(dir), orderer));
            }
            OrdererService service = new OrdererService(config, orderer,
                    NetworkCrypto.validator(config, cryptoDir(dir), ExecutorScheduler.systemClock()));
            return new ProcessFleet(configFile.toAbsolutePath(), dir.toAbsolutePath(), service);
        }

        /** The crypto material: --crypto's, or what this run generates in its data directory. */
        private Path cryptoDir(Path dir) {
            return crypto != null ? crypto.toAbsolutePath() : dir.resolve("crypto");
        }

        private boolean converged(NetworkConfig config, Map<String, Fleet.PeerStatus> statuses, int height) {
            return statuses.size() == config.peers().size() && statuses.values().stream().allMatch(s -> s.height() >= height);
        }

    }
}
