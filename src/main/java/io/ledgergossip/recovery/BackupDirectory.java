package io.ledgergossip.recovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where a repair keeps the original block files it changes: one new subdirectory per repair
 * ({@code CHANNEL-TIME}), under a root that is new, empty, or already this program's backup root
 * (it carries the marker). Nothing in it is ever overwritten or deleted by this program.
 */
public final class BackupDirectory {
    public static final String MARKER = ".ledger-gossip-recover-backups";

    private BackupDirectory() {}

    /** Why {@code root} cannot take backups, or null when it can. Changes nothing. */
    public static String problem(Path root) throws IOException {
        if (!Files.exists(root)) {
            Path parent = root.toAbsolutePath().getParent();
            return parent != null && Files.isDirectory(parent) && Files.isWritable(parent) ? null
                    : "cannot be created: " + parent + " is not a writable directory";
        }
        if (!Files.isDirectory(root)) {
            return "is a file, not a directory";
        }
        if (!Files.isWritable(root)) {
            return "is not writable";
        }
        try (Stream<Path> entries = Files.list(root)) {
            if (entries.findAny().isPresent() && !Files.isRegularFile(root.resolve(MARKER))) {
                return "is not empty and holds no earlier recover backups (no " + MARKER + " file): choose a new or empty directory";
            }
        }
        return null;
    }

    /** Creates the root with its marker if needed; returns it. */
    static Path prepare(Path root) throws IOException {
        Files.createDirectories(root);
        Path marker = root.resolve(MARKER);
        if (!Files.exists(marker)) {
            Files.writeString(marker, "# backups of the block files ledger-gossip recover replaced or removed, one directory per "
                    + "repair; ledger-gossip never deletes them\n");
            RepairFiles.sync(marker);
            RepairFiles.syncDir(root);
        }
        return root;
    }
}
