package io.ledgergossip.testing;

import io.ledgergossip.ledger.BlockFileReader;
import io.ledgergossip.ledger.FabricLedgerDirectory;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Copies of a channel's block files, the damage the recover scenarios do to them, and byte-for-byte comparison. */
public final class LedgerDamage {
    private LedgerDamage() {}

    /** Every regular file of {@code dir} (block files, and any file a repair left behind), name to content. */
    public static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path p : list.filter(Files::isRegularFile).toList()) {
                files.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    /** Whether two directories hold the same files with the same bytes; else a description of the first difference. */
    public static String difference(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        if (!expected.keySet().equals(actual.keySet())) {
            return "files " + actual.keySet() + ", expected " + expected.keySet();
        }
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            long at = java.util.Arrays.mismatch(e.getValue(), actual.get(e.getKey()));
            if (at >= 0) {
                return e.getKey() + " differs at byte " + at + " (" + actual.get(e.getKey()).length + " bytes, expected "
                        + e.getValue().length + ")";
            }
        }
        return null;
    }

    /** Copies the block files of {@code from} into a new directory {@code to}. */
    public static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> list = Files.list(from)) {
            for (Path p : list.filter(f -> FabricLedgerDirectory.isBlockFileName(f.getFileName().toString())).toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
            }
        }
        return to;
    }

    /** Byte offsets at which each record of a block file starts, and its end: [start0, start1, ..., end]. */
    public static List<Long> recordOffsets(Path file) throws Exception {
        List<Long> offsets = new ArrayList<>();
        try (BlockFileReader reader = BlockFileReader.open(file)) {
            do {
                offsets.add(reader.offset());
            } while (reader.next().isPresent());
        }
        return offsets;
    }

    public static void truncate(Path file, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
    }

    /** Inverts the byte at {@code offset}. */
    public static void flip(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(~b & 0xff);
        }
    }

    public static void append(Path file, byte[] garbage) throws IOException {
        Files.write(file, garbage, java.nio.file.StandardOpenOption.APPEND);
    }
}
