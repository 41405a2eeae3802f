package io.ledgergossip.store.rocksdb;

import java.util.concurrent.atomic.AtomicLong;
import org.rocksdb.RocksDBException;

/**
 * When a run of blocks is written without RocksDB's write-ahead log, and what makes it durable.
 *
 * <p>A large run logged would be written twice: into the log, with a checksum over every byte
 * and a copy into the page cache, then into a table file when its memtable is flushed. Written
 * unlogged, it is written once: the background syncer flushes the memtables of every column
 * family in one atomic step (RocksDB's {@code atomic_flush}) instead of syncing the log. In a
 * catch-up of 2 MB blocks this halves what RocksDB costs per byte (measured: 2.1-2.6 ms of CPU
 * per MB logged and synced, 1.0-1.1 ms unlogged and flushed).
 *
 * <p>The order rule: while an unlogged run is not yet flushed, every later run is unlogged too. A
 * logged run written after an unflushed unlogged one would, after a crash, be replayed from the
 * log without its predecessor: a ledger with a hole. With the rule, a crash loses a suffix of
 * runs, as with the log alone.
 *
 * <p>Runs under {@link #DEFAULT_FROM_BYTES} (a block or a few of ordinary size, as gossip
 * delivers them) stay logged: a flush for each would write table files of a few kilobytes. A
 * catch-up's runs (10 blocks of 32 KB and up) are over it.
 */
final class UnloggedRuns {
    /** Runs of at least this many bytes are written unlogged. */
    static final long DEFAULT_FROM_BYTES = 256 * 1024;

    private final long fromBytes;
    /** Unlogged runs written so far; written by the appending thread under the store's append lock. */
    private final AtomicLong written = new AtomicLong();
    /** Unlogged runs a completed flush covers. */
    private final AtomicLong flushed = new AtomicLong();

    UnloggedRuns(long fromBytes) {
        this.fromBytes = fromBytes;
    }

    /** Whether the next run, of {@code bytes}, is written unlogged. */
    boolean nextIsUnlogged(long bytes) {
        return bytes >= fromBytes || pending();
    }

    /** An unlogged run is written (to the memtables only). */
    void written() {
        written.incrementAndGet();
    }

    /** True while an unlogged run is not yet covered by a completed flush. */
    boolean pending() {
        return written.get() > flushed.get();
    }

    /** Makes durable everything written to {@code db} before: a flush when an unlogged run is among it, else a sync of the log. */
    void makeDurable(RocksDatabase db) throws RocksDBException {
        if (pending()) {
            flush(db);
        } else {
            db.syncWal();
        }
    }

    /** Flushes every column family of {@code db} in one step; the unlogged runs written before are then durable. */
    void flush(RocksDatabase db) throws RocksDBException {
        long mark = written.get();
        db.flushAll();
        flushed.accumulateAndGet(mark, Math::max);
    }
}
