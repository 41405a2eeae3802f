package io.ledgergossip.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The directory chores the commands share. */
final class Directories {
    private Directories() {}

    /** True when {@code dir} does not exist or holds nothing: a command may fill it without overwriting anything. */
    static boolean isAbsentOrEmpty(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    /** Deletes {@code root} and everything below it. */
    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * Makes {@code dir} an empty run directory marked with {@code marker}: absent or empty, or a
     * previous run of the same command (which is replaced); anything else is refused, on {@code err}.
     */
    static boolean prepareRunDirectory(Path dir, String marker, String markerText, PrintWriter err, String command) throws IOException {
        if (!isAbsentOrEmpty(dir)) {
            if (!Files.exists(dir.resolve(marker))) {
                err.println(command + ": " + dir + " holds something that is not a previous " + command + " run; choose another --data");
                return false;
            }
            deleteTree(dir);
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(marker), markerText + "\n");
        return true;
    }
}
