package io.ledgergossip.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;

/**
 * The fixture files shipped in the jar ({@code network-config/*.yaml}, {@code chaincode-fixtures/*.yaml}):
 * a command given one of their relative paths uses the file when it exists where the command
 * runs, and the jar's copy otherwise, so that the defaults work from any directory.
 */
final class Bundled {
    private static final Set<String> DIRS = Set.of("network-config", "chaincode-fixtures");

    private Bundled() {}

    /**
     * {@code path} itself when it exists, or is not one of the bundled paths; else the jar's copy,
     * written to a temporary file that this program made (removed when the JVM exits).
     */
    static Path resolve(Path path) throws IOException {
        return resolve(path, Path.of(""));
    }

    /** As {@link #resolve(Path)}, for a command run in {@code workingDir}. */
    static Path resolve(Path path, Path workingDir) throws IOException {
        if (path == null || Files.exists(workingDir.resolve(path)) || path.isAbsolute() || path.getNameCount() != 2
                || !DIRS.contains(path.getName(0).toString())) {
            return path;
        }
        String resource = "/bundled/" + path.getName(0) + "/" + path.getFileName();
        try (InputStream in = Bundled.class.getResourceAsStream(resource)) {
            if (in == null) {
                return path;
            }
            Path dir = Files.createTempDirectory("ledger-gossip-bundled");
            Path copy = dir.resolve(path.getFileName().toString());
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            copy.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            return copy;
        }
    }
}
