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
    private static final List<String> FAMILIES = List.of("default", "blocks", "state", "meta", "membership");

    static {
        RocksDB.loadLibrary();
    }

    private final Path path;
    private final RocksDB db;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions cfOptions;
    private final List<ColumnFamilyHandle> handles;
    private volatile boolean closed;

    private RocksDatabase(Path path, RocksDB db, DBOptions dbOptions, ColumnFamilyOptions cfOptions,
            List<ColumnFamilyHandle> handles) {
        this.path = path;
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
        DBOptions dbOptions = new DBOptions().setCreateIfMissing(fresh).setCreateMissingColumnFamilies(fresh);
        ColumnFamilyOptions cfOptions = new ColumnFamilyOptions();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        for (String family : FAMILIES) {
            descriptors.add(new ColumnFamilyDescriptor(family.getBytes(StandardCharsets.US_ASCII), cfOptions));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        RocksDB db;
        try {
            db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
        } catch (RocksDBException e) {
            dbOptions.close();
            cfOptions.close();
            throw new StoreException(dir + ": cannot open the store: " + e.getMessage(), e);
        }
        RocksDatabase database = new RocksDatabase(dir, db, dbOptions, cfOptions, handles);
        if (fresh) {
            database.writeFormatMarker();
        }
        return database;
    }

    static boolean looksLikeStore(Path dir) {
        if (!Files.isRegularFile(dir.resolve("CURRENT"))) {
            return false;
        }
        try (Options options = new Options()) {
            List<byte[]> families = RocksDB.listColumnFamilies(options, dir.toString());
            return families.stream().map(f -> new String(f, StandardCharsets.US_ASCII)).toList()
                    .containsAll(FAMILIES);
        } catch (RocksDBException e) {
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
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new StoreException(dir + ": cannot list the store directory: " + e.getMessage(), e);
        }
    }

    private static void checkIsStore(Path dir) {
        if (!Files.isRegularFile(dir.resolve("CURRENT"))) {
            throw new StoreException(dir + " is not a ledger-gossip store: it is not empty and holds no RocksDB database");
        }
        if (!looksLikeStore(dir)) {
            throw new StoreException(dir + " is not a ledger-gossip store: a RocksDB database without the "
                    + "column families " + FAMILIES);
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
        ensureOpen();
        try {
            return db.get(family, key);
        } catch (RocksDBException e) {
            throw new StoreException(path + ": read failed: " + e.getMessage(), e);
        }
    }

    public void write(WriteOptions options, WriteBatch batch) throws RocksDBException {
        ensureOpen();
        db.write(options, batch);
    }

    /** Syncs the write-ahead log: every write made before is then durable. May run while others write. */
    void syncWal() throws RocksDBException {
        ensureOpen();
        db.syncWal();
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException(path + ": the store is closed");
        }
    }

    /** Number of the highest block key present, or empty when there is none. */
    OptionalLong lastBlockNumber() {
        ensureOpen();
        try (RocksIterator iterator = db.newIterator(blocks())) {
            iterator.seekToLast();
            return iterator.isValid() ? OptionalLong.of(BlockKeys.number(iterator.key())) : OptionalLong.empty();
        }
    }

    RocksIterator newIterator(ColumnFamilyHandle family) {
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

    /** Blocks [from, to) from one snapshot; the stream must be closed. */
    Stream<Block> streamBlocks(long from, long to) {
        ensureOpen();
        Snapshot snapshot = db.getSnapshot();
        ReadOptions readOptions = new ReadOptions().setSnapshot(snapshot);
        RocksIterator iterator = db.newIterator(blocks(), readOptions);
        iterator.seek(BlockKeys.of(from));
        byte[] endKey = BlockKeys.of(to);
        Iterator<Block> blocks = new Iterator<>() {
            private long expected = from;

            @Override
            public boolean hasNext() {
                return iterator.isValid() && Arrays.compareUnsigned(iterator.key(), endKey) < 0;
            }

            @Override
            public Block next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                long number = BlockKeys.number(iterator.key());
                if (number != expected) {
                    throw new StoreException(path + ": damaged store: block " + expected + " missing");
                }
                Block block = parseBlock(iterator.value(), number);
                expected++;
                iterator.next();
                return block;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(blocks, Spliterator.ORDERED), false)
                .onClose(() -> {
                    iterator.close();
                    readOptions.close();
                    db.releaseSnapshot(snapshot);
                    snapshot.close();
                });
    }

    public boolean isOpen() {
        return !closed;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        dbOptions.close();
        cfOptions.close();
    }
}
