package io.ledgergossip.store.rocksdb;

import com.google.protobuf.InvalidProtocolBufferException;
import io.ledgergossip.store.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.OptionalLong;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * One peer's RocksDB database with its column families, and the checks that tell a
 * ledger-gossip store from any other directory.
 */
public final class RocksDatabase implements AutoCloseable {
    /** Format 2: state values are tagged, inline or a reference into a block ({@link StateValue}). */
    static final String FORMAT = "ledger-gossip-store/2";
    private static final byte[] FORMAT_KEY = "format".getBytes(StandardCharsets.US_ASCII);
    /**
     * Earlier builds probed the store's directory for direct I/O with a file named so, created and
     * removed on the first open; one left there by a crash does not make the directory a foreign one.
     */
    static final String EARLIER_PROBE_PREFIX = ".ledger-gossip-direct-io-probe";
    private static final List<String> FAMILIES = List.of("default", "blocks", "state", "meta", "membership");
    /**
     * A family's memtable, flushed to a table file once full: a quarter of RocksDB's 64 MB default.
     * bench load (2026-12-02, 20 peers on one disk, 64 KB blocks at 50 a second): every peer's
     * blocks filled 64 MB at the same block, the twenty flushes (1.3 GB) queued the log syncs
     * behind them, and every peer fell 10-25 blocks behind for about a second, at block 1,000 and
     * again near 2,000; with 16 MB no step after the JIT's first ones lost more than 2 blocks.
     */
    static final long WRITE_BUFFER_BYTES = 16L << 20;
    /** Table files are synced a megabyte at a time as they are written, so a flush never puts a large write ahead of a log sync. */
    static final long BYTES_PER_SYNC = 1L << 20;

    static {
        RocksDB.loadLibrary();
    }

    private final Path path;
    private final RocksDB db;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final List<ColumnFamilyHandle> handles;
    private volatile boolean closed;
    /**
     * Every native call holds the read lock and close() the write lock, so a read racing close()
     * either finishes before the handles are freed or fails with the store's exception: it never
     * reaches freed native memory. Open block streams are closed by close() first.
     */
    private final java.util.concurrent.locks.ReentrantReadWriteLock lock = new java.util.concurrent.locks.ReentrantReadWriteLock();
    private final java.util.Set<Runnable> openCursors = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Where a read-only database keeps RocksDB's info log, removed on close; null for a writable one. */
    private final Path logDir;

    private RocksDatabase(Path path, RocksDB db, DBOptions dbOptions, ColumnFamilyOptions cfOptions,
            List<ColumnFamilyHandle> handles, Path logDir) {
        this.path = path;
        this.logDir = logDir;
        this.db = db;
        this.dbOptions = dbOptions;
        this.cfOptions = cfOptions;
        this.handles = handles;
    }

    static RocksDatabase open(Path dir) {
        boolean fresh = isAbsentOrEmpty(dir);
        if (!fresh) {
            checkIsStore(dir);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException(dir + ": cannot create the store directory: " + e.getMessage(), e);
        }
        // table files are written through the page cache, RocksDB's default, and synced as they grow (BYTES_PER_SYNC): a flush
        // with direct I/O waited on each of its writes in turn (a 49 MB flush: 60-110 ms buffered, 180-1800 ms direct)
        DBOptions dbOptions = new DBOptions().setCreateIfMissing(fresh).setCreateMissingColumnFamilies(fresh)
                .setAtomicFlush(true) // every flush covers all families at once: runs written unlogged stay whole (UnloggedRuns)
                .setBytesPerSync(BYTES_PER_SYNC);
        return open(dir, dbOptions, fresh, false, null);
    }

    /**
     * Opens an existing store without changing any of its files: RocksDB's read-only mode (no
     * lock, no recovery flush, no OPTIONS file), with its info log in a temporary directory that
     * is removed on close.
     */
    static RocksDatabase openReadOnly(Path dir) {
        checkIsStore(dir);
        Path logDir;
        try {
            logDir = Files.createTempDirectory("ledger-gossip-readonly-log");
        } catch (IOException e) {
            throw new StoreException("cannot create a temporary directory for RocksDB's log: " + e.getMessage(), e);
        }
        DBOptions dbOptions = new DBOptions().setDbLogDir(logDir.toString());
        return open(dir, dbOptions, false, true, logDir);
    }

