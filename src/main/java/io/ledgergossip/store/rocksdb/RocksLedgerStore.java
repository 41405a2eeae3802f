package io.ledgergossip.store.rocksdb;

import io.ledgergossip.ledger.BlockCheck;
import io.ledgergossip.ledger.BlockHashing;
import io.ledgergossip.ledger.ChainVerifier;
import io.ledgergossip.ledger.ContentCheckedBlock;
import io.ledgergossip.store.BlockRejectedException;
import io.ledgergossip.store.LedgerStore;
import io.ledgergossip.store.RunningStateHash;
import io.ledgergossip.store.StateWrite;
import io.ledgergossip.store.StoreException;
import io.ledgergossip.store.StoreOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.hyperledger.fabric.protos.common.Common.Block;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * {@link LedgerStore} on RocksDB.
 *
 * <p>Layout: column family {@code blocks} maps the block number (8 bytes big-endian, so that keys
 * sort by number) to the block's bytes; {@code state} maps world-state keys to values, each
 * inline or, from {@link #REFERENCE_FROM} bytes on, as a reference into the block that wrote it
 * ({@link StateValue});
 * {@code meta} holds the height, the last header hash, the running state hash and a format
 * marker; {@code membership} holds what the peer knows of its peers. An append writes the block,
 * its state writes and the three metadata values in one WriteBatch, so a crash leaves the old
 * ledger or the new one. Large deferred runs bypass the write-ahead log and are made durable by
 * an atomic flush instead ({@link UnloggedRuns}).
 *
 * <p>Appends are serialised; reads may run concurrently with them.
 */
public final class RocksLedgerStore implements LedgerStore {
    /** Values of at least this many bytes are kept as references into their block when found in it. */
    static final int REFERENCE_FROM = 1024;

    private final RocksDatabase db;
    private final boolean syncWrites;
    private final WriteOptions syncedWrite;
    private final WriteOptions unsyncedWrite;
    private final WriteOptions unloggedWrite;
    private final UnloggedRuns unlogged;
    private final Object appendLock = new Object();
    /** The batch of every append, its memory reused (guarded by appendLock). */
    private final ReusedWriteBatch batches = new ReusedWriteBatch();
    /** The ledger as durable: what height(), the hashes and the block reads go by. */
    private volatile LedgerHead head;
    /** The ledger as written, durable or not: what the next append must extend (guarded by appendLock). */
    private LedgerHead written;
    /** Started by the first deferred append when writes are synced (guarded by appendLock). */
    private volatile WalSyncer<LedgerHead> syncer;
    private final UnaryOperator<WalSyncer.Sync> syncs;

    private RocksLedgerStore(RocksDatabase db, StoreOptions options, LedgerHead head, UnaryOperator<WalSyncer.Sync> syncs,
            long unloggedFromBytes) {
        this.db = db;
        this.syncs = syncs;
        this.syncWrites = options.syncWrites();
        this.syncedWrite = new WriteOptions().setSync(options.syncWrites());
        this.unsyncedWrite = new WriteOptions().setSync(false);
        this.unloggedWrite = new WriteOptions().setDisableWAL(true);
        this.unlogged = new UnloggedRuns(unloggedFromBytes);
        this.head = head;
        this.written = head;
    }

    /**
     * Opens the store in {@code dir}, creating it when the directory is absent or empty.
     *
     * @throws StoreException when the directory holds something that is not a ledger-gossip
     *     store, or the store is damaged
     */
    public static RocksLedgerStore open(Path dir, StoreOptions options) {
        return open(dir, options, UnaryOperator.identity());
    }

    /** As {@link #open(Path, StoreOptions)}; tests wrap the background log sync in {@code syncs} to hold it or make it fail. */
    static RocksLedgerStore open(Path dir, StoreOptions options, UnaryOperator<WalSyncer.Sync> syncs) {
        return open(dir, options, syncs, UnloggedRuns.DEFAULT_FROM_BYTES);
    }

    /** As above; deferred runs of at least {@code unloggedFromBytes} bypass the log (tests lower it to reach that path with small blocks). */
    static RocksLedgerStore open(Path dir, StoreOptions options, UnaryOperator<WalSyncer.Sync> syncs, long unloggedFromBytes) {
        RocksDatabase db = RocksDatabase.open(dir);
        try {
            db.checkFormat();
            LedgerHead head = LedgerHead.read(db);
            checkHead(db, head, dir);
            db.verifyChecksums(); // a peer never serves a store with a damaged file: it would claim blocks it cannot read
            return new RocksLedgerStore(db, options, head, syncs, unloggedFromBytes);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    public static RocksLedgerStore open(Path dir) {
        return open(dir, StoreOptions.defaults());
    }

    /**
     * Opens an existing store for reading only, changing none of its files (what {@code verify}
     * does). Only the format is checked: reading the blocks finds the rest.
     *
     * @throws StoreException when the directory is not a ledger-gossip store, or RocksDB cannot open it
     */
    public static RocksLedgerStore openReadOnly(Path dir) {
        RocksDatabase db = RocksDatabase.openReadOnly(dir);
        try {
            db.checkFormat();
            return new RocksLedgerStore(db, StoreOptions.defaults(), LedgerHead.read(db), UnaryOperator.identity(),
                    UnloggedRuns.DEFAULT_FROM_BYTES);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** True when {@code dir} holds a ledger-gossip store (used to tell stores from Fabric ledgers). */
    public static boolean isStore(Path dir) {
        return RocksDatabase.probe(dir).kind() == RocksDatabase.Kind.STORE;
    }

    /**
     * True when {@code dir} holds a ledger-gossip store, intact or damaged (a RocksDB database of
     * ours that RocksDB cannot read): a store {@code verify} must check, never skip. One look at it.
     */
    public static boolean holdsStore(Path dir) {
        return RocksDatabase.probe(dir).kind() != RocksDatabase.Kind.NOT_A_STORE;
    }

    /** Reads every file of the store and checks RocksDB's checksums; a StoreException names the damage. */
    public void verifyFiles() {
        db.verifyChecksums();
    }

    /** The metadata and the blocks must agree: block height-1 is the last one and hashes to the recorded head. */
    private static void checkHead(RocksDatabase db, LedgerHead head, Path dir) {
        OptionalLong last = db.lastBlockNumber();
        long expectedLast = head.height() - 1;
        if (head.height() == 0 ? last.isPresent() : last.isEmpty() || last.getAsLong() != expectedLast) {
            throw new StoreException(dir + ": damaged store: height " + head.height() + " but the last block held is "
                    + (last.isPresent() ? last.getAsLong() : "none"));
        }
        if (head.height() == 0) {
            return;
        }
        byte[] lastBlock = db.get(db.blocks(), BlockKeys.of(expectedLast));
        byte[] lastHash = BlockHashing.headerHash(RocksDatabase.parseBlock(lastBlock, expectedLast).getHeader());
        if (!Arrays.equals(lastHash, head.lastHeaderHash())) {
            throw new StoreException(dir + ": damaged store: last header hash does not match block " + expectedLast);
        }
    }

    @Override
    public void append(Block block, List<StateWrite> writes) throws BlockRejectedException {
        appendAll(List.of(block), List.of(writes));
    }

    /**
     * One WriteBatch, one synced write, for the whole run of blocks; unlogged and then flushed
     * while an earlier unlogged run is not yet flushed ({@link UnloggedRuns}).
     */
    @Override
    public void appendAll(List<Block> blocks, List<List<StateWrite>> writes) throws BlockRejectedException {
        synchronized (appendLock) {
            List<Placed> placed = blocks.stream().map(Placed::unchecked).toList();
            if (!syncWrites || !unlogged.pending()) {
                markDurable(write(placed, writes, syncedWrite));
                return;
            }
            LedgerHead next = writeUnlogged(placed, writes);
            try {
                unlogged.flush(db);
            } catch (RocksDBException e) {
                throw new StoreException("flush of blocks up to " + (next.height() - 1) + " failed: " + e.getMessage(), e);
            }
            markDurable(next);
        }
    }

    /**
     * One WriteBatch written without waiting for the disk; a background thread syncs the
     * write-ahead log, once for every run written while the previous sync ran. RocksDB writes
     * its log in order, so a crash before the sync loses a suffix of runs, never a run in part or
     * one in the middle.
     */
    @Override
    public CompletableFuture<Long> appendAllDeferringSync(List<ContentCheckedBlock> checked, List<List<StateWrite>> writes)
            throws BlockRejectedException {
        List<Placed> blocks = checked.stream().map(Placed::checked).toList();
        synchronized (appendLock) {
            if (!syncWrites) {
                LedgerHead next = markDurable(write(blocks, writes, unsyncedWrite));
                return CompletableFuture.completedFuture(next.height());
            }
            if (syncer == null) {
                syncer = new WalSyncer<>("wal-sync " + db.path(), syncs.apply(() -> unlogged.makeDurable(db)), this::markDurable);
            }
            long bytes = blocks.stream().mapToLong(p -> p.block().getSerializedSize()).sum();
            if (!unlogged.nextIsUnlogged(bytes)) {
                return syncer.afterSync(write(blocks, writes, unsyncedWrite)).thenApply(LedgerHead::height);
            }
            return syncer.afterSync(writeUnlogged(blocks, writes)).thenApply(LedgerHead::height);
        }
    }

    /** Writes the run without the log and counts it, so that the next durability step is a flush and later runs stay unlogged until it is done. */
    private LedgerHead writeUnlogged(List<Placed> blocks, List<List<StateWrite>> writes) throws BlockRejectedException {
        LedgerHead next = write(blocks, writes, unloggedWrite);
        unlogged.written();
        return next;
    }

    /** A block to append; its content is checked here unless it was already. */
    private record Placed(Block block, ContentCheckedBlock checked) {
        static Placed unchecked(Block block) {
            return new Placed(block, null);
        }

        static Placed checked(ContentCheckedBlock checked) {
            return new Placed(checked.block(), checked);
        }

        BlockCheck checkWith(ChainVerifier chain) {
            return checked == null ? chain.check(block) : chain.checkPlace(checked);
        }
    }

    /** Checks the run against the ledger as written, writes it, and returns the ledger head after it. */
    private LedgerHead write(List<Placed> blocks, List<List<StateWrite>> writes, WriteOptions options) throws BlockRejectedException {
        if (blocks.size() != writes.size()) {
            throw new IllegalArgumentException(blocks.size() + " blocks but " + writes.size() + " write sets");
        }
        if (syncer != null && syncer.failure() != null) {
            throw syncer.failure();
        }
        LedgerHead next = written;
        if (blocks.isEmpty()) {
            return next;
        }
        long reserved = blocks.stream().mapToLong(p -> p.block().getSerializedSize() + 256L).sum(); // state references are small
        ChainVerifier chain = new ChainVerifier(next.height(), next.height() == 0 ? null : next.lastHeaderHash());
        try (RocksDatabase.Guard open = db.guard(); // the handles stay valid while the batch is built and written
                ReusedWriteBatch.Lease lease = batches.take(reserved)) {
            WriteBatch batch = lease.batch();
            for (int i = 0; i < blocks.size(); i++) {
                Block block = blocks.get(i).block();
                BlockCheck check = blocks.get(i).checkWith(chain);
                if (!check.valid()) {
                    throw new BlockRejectedException(check.blockNum(), check.errors());
                }
                byte[] bytes = block.toByteArray();
                batch.put(db.blocks(), BlockKeys.of(next.height()), bytes);
                putState(batch, next.height(), bytes, writes.get(i));
                next = new LedgerHead(next.height() + 1, chain.lastHeaderHash(), // the checked block's header hash
                        RunningStateHash.next(next.stateHash(), next.height(), writes.get(i)));
            }
            next.writeTo(batch, db.meta());
            db.write(options, batch);
        } catch (RocksDBException e) {
            throw new StoreException("append of blocks " + written.height() + ".." + (written.height() + blocks.size() - 1)
                    + " failed: " + e.getMessage(), e);
        }
        written = next;
        return next;
    }

    /** The ledger up to {@code durable} is on disk: reads may see it (heads only move forward). */
    private synchronized LedgerHead markDurable(LedgerHead durable) {
        if (durable.height() > head.height()) {
            head = durable;
        }
        return durable;
    }

    @Override
    public long writtenHeight() {
        synchronized (appendLock) {
            return written.height();
        }
    }

    private void putState(WriteBatch batch, long number, byte[] blockBytes, List<StateWrite> writes) throws RocksDBException {
        ValueLocator locator = null;
        for (StateWrite write : writes) {
            byte[] key = write.key().getBytes(StandardCharsets.UTF_8);
            if (write.isDelete()) {
                batch.delete(db.state(), key);
                continue;
            }
            byte[] value = write.value();
            int offset = -1;
            if (value.length >= REFERENCE_FROM) {
                locator = locator == null ? new ValueLocator(blockBytes) : locator;
                offset = locator.find(value);
            }
            batch.put(db.state(), key, offset < 0 ? StateValue.inline(value) : StateValue.reference(number, offset, value.length));
        }
    }

    @Override
    public Optional<byte[]> blockBytes(long number) {
        if (number < 0 || number >= head.height()) {
            return Optional.empty();
        }
        return Optional.ofNullable(db.get(db.blocks(), BlockKeys.of(number)));
    }

    @Override
    public long height() {
        return head.height();
    }

    @Override
    public Optional<Block> block(long number) {
        if (number < 0 || number >= head.height()) {
            return Optional.empty();
        }
        byte[] bytes = db.get(db.blocks(), BlockKeys.of(number));
        return Optional.ofNullable(bytes).map(b -> RocksDatabase.parseBlock(b, number));
    }

    @Override
    public Stream<Block> blocks(long from, long to) {
        long end = Math.min(to, head.height());
        if (from < 0 || from >= end) {
            return Stream.empty();
        }
        return db.streamBlocks(from, end);
    }

    @Override
    public byte[] lastHeaderHash() {
        return head.lastHeaderHash().clone();
    }

    @Override
    public byte[] stateHash() {
        return head.stateHash().clone();
    }

    @Override
    public Optional<byte[]> state(String key) {
        byte[] stored = db.get(db.state(), key.getBytes(StandardCharsets.UTF_8));
        if (stored == null) {
            return Optional.empty();
        }
        if (StateValue.isInline(stored, key)) {
            return Optional.of(StateValue.inlineValue(stored));
        }
        StateValue.Reference ref = StateValue.referenceOf(stored, key);
        byte[] block = db.get(db.blocks(), BlockKeys.of(ref.block()));
        if (block == null) {
            throw StateValue.damaged(key, "refers to block " + ref.block() + ", which the store does not hold");
        }
        return Optional.of(StateValue.slice(block, ref, key));
    }

    /** Raw access for the layers that keep membership in the same database. */
    public RocksDatabase database() {
        return db;
    }

    /** False once closed, and once a sync of the log failed (what was written since is in doubt). */
    @Override
    public boolean isOpen() {
        return db.isOpen() && (syncer == null || syncer.failure() == null);
    }

    /** Syncs of the write-ahead log made for deferred appends so far. */
    public long walSyncs() {
        synchronized (appendLock) {
            return syncer == null ? 0 : syncer.syncs();
        }
    }

    /** Makes what was written durable (deferred appends included), then closes. */
    @Override
    public void close() {
        synchronized (appendLock) {
            if (syncer != null) {
                syncer.close();
            }
            RocksDBException lost = null;
            try {
                if (unlogged.pending() && db.isOpen()) {
                    unlogged.flush(db);
                }
            } catch (RocksDBException e) {
                lost = e;
            } finally {
                syncedWrite.close();
                unsyncedWrite.close();
                unloggedWrite.close();
                batches.close();
                db.close();
            }
            if (lost != null) {
                throw new StoreException(db.path() + ": flush on close failed; runs written since the last flush may be lost: "
                        + lost.getMessage(), lost);
            }
        }
    }
}
