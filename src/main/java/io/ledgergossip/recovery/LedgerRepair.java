package io.ledgergossip.recovery;

import io.ledgergossip.identity.TrustedOrgs;
import io.ledgergossip.ledger.BlockFileWriter;
import io.ledgergossip.ledger.FabricLedgerDirectory;
import io.ledgergossip.ledger.GoodPrefix;
import io.ledgergossip.ledger.LedgerFormatException;
import io.ledgergossip.ledger.LedgerScan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs one channel's block files: scans them for the good prefix, streams the blocks after it
 * from a {@link BlockSupply}, checks each one ({@link ChainExtension}), writes them after the good
 * blocks as Fabric's block store lays them out (hidden staged files, forced to disk), saves the
 * originals of the files that change to the backup directory, and commits ({@link RepairJournal}).
 * A damaged ledger is changed only when the sources bring it at least as far as its files still
 * reach, so no block it holds is lost; a block that fails a check ends the repair with nothing
 * written.
 */
public final class LedgerRepair {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerRepair.class);

    private final Path dir;
    private final BlockSupply supply;
    private final TrustedOrgs fallbackOrderers;
    private final Path backupRoot;
    private final long maxFileBytes;
    private final boolean dryRun;

    /**
     * @param dir the channel directory (holding {@code blockfile_NNNNNN})
     * @param fallbackOrderers ordering orgs to trust when the ledger holds no config block, or null
     * @param backupRoot the originals go to {@code backupRoot/CHANNEL-TIME/}
     * @param maxFileBytes Fabric's block file size limit ({@code ledger.blockchain.maxBlockfileSize}, 64 MiB)
     */
    public LedgerRepair(Path dir, BlockSupply supply, TrustedOrgs fallbackOrderers, Path backupRoot, long maxFileBytes, boolean dryRun) {
        this.dir = dir;
        this.supply = supply;
        this.fallbackOrderers = fallbackOrderers;
        this.backupRoot = backupRoot;
        this.maxFileBytes = maxFileBytes;
        this.dryRun = dryRun;
    }

    public RepairOutcome run() throws IOException, RepairException, InterruptedException, LedgerFormatException {
        long started = System.nanoTime();
        boolean finished = false;
        int discarded = 0;
        if (Files.exists(RepairJournal.path(dir))) {
            if (dryRun) {
                throw new RepairException(dir + " holds a repair that was committed but interrupted; run recover without --dry-run "
                        + "to finish it");
            }
            finished = RepairJournal.rollForward(dir);
            LOG.info("{}: finished a repair that was interrupted after its commit", dir);
        }
        if (!dryRun) {
            discarded = RepairJournal.discardLeftovers(dir);
        }
        FabricLedgerDirectory.ChannelLedger ledger = FabricLedgerDirectory.channelAt(dir)
                .orElseThrow(() -> new IOException(dir + " holds no block file"));
        GoodPrefix prefix = LedgerScan.scan(ledger);
        ChainExtension chain = ChainExtension.after(prefix, fallbackOrderers);
        BlockFileWriter writer = null;
        if (!dryRun) {
            RepairFiles.copyPrefix(prefix.files().get(prefix.fileIndex()), RepairFiles.staged(dir, prefix.fileIndex()), prefix.endOffset());
            writer = BlockFileWriter.resume(n -> RepairFiles.staged(dir, n), prefix.fileIndex(), prefix.endOffset(), maxFileBytes);
        }
        long fetched;
        try {
            BlockFileWriter out = writer;
            fetched = supply.stream(prefix.height(), (block, source) -> {
                chain.take(block, source);
                if (out != null) {
                    try {
                        out.append(block);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            if (writer != null) {
                writer.close();
            }
        } catch (RepairException | IOException | InterruptedException | RuntimeException e) {
            abandon(writer);
            if (e instanceof java.io.UncheckedIOException u) {
                throw u.getCause();
            }
            throw e;
        }
        long height = chain.expectedNumber();
        if (prefix.damaged() && height <= prefix.highestReadable()) {
            abandon(null);
            throw new RepairException("blocks " + prefix.height() + ".." + prefix.highestReadable() + " are damaged or follow the "
                    + "damage, and the sources hold " + (height == prefix.height() ? "none of them" : "only up to block " + (height - 1))
                    + (supply.problems().isEmpty() ? "" : " (" + supply.problems() + ")"));
        }
        int lastFile = writer == null ? prefix.fileIndex() : writer.fileNumber();
        List<RepairJournal.Step> steps = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        List<String> created = new ArrayList<>();
        for (int n = prefix.fileIndex(); n <= lastFile && !dryRun; n++) {
            Path staged = RepairFiles.staged(dir, n);
            Path blockFile = dir.resolve(FabricLedgerDirectory.blockFileName(n));
            if (RepairFiles.sameContent(staged, blockFile)) {
                Files.delete(staged);
                continue;
            }
            if (Files.exists(blockFile)) {
                keepPermissions(blockFile, staged);
                replaced.add(blockFile.getFileName().toString());
            } else {
                created.add(blockFile.getFileName().toString());
            }
            steps.add(new RepairJournal.Step("replace", staged.getFileName().toString(), blockFile.getFileName().toString()));
        }
        List<String> deleted = new ArrayList<>();
        List<Path> originals = new ArrayList<>(prefix.files());
        for (int i = originals.size() - 1; i >= 0 && !dryRun; i--) {
            if (fileNumber(originals.get(i)) > lastFile) {
                deleted.add(originals.get(i).getFileName().toString());
                steps.add(new RepairJournal.Step("delete", null, originals.get(i).getFileName().toString()));
            }
        }
        Path backup = null;
        if (!steps.isEmpty()) {
            backup = backUp(prefix.channel(), steps);
            RepairJournal.commit(dir, steps);
            RepairJournal.apply(dir);
            LOG.info("{}: repaired to height {}: replaced {}, created {}, deleted {}; originals in {}", dir, height, replaced, created,
                    deleted, backup);
        }
        return new RepairOutcome(prefix.channel(), prefix, chain.trust(), fetched, supply.blocksBySource(), supply.problems(),
                replaced, created, deleted, height, chain.lastHeaderHash(), backup, finished, discarded, dryRun,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** The rewritten file keeps the original's permissions (a peer's files are often read-only to others). */
    private static void keepPermissions(Path original, Path staged) throws IOException {
        try {
            Files.setPosixFilePermissions(staged, Files.getPosixFilePermissions(original));
        } catch (UnsupportedOperationException e) { // not a POSIX file system: the defaults stand
        }
    }

    private static int fileNumber(Path blockFile) {
        String name = blockFile.getFileName().toString();
        return Integer.parseInt(name.substring(FabricLedgerDirectory.BLOCKFILE_PREFIX.length()));
    }

    /** Copies each block file the steps change into a new directory under the backup root, forced to disk. */
    private Path backUp(String channel, List<RepairJournal.Step> steps) throws IOException {
        Path target = BackupDirectory.prepare(backupRoot).resolve(channel + "-" + java.time.LocalDateTime.now().format(
                java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")));
        Files.createDirectory(target);
        for (RepairJournal.Step step : steps) {
            Path original = dir.resolve(step.blockFile());
            if (Files.exists(original)) {
                Path copy = target.resolve(step.blockFile());
                Files.copy(original, copy, StandardCopyOption.COPY_ATTRIBUTES);
                RepairFiles.sync(copy);
            }
        }
        RepairFiles.syncDir(target);
        RepairFiles.syncDir(backupRoot);
        return target;
    }

    /** Removes what this repair staged; the ledger's own files were never touched. */
    private void abandon(BlockFileWriter writer) throws IOException {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException ignored) { // the staged files are removed anyway
            }
        }
        if (!dryRun) {
            RepairJournal.discardLeftovers(dir);
        }
    }
}