    private static RocksDatabase open(Path dir, DBOptions dbOptions, boolean fresh, boolean readOnly, Path logDir) {
        ColumnFamilyOptions cfOptions = new ColumnFamilyOptions().setWriteBufferSize(WRITE_BUFFER_BYTES);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (String family : FAMILIES) {
            descriptors.add(new ColumnFamilyDescriptor(family.getBytes(StandardCharsets.US_ASCII), cfOptions));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db;
        try {
            db = readOnly ? RocksDB.openReadOnly(dbOptions, dir.toString(), descriptors, handles)
                    : RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            dbOptions.close();
            cfOptions.close();
            deleteLogDir(logDir);
            throw new StoreException(dir + ": " + openFailure(e), e);
        }
        RocksDatabase database = new RocksDatabase(dir, db, dbOptions, cfOptions, handles, logDir);
        if (fresh) {
            database.writeFormatMarker();
        }
        return database;
    }

    /** RocksDB's reason for refusing to open, in an operator's words where it has a common cause. */
    private static String openFailure(RocksDBException e) {
        String reason = reason(e);
        if (reason.contains("lock")) {
            return "the store is in use: another process, or another open of it, holds its LOCK file (" + reason + ")";
        }
        if (reason.contains("Corruption") || reason.contains("corrupt")) {
            return "a damaged ledger-gossip store: " + reason;
        }
        return "cannot open the store: " + reason;
    }

    /** RocksDB's own words for a failure: its message, or its status code when it gave none. */
    private static String reason(RocksDBException e) {
        return e.getMessage() == null ? e.getStatus().getCodeString() : e.getMessage();
    }

    /**
     * Reads every table file of the store and checks RocksDB's block checksums: finds a damaged
     * {@code .sst} file anywhere, whatever it holds.
     *
     * @throws StoreException naming RocksDB's reason when a file is damaged
     */
    void verifyChecksums() {
        lock.readLock().lock();
        try {
            ensureOpen();
            db.verifyChecksum();
        } catch (RocksDBException e) {
            throw new StoreException(path + ": a damaged ledger-gossip store: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** What a directory holds, as far as RocksDB can tell without changing a file. */
    enum Kind { NOT_A_STORE, STORE, DAMAGED }

    /** The kind of {@code dir} and, when damaged, RocksDB's reason. */
    record Probe(Kind kind, String reason) {}

    static Probe probe(Path dir) {
        if (!Files.isDirectory(dir)) {
            return new Probe(Kind.NOT_A_STORE, "not a directory");
        }
        boolean current = Files.exists(dir.resolve("CURRENT"));
        List<String> names;
        try (Stream<Path> files = Files.list(dir)) {
            names = files.map(f -> f.getFileName().toString()).toList();
        } catch (IOException e) {
            return new Probe(Kind.NOT_A_STORE, "cannot list: " + e.getMessage());
        }
        boolean manifest = names.stream().anyMatch(n -> n.startsWith("MANIFEST-"));
        // RocksDB writes an OPTIONS file on every open; LevelDB (Fabric's index and state databases) never does
        boolean rocks = names.stream().anyMatch(n -> n.startsWith("OPTIONS-"));
        if (!current && !manifest) {
            return new Probe(Kind.NOT_A_STORE, "holds no RocksDB database");
        }
        if (!current) {
            return rocks ? new Probe(Kind.DAMAGED, "its CURRENT file is missing (a MANIFEST is there)")
                    : new Probe(Kind.NOT_A_STORE, "holds no RocksDB database");
        }
        try (Options options = new Options()) {
            List<byte[]> families = RocksDB.listColumnFamilies(options, dir.toString());
            List<String> listed = families.stream().map(f -> new String(f, StandardCharsets.US_ASCII)).toList();
            if (listed.containsAll(FAMILIES)) {
                return new Probe(Kind.STORE, null);
            }
            if (optionsNameOurFamilies(dir, names)) {
                return new Probe(Kind.DAMAGED, "its MANIFEST lists the column families " + listed + " where its OPTIONS file names "
                        + FAMILIES + ": the MANIFEST is damaged");
            }
            return new Probe(Kind.NOT_A_STORE, "a RocksDB database without the column families " + FAMILIES);
        } catch (RocksDBException e) {
            String reason = reason(e);
            return rocks ? new Probe(Kind.DAMAGED, reason) : new Probe(Kind.NOT_A_STORE, "a database RocksDB cannot read: " + reason);
        }
    }

    /** Whether the newest OPTIONS file RocksDB wrote in {@code dir} names every column family of a ledger-gossip store. */
    private static boolean optionsNameOurFamilies(Path dir, List<String> names) {
        String newest = names.stream().filter(n -> n.startsWith("OPTIONS-") && !n.endsWith(".dbtmp")).max(String::compareTo).orElse(null);
        if (newest == null) {
            return false;
        }
        try {
            String text = Files.readString(dir.resolve(newest), StandardCharsets.ISO_8859_1);
            return FAMILIES.stream().allMatch(f -> text.contains("[CFOptions \"" + f + "\"]"));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isAbsentOrEmpty(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        if (!Files.isDirectory(dir)) {
            throw new StoreException(dir + " is not a directory, so it cannot hold a ledger-gossip store");
        }
        try (Stream<Path> entries = Files.list(dir)) { // a probe left by a crash during the first open does not count
            return entries.allMatch(e -> e.getFileName().toString().startsWith(EARLIER_PROBE_PREFIX));
        } catch (IOException e) {
            throw new StoreException(dir + ": cannot list the store directory: " + e.getMessage(), e);
        }
    }

    private static void checkIsStore(Path dir) {
        Probe probe = probe(dir);
        switch (probe.kind()) {
            case STORE -> { }
            case DAMAGED -> throw new StoreException(dir + ": a damaged ledger-gossip store: " + probe.reason()
                    + " (nothing was changed; keep the directory for repair or fetch the ledger again elsewhere)");
            default -> throw new StoreException(dir + " is not a ledger-gossip store: "
                    + (probe.reason().equals("holds no RocksDB database") ? "it is not empty and holds no RocksDB database" : probe.reason()));
        }
    }

    private void writeFormatMarker() {
        try (WriteOptions sync = new WriteOptions().setSync(true)) {
            db.put(meta(), sync, FORMAT_KEY, FORMAT.getBytes(StandardCharsets.US_ASCII));
        } catch (RocksDBException e) {
            close();
            throw new StoreException(path + ": cannot initialise the store: " + e.getMessage(), e);
        }
    }

    void checkFormat() {
        byte[] marker = get(meta(), FORMAT_KEY);
        String format = marker == null ? null : new String(marker, StandardCharsets.US_ASCII);
        if (format != null && format.startsWith("ledger-gossip-store/") && !FORMAT.equals(format)) {
            throw new StoreException(path + ": a ledger-gossip store of format '" + format + "'; this version reads '" + FORMAT
                    + "' only: fetch the ledger again into an empty directory (a peer does so by state transfer)");
        }
        if (!FORMAT.equals(format)) {
            throw new StoreException(path + " is not a ledger-gossip store: format marker "
                    + (format == null ? "missing" : "'" + format + "'"));
        }
    }

    Path path() {
        return path;
    }

    ColumnFamilyHandle blocks() {
        return handles.get(1);
    }

    ColumnFamilyHandle state() {
        return handles.get(2);
    }

    ColumnFamilyHandle meta() {
        return handles.get(3);
    }

    /** Column family for the membership layer's records. */
    public ColumnFamilyHandle membership() {
        return handles.get(4);
    }

    public byte[] get(ColumnFamilyHandle family, byte[] key) {
        lock.readLock().lock();
        try {
            ensureOpen();
            return db.get(family, key);
        } catch (RocksDBException e) {
            throw new StoreException(path + ": read failed: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    public void write(WriteOptions options, WriteBatch batch) throws RocksDBException {
        lock.readLock().lock();
        try {
            ensureOpen();
            db.write(options, batch);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Holds the store open while a caller builds a write batch with its column families' handles. */
    public interface Guard extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * The close guard for a sequence of native calls (building a batch with the column families'
     * handles, then writing it): close() waits until it is released; a closed store throws.
     */
    public Guard guard() {
        lock.readLock().lock();
        try {
            ensureOpen();
        } catch (RuntimeException e) {
            lock.readLock().unlock();
            throw e;
        }
        return () -> lock.readLock().unlock();
    }

    /** Every key and value of a family, read under the close guard (the membership records). */
    public java.util.Map<byte[], byte[]> readAll(ColumnFamilyHandle family) {
        lock.readLock().lock();
        try (RocksIterator it = db.newIterator(family)) {
            ensureOpen();
            java.util.Map<byte[], byte[]> all = new java.util.LinkedHashMap<>();
            for (it.seekToFirst(); it.isValid(); it.next()) {
                all.put(it.key(), it.value());
            }
            it.status();
            return all;
        } catch (RocksDBException e) {
            throw new StoreException(path + ": read failed: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Flushes a family's memtable into a table file (tests use it to damage table files on purpose). */
    void flush(org.rocksdb.FlushOptions options, ColumnFamilyHandle family) throws RocksDBException {
        lock.readLock().lock();
        try {
            ensureOpen();
            db.flush(options, family);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Flushes the memtables of every column family in one atomic step and waits for it: every
     * write made before, logged or not, is then in table files. May run while others write.
     */
    void flushAll() throws RocksDBException {
        lock.readLock().lock();
        try (org.rocksdb.FlushOptions wait = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
            ensureOpen();
            db.flush(wait, handles);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Syncs the write-ahead log: every write made before is then durable. May run while others write. */
    void syncWal() throws RocksDBException {
        lock.readLock().lock();
        try {
            ensureOpen();
            db.syncWal();
        } finally {
            lock.readLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException(path + ": the store is closed");
        }
    }

    /** Number of the highest block key present, or empty when there is none. */
    OptionalLong lastBlockNumber() {
        lock.readLock().lock();
        try (RocksIterator iterator = newIteratorLocked(blocks())) {
            iterator.seekToLast();
            if (!iterator.isValid()) {
                iterator.status(); // an empty family, or a read that failed: never take the second for the first
                return OptionalLong.empty();
            }
            return OptionalLong.of(BlockKeys.number(iterator.key()));
        } catch (RocksDBException e) {
            throw new StoreException(path + ": a damaged ledger-gossip store: cannot read its last block: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A new iterator; the caller holds the read lock for as long as it uses it. */
    private RocksIterator newIteratorLocked(ColumnFamilyHandle family) {
        ensureOpen();
        return db.newIterator(family);
    }

    static Block parseBlock(byte[] bytes, long number) {
        try {
            return Block.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new StoreException("damaged store: block " + number + " does not parse: " + e.getMessage(), e);
        }
    }

    /**
     * Blocks [from, to) from one snapshot; the stream must be closed. Each step runs under the close
     * guard: once the store is closed (close() also releases the stream's native cursor), the next
     * step fails with the store's exception.
     */
    Stream<Block> streamBlocks(long from, long to) {
        BlockCursor cursor;
        lock.readLock().lock();
        try {
            ensureOpen();
            cursor = new BlockCursor(from, to);
        } finally {
            lock.readLock().unlock();
        }
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(cursor, Spliterator.ORDERED), false).onClose(cursor::release);
    }

    /** A stream's native iterator over one snapshot, released once (by the stream's close or the store's). */
    private final class BlockCursor implements Iterator<Block> {
        private final Snapshot snapshot = db.getSnapshot();
        private final ReadOptions readOptions = new ReadOptions().setSnapshot(snapshot);
        private final RocksIterator iterator = db.newIterator(blocks(), readOptions);
        private final byte[] endKey;
        private final long to;
        private long expected;
        private volatile boolean released;
        private final java.util.concurrent.atomic.AtomicBoolean releasedOnce = new java.util.concurrent.atomic.AtomicBoolean();
        private final Runnable releaser = this::release;

        BlockCursor(long from, long to) {
            this.to = to;
            this.expected = from;
            this.endKey = BlockKeys.of(to);
            iterator.seek(BlockKeys.of(from));
            openCursors.add(releaser);
        }

        @Override
        public boolean hasNext() {
            lock.readLock().lock();
            try {
                ensureUsable();
                if (!iterator.isValid()) {
                    try {
                        iterator.status(); // the end, or a read that failed: a failure is never a silent end
                    } catch (RocksDBException e) {
                        throw new StoreException(path + ": a damaged ledger-gossip store: cannot read block " + expected + ": "
                                + e.getMessage(), e);
                    }
                    if (expected < to) {
                        throw new StoreException(path + ": damaged store: block " + expected + " missing");
                    }
                    return false;
                }
                return Arrays.compareUnsigned(iterator.key(), endKey) < 0;
            } finally {
                lock.readLock().unlock();
            }
        }

        @Override
        public Block next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            lock.readLock().lock();
            try {
                ensureUsable();
                long number = BlockKeys.number(iterator.key());
                if (number != expected) {
                    throw new StoreException(path + ": damaged store: block " + expected + " missing");
                }
                Block block = parseBlock(iterator.value(), number);
                expected++;
                iterator.next();
                return block;
            } finally {
                lock.readLock().unlock();
            }
        }

        private void ensureUsable() {
            ensureOpen();
            if (released) {
                throw new StoreException(path + ": the block stream is closed");
            }
        }

        /** Frees the native cursor; called by the stream's close, or by the store's close (under its write lock). */
        void release() {
            lock.readLock().lock(); // the store's close (which holds the write lock) may take it too
            try {
                if (!releasedOnce.compareAndSet(false, true)) {
                    return;
                }
                released = true;
                openCursors.remove(releaser);
                iterator.close();
                readOptions.close();
                db.releaseSnapshot(snapshot);
                snapshot.close();
            } finally {
                lock.readLock().unlock();
            }
        }
    }

    public boolean isOpen() {
        return !closed;
    }

    @Override
    public synchronized void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Runnable cursor : List.copyOf(openCursors)) {
                cursor.run();
            }
            openCursors.clear();
            closeHandles();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void closeHandles() {
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        dbOptions.close();
        cfOptions.close();
        deleteLogDir(logDir);
    }

    private static void deleteLogDir(Path logDir) {
        if (logDir == null) {
            return;
        }
        try (Stream<Path> files = Files.list(logDir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(logDir);
        } catch (IOException e) {
            // a temporary log left behind costs nothing
        }
    }
}
