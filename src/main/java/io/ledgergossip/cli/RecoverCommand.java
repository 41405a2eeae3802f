package io.ledgergossip.cli;

import io.ledgergossip.fixture.network.ConfigException;
import io.ledgergossip.identity.IdentityException;
import io.ledgergossip.ledger.BlockFileReader;
import io.ledgergossip.ledger.ChannelConfig;
import io.ledgergossip.ledger.FabricLedgerDirectory;
import io.ledgergossip.ledger.LedgerFormatException;
import io.ledgergossip.recovery.BackupDirectory;
import io.ledgergossip.recovery.BlockSupply;
import io.ledgergossip.recovery.LedgerRepair;
import io.ledgergossip.recovery.RepairException;
import io.ledgergossip.recovery.RepairOutcome;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hyperledger.fabric.protos.common.Common.Block;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recover PATH}: repairs a damaged Fabric peer ledger with blocks fetched from peers or another copy. */
@Command(name = "recover", mixinStandardHelpOptions = true,
        footerHeading = "%nExamples:%n",
        footer = "  java -jar target/ledger-gossip.jar recover /var/hyperledger/production --from 10.0.0.5:7051,10.0.0.6:7051 "
                + "--config network.yaml --peer peer0.org1.example.com --crypto crypto-config%n"
                + "  java -jar target/ledger-gossip.jar recover /var/hyperledger/production/ledgersData/chains/chains/mychannel "
                + "--from-ledger /backup/production --dry-run%n",
        description = {
            "Repairs the block files of the Fabric ledgers at PATH (a peer's file system path, ledgersData, or one channel "
                    + "directory). For each channel it finds the first block that is missing, unreadable or fails verify's checks, "
                    + "fetches that block and every later one the sources hold, checks each (its place in the hash chain, its data "
                    + "hash and transactions, the orderer's signature against the ordering orgs of the channel's config blocks), and "
                    + "writes them after the last good block exactly as Fabric's block store lays them out.",
            "Sources: peers of the channel, ledger-gossip's or Fabric's, over Fabric's gossip state transfer (--from, with the "
                    + "identity of a peer of --config), or another copy of the ledger (--from-ledger).",
            "The originals of the files it changes go to --backup first; the repair is committed as a whole, so an interruption "
                    + "leaves the original files or the repaired ones (run recover again to finish a repair interrupted after its "
                    + "commit). Stop the peer first; afterwards run `peer node rebuild-dbs` before starting it."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:repaired, or nothing to repair", "1:not repairable (no source holds the blocks, or a source served a "
                + "forged block): nothing was written", ExitCodes.LIST_CANNOT_RUN})
final class RecoverCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "PATH", description = "The damaged ledger: a peer's file system path, ledgersData, or a channel directory.")
    private Path path;

    @Option(names = "--from", paramLabel = "ENDPOINTS", description = "Peers of the channel to fetch blocks from: HOST:PORT[,HOST:PORT...].")
    private String from;

    @Option(names = "--from-ledger", paramLabel = "DIR", description = "Another copy of the ledger (a backup, another peer's disk); only read.")
    private Path fromLedger;

    @Option(names = "--config", paramLabel = "CONFIG", description = "Network config naming the peer whose identity asks the peers.")
    private Path config;

    @Option(names = "--peer", paramLabel = "NAME", description = "That peer (the one being repaired, stopped, is a good choice).")
    private String peer;

    @Option(names = "--crypto", paramLabel = "DIR", description = "The network's crypto material in cryptogen's layout "
            + "(default: target/network-NAME/crypto, where `network up` writes it).")
    private Path crypto;

    @Option(names = "--dry-run", description = "Fetch and check the blocks, report what would change, write nothing.")
    private boolean dryRun;

    @Option(names = "--backup", paramLabel = "DIR", description = "Where the originals of changed files go, one directory per repair "
            + "(default: PATH-recover-backups beside PATH).")
    private Path backup;

    @Option(names = "--response-timeout", defaultValue = "3s", paramLabel = "DURATION",
            description = "How long a peer may take to answer a range (peer.gossip.state.responseTimeout; default ${DEFAULT-VALUE}).")
    private Duration responseTimeout;

    @Option(names = "--max-blockfile-bytes", defaultValue = "67108864", paramLabel = "BYTES",
            description = "Fabric's block file size limit, ledger.blockchain maxBlockfileSize (default ${DEFAULT-VALUE}, 64 MiB).")
    private long maxFileBytes;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Options.between(spec, "--max-blockfile-bytes", maxFileBytes, 1024, 1L << 40);
        Options.between(spec, "--response-timeout", responseTimeout.toMillis(), 10, 600_000);
        List<FabricLedgerDirectory.ChannelLedger> channels;
        RecoverSources sources;
        Path backupRoot;
        try {
            if (!Files.isDirectory(path)) {
                throw new IllegalArgumentException(path + (Files.exists(path) ? " is not a directory" : " does not exist"));
            }
            channels = FabricLedgerDirectory.find(path);
            if (channels.isEmpty()) {
                throw new IllegalArgumentException(path + " holds no Fabric block files (blockfile_NNNNNN)");
            }
            sources = RecoverSources.check(from, fromLedger, config, peer, crypto, responseTimeout);
            for (FabricLedgerDirectory.ChannelLedger channel : channels) {
                checkCopy(sources, channel);
            }
            Path absolute = path.toAbsolutePath().normalize();
            backupRoot = backup != null ? backup : absolute.resolveSibling(absolute.getFileName() + "-recover-backups");
            String problem = BackupDirectory.problem(backupRoot);
            if (problem != null && !dryRun) {
                throw new IllegalArgumentException("--backup: " + backupRoot + " " + problem);
            }
        } catch (IllegalArgumentException | IOException | ConfigException | IdentityException e) {
            err.println("recover: " + UserErrors.describe(e));
            return ExitCodes.CANNOT_RUN;
        }
        int exit = ExitCodes.OK;
        boolean changed = false;
        for (FabricLedgerDirectory.ChannelLedger channel : channels) {
            Path dir = channel.blockFiles().get(0).toAbsolutePath().getParent();
            String channelId = channelId(channel, sources);
            try (BlockSupply supply = sources.open(channel.name(), channelId)) {
                RepairOutcome outcome = new LedgerRepair(dir, supply, sources.networkOrderers(), backupRoot, maxFileBytes, dryRun).run();
                RecoverReport.print(out, outcome, supply);
                changed |= outcome.changed();
            } catch (RepairException e) {
                err.println("recover: " + channel.name() + ": not repairable: " + e.getMessage() + "; nothing was written");
                exit = Math.max(exit, ExitCodes.FOUND_PROBLEMS);
            } catch (IOException | LedgerFormatException | RuntimeException e) {
                err.println("recover: " + channel.name() + ": " + UserErrors.describe(e));
                exit = ExitCodes.CANNOT_RUN;
            }
            out.flush();
        }
        if (changed) {
            RecoverReport.nextSteps(out);
        }
        out.flush();
        return exit;
    }

    /** --from-ledger must hold the channel, and must not be the ledger being repaired. */
    private void checkCopy(RecoverSources sources, FabricLedgerDirectory.ChannelLedger channel) throws IOException {
        if (!sources.fromLedger()) {
            return;
        }
        Optional<FabricLedgerDirectory.ChannelLedger> copy = sources.copyOf(channel.name());
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("--from-ledger: " + fromLedger + " holds no ledger of channel " + channel.name());
        }
        Path copyDir = copy.get().blockFiles().get(0).toRealPath().getParent();
        if (copyDir.equals(channel.blockFiles().get(0).toRealPath().getParent())) {
            throw new IllegalArgumentException("--from-ledger: " + fromLedger + " is the ledger being repaired, not another copy");
        }
    }

    /** What peers call the channel: its genesis config block's channel ID, else --config's channel, else the directory's name. */
    private static String channelId(FabricLedgerDirectory.ChannelLedger channel, RecoverSources sources) {
        try (BlockFileReader reader = BlockFileReader.open(channel.blockFiles().get(0))) {
            Optional<Block> genesis = reader.next();
            if (genesis.isPresent() && ChannelConfig.isConfigBlock(genesis.get())) {
                return ChannelConfig.of(genesis.get()).channel();
            }
        } catch (IOException | LedgerFormatException e) {
            // the scan says what is wrong with block 0
        }
        return sources.networkChannel().orElse(channel.name());
    }
}
