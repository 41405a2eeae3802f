package io.ledgergossip.recovery;

import io.ledgergossip.ledger.FabricLedgerDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The commit point of a repair, so that a crash at any instant leaves the original ledger or the
 * repaired one. Before the journal exists, the channel directory's block files are untouched
 * (the repaired ones wait under hidden names); writing the journal (aside, forced, renamed into
 * place) commits the repair; then each staged file is renamed over its block file, in file
 * order, the block files the repaired ledger no longer has are removed, last file first, and the
 * journal goes. A repair interrupted after the commit is finished by {@link #rollForward} (the
 * next {@code recover}); one interrupted before it left only hidden files, which
 * {@link #discardLeftovers} removes.
 *
 * <p>The journal is a text file: a header line, then {@code replace STAGED BLOCKFILE} and
 * {@code delete BLOCKFILE} lines, names only (no paths), each checked against the names a
 * repair writes before it is acted on.
 */
final class RepairJournal {
    static final String FILE = RepairFiles.PREFIX + "journal";
    private static final String HEADER = "ledger-gossip recover journal 1";

    record Step(String action, String staged, String blockFile) {}

    private RepairJournal() {}

    static Path path(Path dir) {
        return dir.resolve(FILE);
    }

    /** Writes the journal aside, forces it, and renames it into place: from here on the repair is committed. */
    static void commit(Path dir, List<Step> steps) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (Step step : steps) {
            text.append(step.action()).append(' ');
            if (step.staged() != null) {
                text.append(step.staged()).append(' ');
            }
            text.append(step.blockFile()).append('\n');
        }
        Path aside = dir.resolve(FILE + ".new");
        Files.writeString(aside, text, StandardCharsets.UTF_8);
        RepairFiles.sync(aside);
        Files.move(aside, path(dir), StandardCopyOption.ATOMIC_MOVE);
        RepairFiles.syncDir(dir);
    }

    /** Carries out a committed journal's steps (each is idempotent), then removes it. */
    static void apply(Path dir) throws IOException {
        for (Step step : read(dir)) {
            Path blockFile = dir.resolve(step.blockFile());
            if (step.action().equals("replace")) {
                Path staged = dir.resolve(step.staged());
                if (Files.exists(staged)) {
                    Files.move(staged, blockFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else if (!Files.exists(blockFile)) {
                    throw new IOException(path(dir) + ": neither " + staged.getFileName() + " nor " + blockFile.getFileName()
                            + " exists: the repair cannot be finished (the originals are in the backup directory)");
                }
            } else {
                Files.deleteIfExists(blockFile);
            }
        }
        RepairFiles.syncDir(dir);
        Files.delete(path(dir));
        RepairFiles.syncDir(dir);
    }

    /** Finishes a repair that was committed but interrupted; false when there was none. */
    static boolean rollForward(Path dir) throws IOException {
        if (!Files.exists(path(dir))) {
            return false;
        }
        apply(dir);
        return true;
    }

    /** Removes what a repair interrupted before its commit left (hidden staged files); returns how many. */
    static int discardLeftovers(Path dir) throws IOException {
        if (Files.exists(path(dir))) {
            throw new IOException(path(dir) + " exists: finish that repair first");
        }
        List<Path> leftovers;
        try (Stream<Path> files = Files.list(dir)) {
            leftovers = files.filter(RepairFiles::ours).toList();
        }
        for (Path file : leftovers) {
            Files.delete(file);
        }
        if (!leftovers.isEmpty()) {
            RepairFiles.syncDir(dir);
        }
        return leftovers.size();
    }

    static List<Step> read(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(path(dir), StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(path(dir) + ": not a ledger-gossip recover journal (first line is not '" + HEADER + "')");
        }
        List<Step> steps = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] words = line.split(" ");
            boolean replace = words.length == 3 && words[0].equals("replace")
                    && words[1].equals(RepairFiles.PREFIX + words[2]) && FabricLedgerDirectory.isBlockFileName(words[2]);
            boolean delete = words.length == 2 && words[0].equals("delete") && FabricLedgerDirectory.isBlockFileName(words[1]);
            if (!replace && !delete) {
                throw new IOException(path(dir) + ": malformed line '" + line + "'");
            }
            steps.add(replace ? new Step("replace", words[1], words[2]) : new Step("delete", null, words[1]));
        }
        return steps;
    }
}
