package io.ledgergossip.cli;

import io.ledgergossip.fixture.network.ConfigException;
import io.ledgergossip.fixture.network.LocalNetwork;
import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkConfigLoader;
import io.ledgergossip.fixture.network.NetworkCrypto;
import io.ledgergossip.fixture.replay.FabricLedgerReplay;
import io.ledgergossip.fixture.replay.FabricWrites;
import io.ledgergossip.ledger.BlockHashing;
import io.ledgergossip.ledger.LedgerFormatException;
import io.ledgergossip.util.Hex;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.protos.common.Common.Block;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code replay LEDGER}: a real Fabric ledger's blocks fed into a fixture network as its block source. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Feeds the blocks of a real Fabric ledger (a block file, a channel directory or a peer's file system "
                + "path) into a fixture network in this JVM, as its orderer would: the ledger is verified first, the orderer "
                + "org's CA is read from its genesis config block, and peers keep the public writes of the transactions the "
                + "ledger marks valid.",
            "Ends like network up; converged also requires every peer's head to be the ledger's own last block."},
        footerHeading = "%nExample:%n",
        footer = "  java -jar target/ledger-gossip.jar replay ../shared/fabric-ledgers/sample_prod --rate 50%n",
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:every peer holds the ledger's chain and state", "1:the ledger does not verify, or a peer did not converge",
            ExitCodes.LIST_CANNOT_RUN})
final class ReplayCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "LEDGER", description = "Fabric block file or ledger directory.")
    private Path ledger;

    @Option(names = "--config", defaultValue = "network-config/default.yaml", description = "Network (default ${DEFAULT-VALUE}).")
    private Path configFile;

    @Option(names = "--rate", defaultValue = "20", description = "Blocks per second fed in (default ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--data", paramLabel = "DIR", description = "Where crypto material and stores go (default target/replay-NAME; "
            + "a new or empty directory, or an earlier run's, whose own files are replaced).")
    private Path data;

    @Option(names = "--timeout", defaultValue = "60s", description = "How long to wait for convergence (default ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Options.between(spec, "--rate", rate, 1, 10_000);
        NetworkConfig config;
        FabricLedgerReplay replay;
        try {
            config = NetworkConfigLoader.load(Bundled.resolve(configFile));
            replay = FabricLedgerReplay.load(ledger);
        } catch (ConfigException | IOException e) {
            err.println("replay: " + UserErrors.describe(e));
            return ExitCodes.CANNOT_RUN;
        } catch (LedgerFormatException e) {
            err.println("replay: " + e.getMessage());
            return ExitCodes.FOUND_PROBLEMS;
        }
        if (LedgerGossipOnly.refusal(config) != null) {
            err.println("replay: " + LedgerGossipOnly.refusal(config));
            return ExitCodes.CANNOT_RUN;
        }
        Path dir = data != null ? data : Path.of("target", "replay-" + config.name());
        if (RunDirectory.claimForNetwork(dir, "replay", config, err) == null) {
            return ExitCodes.CANNOT_RUN;
        }
        NetworkCrypto.generate(config, dir.resolve("crypto"), Instant.now(), Duration.ofDays(7));
        List<Block> blocks = replay.blocks();
        out.printf("replaying %d blocks of channel %s (orderer orgs %s) into %s, %d blocks/s%n", blocks.size(), replay.channel(),
                replay.ordererOrgs().mspIds(), config.name(), rate);
        LocalNetwork network = new LocalNetwork(config, dir, dir.resolve("crypto"), replay, new FabricWrites(),
                replay.ordererOrgs(), replay.ordererOrgs().mspIds());
        network.trustGenesis(BlockHashing.headerHash(blocks.get(0).getHeader())); // the peers join the channel with it
        try (Fleet fleet = new InProcessFleet(network)) {
            for (NetworkConfig.Peer p : config.peers()) {
                fleet.start(p.name());
            }
            long started = System.nanoTime();
            while (replay.publishNext()) {
                TimeUnit.MILLISECONDS.sleep(1000 / rate); // the replay's pace, not a wait for a protocol event
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            Map<String, Fleet.PeerStatus> statuses = fleet.statuses();
            while (!statuses.values().stream().allMatch(s -> s.height() >= blocks.size()) && System.nanoTime() < deadline) {
                NetworkReport.progress(out, config, statuses, blocks.size(), blocks.size(), started);
                TimeUnit.MILLISECONDS.sleep(500); // refresh of the progress line
                statuses = fleet.statuses();
            }
            NetworkReport.progress(out, config, statuses, blocks.size(), blocks.size(), started);
            String ledgerHead = Hex.of(BlockHashing.headerHash(blocks.get(blocks.size() - 1).getHeader()));
            out.printf("the ledger's own head: %s%n", ledgerHead);
            return NetworkReport.summary(out, config, statuses, blocks.size(), NetworkReport.singleProcessState(blocks, new FabricWrites()), ledgerHead);
        }
    }
}
