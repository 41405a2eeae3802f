package io.ledgergossip.recovery;

import io.ledgergossip.ledger.FabricLedgerDirectory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Names and durability of the files a repair writes into a channel directory. */
final class RepairFiles {
    /** Every file a repair writes into a channel directory starts with this; Fabric's block store ignores such names. */
    static final String PREFIX = ".ledger-gossip-recover.";

    private RepairFiles() {}

    static Path staged(Path dir, int fileNumber) {
        return dir.resolve(PREFIX + FabricLedgerDirectory.blockFileName(fileNumber));
    }

    static boolean ours(Path file) {
        return file.getFileName().toString().startsWith(PREFIX);
    }

    /** Forces a file's content to disk. */
    static void sync(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /** Forces a directory's entries (names created, renamed, removed) to disk. */
    static void syncDir(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Copies the first {@code bytes} bytes of {@code from} into a new file {@code to}, forced to disk. */
    static void copyPrefix(Path from, Path to, long bytes) throws IOException {
        try (FileChannel in = FileChannel.open(from, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(to, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW)) {
            long done = 0;
            while (done < bytes) {
                long n = in.transferTo(done, bytes - done, out);
                if (n <= 0) {
                    throw new IOException(from + " is shorter than the " + bytes + " bytes it held when it was scanned");
                }
                done += n;
            }
            out.force(true);
        }
    }

    /** Whether two files hold the same bytes (false when either is missing). */
    static boolean sameContent(Path a, Path b) throws IOException {
        return Files.exists(a) && Files.exists(b) && Files.mismatch(a, b) == -1;
    }
}
