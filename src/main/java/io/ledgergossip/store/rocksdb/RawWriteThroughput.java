package io.ledgergossip.store.rocksdb;

import io.ledgergossip.store.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The machine's raw limit for storing blocks: the same bytes put into a plain RocksDB database in
 * batches, each batch one synced write (as durable as a peer's commit), with no validation, no
 * state and no chain check.
 */
public final class RawWriteThroughput {
    private RawWriteThroughput() {}

    /** Writes {@code values} under sequential keys in batches of {@code batchSize}; returns MB/s (10^6 bytes). */
    public static double measure(Path dir, List<byte[]> values, int batchSize, LongSupplier nanoClock) {
        RocksDB.loadLibrary();
        long total = values.stream().mapToLong(v -> v.length).sum();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        try (Options options = new Options().setCreateIfMissing(true) // table files written as a peer's store writes them
                .setWriteBufferSize(RocksDatabase.WRITE_BUFFER_BYTES).setBytesPerSync(RocksDatabase.BYTES_PER_SYNC);
                RocksDB db = RocksDB.open(options, dir.toString());
                WriteOptions sync = new WriteOptions().setSync(true)) {
            long started = nanoClock.getAsLong();
            for (int from = 0; from < values.size(); from += batchSize) {
                try (WriteBatch batch = new WriteBatch()) {
                    for (int i = from; i < Math.min(values.size(), from + batchSize); i++) {
                        batch.put(ByteBuffer.allocate(Long.BYTES).putLong(i).array(), values.get(i));
                    }
                    db.write(sync, batch);
                }
            }
            return total / 1e6 / ((nanoClock.getAsLong() - started) / 1e9);
        } catch (RocksDBException e) {
            throw new StoreException("raw RocksDB write failed in " + dir + ": " + e.getMessage(), e);
        }
    }
}
