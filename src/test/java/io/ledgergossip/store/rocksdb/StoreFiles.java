package io.ledgergossip.store.rocksdb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.rocksdb.FlushOptions;

/** Test help: a store's table files, made and found, to damage them on purpose. */
public final class StoreFiles {
    private StoreFiles() {}

    /** Opens the store and flushes every column family, so that what it holds is in .sst files. */
    public static void flushToTables(Path store) {
        try (RocksDatabase db = RocksDatabase.open(store); FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            for (var family : java.util.List.of(db.blocks(), db.state(), db.meta())) {
                db.flush(flush, family);
            }
        } catch (org.rocksdb.RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path largestTable(Path store) throws java.io.IOException {
        try (Stream<Path> files = Files.list(store)) {
            return files.filter(f -> f.toString().endsWith(".sst")).max(Comparator.comparingLong(f -> f.toFile().length()))
                    .orElseThrow(() -> new IllegalStateException("no .sst file in " + store));
        }
    }
}
