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
        boolean finished = finishInterrupted();
        int discarded = dryRun ? 0 : RepairJournal.discardLeftovers(dir);
        GoodPrefix prefix = LedgerScan.scan(FabricLedgerDirectory.channelAt(dir)
                .orElseThrow(() -> new IOException(dir + " holds no block file")));
        ChainExtension chain = ChainExtension.after(prefix, fallbackOrderers);
        Staged staged = fetchAndStage(prefix, chain);
        long height = chain.expectedNumber();
        if (prefix.damaged() && height <= prefix.highestReadable()) {
            abandon(null);
            throw new RepairException("blocks " + prefix.height() + ".." + prefix.highestReadable() + " are damaged or follow the "
                    + "damage, and the sources hold " + (height == prefix.height() ? "none of them" : "only up to block " + (height - 1))
                    + (supply.problems().isEmpty() ? "" : " (" + supply.problems() + ")"));
        }
        Plan plan = dryRun ? new Plan() : plan(prefix, staged.lastFile());
        Path backup = null;
        if (!plan.steps.isEmpty()) {
            backup = backUp(prefix.channel(), plan.steps);
            RepairJournal.commit(dir, plan.steps);
            RepairJournal.apply(dir);
            LOG.info("{}: repaired to height {}: replaced {}, created {}, deleted {}; originals in {}", dir, height, plan.replaced,
                    plan.created, plan.deleted, backup);
        }
        return new RepairOutcome(prefix.channel(), prefix, chain.trust(), staged.fetched(), supply.blocksBySource(), supply.problems(),
                plan.replaced, plan.created, plan.deleted, height, chain.lastHeaderHash(), backup, finished, discarded, dryRun,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Blocks fetched and checked, and the number of the last block file they were staged into. */
    private record Staged(long fetched, int lastFile) {}

    /** The journal's steps, and the block files they rewrite, create and remove. */
    private static final class Plan {
        final List<RepairJournal.Step> steps = new ArrayList<>();
        final List<String> replaced = new ArrayList<>();
        final List<String> created = new ArrayList<>();
        final List<String> deleted = new ArrayList<>();
    }

    /** Finishes a repair committed but interrupted; a dry run refuses to look past one (it would change files). */
    private boolean finishInterrupted() throws IOException, RepairException {
        if (!Files.exists(RepairJournal.path(dir))) {
            return false;
        }
        if (dryRun) {
            throw new RepairException(dir + " holds a repair that was committed but interrupted; run recover without --dry-run "
                    + "to finish it");
        }
        RepairJournal.rollForward(dir);
        LOG.info("{}: finished a repair that was interrupted after its commit", dir);
        return true;
    }

    /**
     * Streams the blocks after the good prefix through the checks and (unless a dry run) into
     * hidden staged files: a copy of the good part of the file the prefix ends in, then the
     * fetched blocks laid out as Fabric's block store lays them out. Any failure removes them.
     */
    private Staged fetchAndStage(GoodPrefix prefix, ChainExtension chain)
            throws IOException, RepairException, InterruptedException {
        BlockFileWriter writer = null;
        if (!dryRun) {
            RepairFiles.copyPrefix(prefix.files().get(prefix.fileIndex()), RepairFiles.staged(dir, prefix.fileIndex()), prefix.endOffset());
            writer = BlockFileWriter.resume(n -> RepairFiles.staged(dir, n), prefix.fileIndex(), prefix.endOffset(), maxFileBytes);
        }
        BlockFileWriter out = writer;
        try {
            long fetched = supply.stream(prefix.height(), (block, source) -> {
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
            return new Staged(fetched, writer == null ? prefix.fileIndex() : writer.fileNumber());
        } catch (java.io.UncheckedIOException e) {
            abandon(writer);
            throw e.getCause();
        } catch (RepairException | IOException | InterruptedException | RuntimeException e) {
            abandon(writer);
            throw e;
        }
    }

    /**
     * What the commit must do: each staged file whose bytes differ from the block file of its
     * name replaces it (the others are dropped), and the block files past the last staged one go,
     * the last first.
     */
    private Plan plan(GoodPrefix prefix, int lastFile) throws IOException {
        Plan plan = new Plan();
        for (int n = prefix.fileIndex(); n <= lastFile; n++) {
            Path staged = RepairFiles.staged(dir, n);
            Path blockFile = dir.resolve(FabricLedgerDirectory.blockFileName(n));
            if (RepairFiles.sameContent(staged, blockFile)) {
                Files.delete(staged);
                continue;
            }
            if (Files.exists(blockFile)) {
                keepPermissions(blockFile, staged);
                plan.replaced.add(blockFile.getFileName().toString());
            } else {
                plan.created.add(blockFile.getFileName().toString());
            }
            plan.steps.add(new RepairJournal.Step("replace", staged.getFileName().toString(), blockFile.getFileName().toString()));
        }
        List<Path> originals = prefix.files();
        for (int i = originals.size() - 1; i >= 0; i--) {
            if (FabricLedgerDirectory.fileNumber(originals.get(i)) > lastFile) {
                plan.deleted.add(originals.get(i).getFileName().toString());
                plan.steps.add(new RepairJournal.Step("delete", null, originals.get(i).getFileName().toString()));
            }
        }
        return plan;
    }

    /** The rewritten file keeps the original's permissions (a peer's files are often read-only to others). */
    private static void keepPermissions(Path original, Path staged) throws IOException {
        try {
            Files.setPosixFilePermissions(staged, Files.getPosixFilePermissions(original));
        } catch (UnsupportedOperationException e) { // not a POSIX file system: the defaults stand
        }
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
