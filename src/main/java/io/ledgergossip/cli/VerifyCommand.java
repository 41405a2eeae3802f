package io.ledgergossip.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgergossip.ledger.BlockCheck;
import io.ledgergossip.ledger.BlockSequence;
import io.ledgergossip.ledger.FabricLedgerDirectory;
import io.ledgergossip.ledger.LedgerFormatException;
import io.ledgergossip.ledger.LedgerVerification;
import io.ledgergossip.ledger.LedgerVerification.Report;
import io.ledgergossip.store.StoreException;
import io.ledgergossip.store.rocksdb.RocksLedgerStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code verify PATH}: Fabric's {@code ledgerutil verify}, for Fabric ledgers and for our stores.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        footerHeading = "%nExample:%n",
        footer = "  java -jar target/ledger-gossip.jar verify ../shared/fabric-ledgers/sample_prod --output /tmp/verify-results%n",
        description = {
            "Checks every block of the ledgers at PATH: number sequence, data hash, previous hash and "
                    + "transaction well-formedness.",
            "PATH may be a Fabric peer's file system path (holding ledgersData), a channel directory, a "
                    + "single blockfile_NNNNNN, a ledger-gossip store, or any directory above them (searched "
                    + LedgerLocation.MAX_DEPTH + " levels deep; each ledger found is named).",
            "Stores are opened read-only: verify changes no file. A damaged store file is an entry with blockNum -1.",
            "Prints, like Fabric's ledgerutil verify, a JSON array with one entry per erroneous block "
                    + "({\"blockNum\":N,\"valid\":false,\"errors\":[...]}); with several ledgers, an object "
                    + "with one such array per ledger. A summary per ledger goes to stderr."},
        exitCodeListHeading = ExitCodes.HEADING,
        exitCodeList = {"0:every block is valid", "1:some blocks are not, or a store is damaged",
            "2:PATH is missing, empty or unreadable, or holds no ledger"})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "PATH", description = "Ledger to verify.")
    private Path path;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Also write Fabric's layout: DIR/<ledger>_verification_result/blocks.json.")
    private Path outputDir;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** blockNum of the entry that reports a damaged store file rather than one block. */
    static final long STORE_FILES = -1;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<Report> reports;
        try {
            reports = verifyAll();
        } catch (IOException | LedgerFormatException | StoreException e) {
            err.println("verify: " + e.getMessage());
            return ExitCodes.CANNOT_RUN;
        }
        if (reports.isEmpty()) {
            err.println("verify: " + path + " holds no Fabric block files and no ledger-gossip store");
            return ExitCodes.CANNOT_RUN;
        }
        if (reports.stream().allMatch(r -> r.blocksRead() == 0 && r.valid())) {
            err.println("verify: " + path + " holds ledgers without a single block");
            return ExitCodes.CANNOT_RUN;
        }
        try {
            spec.commandLine().getOut().print(render(reports));
            spec.commandLine().getOut().flush();
            if (outputDir != null) {
                writeFabricLayout(reports);
            }
        } catch (IOException e) {
            err.println("verify: cannot write results: " + UserErrors.describe(e));
            return ExitCodes.CANNOT_RUN;
        }
        for (Report report : reports) {
            err.printf("%s: %d blocks read, %s%n", report.ledger(), report.blocksRead(),
                    report.valid() ? "all valid" : report.erroneous().size() + " erroneous");
        }
        err.flush();
        return reports.stream().allMatch(Report::valid) ? ExitCodes.OK : ExitCodes.FOUND_PROBLEMS;
    }

    private List<Report> verifyAll() throws IOException, LedgerFormatException {
        if (!Files.exists(path)) {
            throw new IOException(path + " does not exist");
        }
        if (!Files.isReadable(path)) {
            throw new IOException(path + " is not readable");
        }
        if (Files.isRegularFile(path)) {
            List<Report> reports = new ArrayList<>();
            for (FabricLedgerDirectory.ChannelLedger channel : FabricLedgerDirectory.find(path)) {
                reports.add(verifyChannel(channel, channel.name()));
            }
            return reports;
        }
        List<LedgerLocation> found = LedgerLocation.search(path);
        List<Report> reports = new ArrayList<>();
        for (LedgerLocation ledger : found) {
            String name = ledger.displayName(found, path);
            reports.add(ledger.channel() != null ? verifyChannel(ledger.channel(), name) : verifyStore(ledger.dir(), name));
        }
        return reports;
    }

    private static Report verifyChannel(FabricLedgerDirectory.ChannelLedger channel, String name)
            throws IOException, LedgerFormatException {
        try (BlockSequence blocks = channel.open()) {
            Report report = LedgerVerification.verify(blocks);
            return new Report(name, report.blocksRead(), report.erroneous());
        }
    }

    /**
     * A ledger-gossip store, opened read-only (no file changes): every block up to the recorded
     * height is read and checked, then every table file's checksums. A store RocksDB cannot open
     * is reported as damaged, with RocksDB's reason, never as valid and never as "not a store".
     */
    private static Report verifyStore(Path dir, String name) {
        RocksLedgerStore store;
        try {
            store = RocksLedgerStore.openReadOnly(dir);
        } catch (StoreException e) { // a damaged CURRENT or MANIFEST: "a damaged ledger-gossip store" with RocksDB's reason
            return new Report(name, 0, List.of(new BlockCheck(0, List.of(e.getMessage()))));
        }
        try (BlockSequence blocks = new StoreBlockSequence(name, store)) {
            Report report = LedgerVerification.verify(blocks);
            List<BlockCheck> erroneous = new ArrayList<>(report.erroneous());
            try {
                store.verifyFiles();
            } catch (StoreException e) {
                erroneous.add(new BlockCheck(STORE_FILES, List.of(e.getMessage())));
            }
            return new Report(name, report.blocksRead(), erroneous);
        } catch (IOException e) {
            return new Report(name, 0, List.of(new BlockCheck(0, List.of(e.getMessage()))));
        }
    }

    static String render(List<Report> reports) throws JsonProcessingException {
        if (reports.size() == 1) {
            return renderEntries(reports.get(0).erroneous());
        }
        StringBuilder out = new StringBuilder("{\n");
        for (int i = 0; i < reports.size(); i++) {
            out.append(JSON.writeValueAsString(reports.get(i).ledger())).append(": ")
                    .append(renderEntries(reports.get(i).erroneous()).stripTrailing());
            out.append(i + 1 < reports.size() ? ",\n" : "\n");
        }
        return out.append("}\n").toString();
    }

    /** Fabric's blocks.json: an array, one erroneous block per line. */
    static String renderEntries(List<BlockCheck> erroneous) throws JsonProcessingException {
        List<String> lines = new ArrayList<>();
        for (BlockCheck check : erroneous) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("blockNum", check.blockNum());
            entry.put("valid", check.valid());
            entry.put("errors", check.errors());
            lines.add(JSON.writeValueAsString(entry));
        }
        return lines.isEmpty() ? "[]\n" : "[\n" + String.join(",\n", lines) + "\n]\n";
    }

    private void writeFabricLayout(List<Report> reports) throws IOException {
        for (Report report : reports) {
            String safeName = Path.of(report.ledger()).getFileName().toString();
            Path dir = outputDir.resolve(safeName + "_verification_result");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("blocks.json"), renderEntries(report.erroneous()));
        }
    }
}
