package io.ledgergossip.cli;

import io.ledgergossip.fixture.network.NetworkConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A directory a command writes its output into, under the one rule every writing command follows:
 * it must be absent, empty, or carry this program's marker of a previous run; and the program
 * deletes only what it created itself.
 *
 * <p>The marker file lists each entry the program created there, written before the entry is made
 * (so an interrupted run still lists it). Claiming a marked directory again deletes exactly those
 * entries; anything else found there (an operator's notes, a file dropped in later) is left alone.
 */
final class RunDirectory {
    static final String MARKER = ".ledger-gossip-run";
    private static final String HEADER = "# made by ledger-gossip; the entries below were created by it and are replaced by its next run";
    private static final String CREATED = "created: ";

    private final Path dir;
    private final Path marker;

    private RunDirectory(Path dir) {
        this.dir = dir;
        this.marker = dir.resolve(MARKER);
    }

    /** Raised when a directory may not be written: it holds files this program did not make. */
    static final class RefusedException extends Exception {
        RefusedException(String message) {
            super(message);
        }
    }

    /**
     * Claims {@code dir} for a run of {@code command}: creates it (with the marker) when absent or
     * empty; when it carries the marker, deletes the entries the previous run listed there.
     *
     * @throws RefusedException when {@code dir} is a file, or a non-empty directory without the marker
     */
    static RunDirectory claim(Path dir, String command) throws IOException, RefusedException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new RefusedException(dir + " is a file, not a directory");
        }
        RunDirectory run = new RunDirectory(dir);
        if (!Directories.isAbsentOrEmpty(dir)) {
            if (!Files.isRegularFile(run.marker)) {
                throw new RefusedException(dir + " is not empty and was not written by ledger-gossip (no " + MARKER
                        + " file): choose an empty or new directory");
            }
            for (String entry : run.listed()) {
                Path created = dir.resolve(entry).normalize();
                if (created.getParent() != null && created.getParent().equals(dir.normalize()) && Files.exists(created)) {
                    Directories.deleteTree(created);
                }
            }
        }
        Files.createDirectories(dir);
        Files.writeString(run.marker, HEADER + "\n# command: " + command + "\n", StandardCharsets.UTF_8);
        return run;
    }

    /**
     * Claims the data directory of a run of a whole network ({@code network up}, {@code replay},
     * {@code chaos}): its entries are the crypto material, the peers' logs and each peer's data;
     * a refusal is printed on {@code err} as one line and null returned.
     */
    static RunDirectory claimForNetwork(Path dir, String command, NetworkConfig config, PrintWriter err) throws IOException {
        RunDirectory run;
        try {
            run = claim(dir, command);
        } catch (RefusedException e) {
            err.println(command + ": " + e.getMessage() + " (--data)");
            return null;
        }
        run.entry("crypto");
        run.entry("logs");
        if (!config.fabricPeers().isEmpty()) {
            run.entry("fabric"); // the genesis block file and the Fabric nodes' logs
        }
        for (String entry : config.dataEntries()) {
            run.entry(entry);
        }
        return run;
    }

    Path path() {
        return dir;
    }

    /**
     * The path of entry {@code name} (a file or directory directly in this directory), recorded in
     * the marker as made by this program before the caller creates it.
     */
    Path entry(String name) throws IOException {
        if (!isPlainName(name)) {
            throw new IllegalArgumentException("not a plain entry name: " + name);
        }
        Path path = dir.resolve(name);
        if (!listed().contains(name)) {
            Files.writeString(marker, CREATED + name + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        }
        return path;
    }

    /** A name directly in the directory: not empty, no separator, not hidden (so never "..", nor the marker). */
    private static boolean isPlainName(String name) {
        return !name.isEmpty() && !name.contains("/") && !name.contains("\\") && !name.startsWith(".");
    }

    private List<String> listed() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String line : Files.readAllLines(marker, StandardCharsets.UTF_8)) {
            if (line.startsWith(CREATED)) {
                String name = line.substring(CREATED.length()).strip();
                if (isPlainName(name)) {
                    entries.add(name);
                }
            }
        }
        return entries;
    }
}
