package io.ledgergossip.dissemination;

import io.ledgergossip.identity.PkiId;
import io.ledgergossip.ledger.ContentCheckedBlock;
import io.ledgergossip.store.BlockRejectedException;
import io.ledgergossip.store.LedgerStore;
import io.ledgergossip.time.Clock;
import io.ledgergossip.store.StateReader;
import io.ledgergossip.store.StateWrite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.stream.LongStream;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * Where blocks arrive, from any source: each is verified, held in a bounded buffer while blocks
 * before it are missing, and committed to the store strictly in order, each exactly once.
 * Runs on the node's scheduler thread.
 */
public final class BlockIntake {
    /** What became of an offered block. */
    public enum Outcome { COMMITTED_OR_BUFFERED, DUPLICATE, OUT_OF_WINDOW, INVALID }

    /** The result; when INVALID, the reason and the peer that sent the bad block. */
    public record Result(Outcome outcome, String reason, PkiId blame) {
        static final Result OK = new Result(Outcome.COMMITTED_OR_BUFFERED, "", null);
    }

    private record Held(ContentCheckedBlock checked, PkiId from) {
        Block block() {
            return checked.block();
        }
    }

    /**
     * Bytes of blocks the re-ordering buffer may hold beyond state.blockBufferSize blocks when blocks are
     * small: with 32 KB blocks 512 blocks instead of 100, so that state-transfer ranges sized in bytes fit.
     */
    static final long BUFFER_BYTES = 16L * 1024 * 1024;

    /** Blocks committed in one store write at most. */
    static final int MAX_BLOCKS_PER_WRITE = 100;
    /**
     * Bytes of blocks committed in one store write at most (a larger block goes alone): the store
     * keeps its write batch between writes up to this size instead of allocating one afresh.
     */
    static final long MAX_BYTES_PER_WRITE = 32L * 1024 * 1024;

    private final LedgerStore store;
    private final BlockVerifier verifier;
    private final BlockValidation validation;
    private final int bufferSize;
    /** Smoothed size of the blocks held so far (bytes), or 0 before the first. */
    private volatile double blockBytes;
    private final TreeMap<Long, Held> buffer = new TreeMap<>();
    /**
     * Bytes of blocks written and not yet durable at most: while more are syncing no further run is
     * written, so a disk slower than the network leaves the buffer full and state transfer stops
     * asking, rather than memory growing. The window is counted from the written height, so that
     * the next blocks are fetched and checked while a sync runs.
     */
    static final long MAX_SYNCING_BYTES = 64L * 1024 * 1024;

    /** Blocks written to the store and not yet durable (deferred syncs), by number, and their bytes. */
    private final TreeMap<Long, Block> syncing = new TreeMap<>();
    private long syncingBytes;
    private final List<CommitListener> listeners = new CopyOnWriteArrayList<>();

    /** Called after each commit, in block order. */
    @FunctionalInterface
    public interface CommitListener {
        void onBlockCommitted(Block block);
    }

    /** A written run waiting to be announced: listeners hear of runs strictly in the order they were written. */
    private record Announcement(List<Block> blocks, long started, CompletableFuture<Long> durable) {}

    private final java.util.ArrayDeque<Announcement> announcements = new java.util.ArrayDeque<>();
    private final Clock clock;
    private long commits;
    private long commitNanos;
    /** Each commit's time, from its store write until durable, in Fabric's gossip_state_commit_duration buckets. */
    private final io.ledgergossip.util.SecondsHistogram commitTimes =
            new io.ledgergossip.util.SecondsHistogram(io.ledgergossip.util.SecondsHistogram.PROMETHEUS_DEFAULT_BUCKETS);
    private final Executor nodeThread;
    private Runnable heightAdvanced = () -> { };

    /** Store writes of runs of blocks so far (a run is one atomic write), and their total time, each from its write until durable. */
    public long commits() {
        return commits;
    }

    /** Commit times as a histogram (thread-safe to read). */
    public io.ledgergossip.util.SecondsHistogram commitTimes() {
        return commitTimes;
    }

    /** Blocks held ahead of the height, waiting for the ones before them (Fabric's payload buffer). */
    public int buffered() {
        return buffer.size();
    }

    public long commitNanos() {
        return commitNanos;
    }

    /**
     * Called on the node's thread when a deferred sync moved the height (once per store write): the
     * caller commits what is ready ({@link #commitReady}), as writing may have waited for room.
     */
    public void onHeightAdvanced(Runnable action) {
        this.heightAdvanced = action;
    }

    /** An intake whose commits wait for their own sync, untimed (tests, tools). */
    public BlockIntake(LedgerStore store, BlockVerifier verifier, BlockValidation validation, int bufferSize) {
        this(store, verifier, validation, bufferSize, () -> 0, null);
    }

    /**
     * @param commitClock times each commit (store write of a run of blocks)
     * @param nodeThread where deferred commits are announced: with it, commits do not wait for the disk (a run is
     *     written and the next verified and written while the store makes it durable in the background, one sync for
     *     the runs written meanwhile; it counts as committed, height and listeners, once durable, on this thread);
     *     null: each commit waits for its own sync
     */
    public BlockIntake(LedgerStore store, BlockVerifier verifier, BlockValidation validation, int bufferSize, Clock commitClock,
            Executor nodeThread) {
        this.clock = commitClock;
        this.nodeThread = nodeThread;
        this.store = store;
        this.verifier = verifier;
        this.validation = validation;
        this.bufferSize = bufferSize;
    }

    public void addListener(CommitListener listener) {
        listeners.add(listener);
    }

    public long height() {
        return store.height();
    }

    public boolean has(long number) {
        return number < store.writtenHeight() || buffer.containsKey(number);
    }

    /** Blocks written to the store, durable or not: the next block to commit has this number. */
    public long writtenHeight() {
        return store.writtenHeight();
    }

    /** Whether a block with this number would be taken now (not held, and inside the buffer window). */
    public boolean wants(long number) {
        return !has(number) && number < windowEnd();
    }

    /** The first block number past the buffer window: {@link #window()} blocks past the written height. */
    public long windowEnd() {
        return store.writtenHeight() + window();
    }

    /**
     * How many blocks past the height are taken: state.blockBufferSize, or more when that many
     * blocks (by the size of those held so far) come to less than {@link #BUFFER_BYTES}. The size
     * follows every block held, so after small blocks the first large one shrinks the window back
     * (one 15 MB block after 1 KB ones makes the estimate 1.5 MB): what is held stays near
     * max(state.blockBufferSize blocks, BUFFER_BYTES) plus a block.
     */
    public long window() {
        double size = blockBytes;
        return size <= 0 ? bufferSize : Math.max(bufferSize, (long) (BUFFER_BYTES / size));
    }

    public Optional<Block> block(long number) {
        Held buffered = buffer.get(number);
        if (buffered != null) {
            return Optional.of(buffered.block());
        }
        Block written = syncing.get(number);
        return written != null ? Optional.of(written) : store.block(number);
    }

    /** Verifies, buffers and commits what is ready: {@link #hold} then {@link #commitReady}. */
    public Result offer(Block block, PkiId from) {
        Result held = hold(block, from);
        return held.outcome() == Outcome.COMMITTED_OR_BUFFERED ? commitReady() : held;
    }

    /** Verifies a block and buffers it; nothing is committed until {@link #commitReady}. */
    public Result hold(Block block, PkiId from) {
        Result outside = outsideWindow(block.getHeader().getNumber());
        if (outside != null) {
            return outside;
        }
        try {
            return hold(verifier.verify(block), from);
        } catch (BlockVerificationException e) {
            return new Result(Outcome.INVALID, e.getMessage(), from);
        }
    }

    /** Buffers a block that already passed this intake's {@link #verifier()} (on another thread). */
    Result hold(ContentCheckedBlock verified, PkiId from) {
        Result outside = outsideWindow(verified.number());
        if (outside != null) {
            return outside;
        }
        buffer.put(verified.number(), new Held(verified, from));
        double size = verified.block().getSerializedSize();
        blockBytes = blockBytes <= 0 ? size : 0.9 * blockBytes + 0.1 * size;
        return Result.OK;
    }

    private Result outsideWindow(long number) {
        if (has(number)) {
            return new Result(Outcome.DUPLICATE, "", null);
        }
        if (number >= windowEnd()) {
            return new Result(Outcome.OUT_OF_WINDOW, "", null);
        }
        return null;
    }

    /** The checks a block passes before it is held: thread-safe, so they may run off the node's thread. */
    BlockVerifier verifier() {
        return verifier;
    }

    /**
     * Commits the buffered run that starts at the height, in one atomic store write (one fsync for a
     * whole state-transfer batch). A block that does not extend the chain is dropped, with
     * everything else its sender had buffered, and the blocks before it are committed.
     */
    public Result commitReady() {
        while (!buffer.isEmpty() && buffer.firstKey() == store.writtenHeight() && syncingBytes < MAX_SYNCING_BYTES) {
            List<Held> run = new ArrayList<>();
            long runBytes = 0;
            for (long n = store.writtenHeight(); run.size() < MAX_BLOCKS_PER_WRITE; n++) {
                Held next = buffer.get(n);
                if (next == null || (!run.isEmpty() && runBytes + next.block().getSerializedSize() > MAX_BYTES_PER_WRITE)) {
                    break;
                }
                run.add(next);
                runBytes += next.block().getSerializedSize(); // memoized by protobuf
            }
            PendingState state = new PendingState(store);
            List<ContentCheckedBlock> blocks = new ArrayList<>(run.size());
            List<List<StateWrite>> writes = new ArrayList<>(run.size());
            for (Held held : run) {
                CommitPlan plan = validation.plan(held.block(), state);
                state.apply(plan.writes());
                try {
                    blocks.add(held.checked().sameContent(plan.block()));
                } catch (ContentCheckedBlock.BlockContentException e) {
                    throw new IllegalStateException("the validation changed block " + held.checked().number() + "'s content: "
                            + e.getMessage(), e);
                }
                writes.add(plan.writes());
            }
            long started = clock.nanoTime();
            CompletableFuture<Long> durable;
            try {
                durable = store.appendAllDeferringSync(blocks, writes);
            } catch (BlockRejectedException e) {
                return commitOneByOne(run);
            }
            run.forEach(h -> buffer.remove(h.block().getHeader().getNumber()));
            List<Block> committed = blocks.stream().map(ContentCheckedBlock::block).toList();
            announcements.add(new Announcement(committed, started, durable));
            if (durable.isDone() || nodeThread == null) {
                announce(); // without deferSyncs: waits here for the sync
            } else {
                for (Block b : committed) {
                    syncing.put(b.getHeader().getNumber(), b);
                    syncingBytes += b.getSerializedSize();
                }
                durable.whenComplete((height, error) -> nodeThread.execute(() -> {
                    announce();
                    heightAdvanced.run();
                }));
            }
        }
        return Result.OK;
    }

    /**
     * Tells the listeners of every written run that is durable, oldest first, and stops at the first
     * that is not: a run committed after another (a synced append after a rejected run, say) is never
     * announced before it.
     */
    private void announce() {
        while (!announcements.isEmpty()) {
            Announcement next = announcements.peek();
            if (nodeThread != null && !next.durable().isDone()) {
                return;
            }
            announcements.poll();
            committed(next.blocks(), next.started(), next.durable());
        }
    }

    /** A run is durable, or could not be made so: then the store has failed, refuses appends, and this says why. */
    private void committed(List<Block> blocks, long started, CompletableFuture<Long> durable) {
        for (Block b : blocks) {
            if (syncing.remove(b.getHeader().getNumber()) != null) {
                syncingBytes -= b.getSerializedSize();
            }
        }
        try {
            durable.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        commits++;
        long took = clock.nanoTime() - started;
        commitNanos += took;
        commitTimes.observeNanos(took);
        blocks.forEach(b -> listeners.forEach(l -> l.onBlockCommitted(b)));
    }

    /**
     * After a rejected run: commits block by block up to the one at fault. Each block is a commit
     * of its own (synced before append returns), announced in order behind any run still syncing.
     */
    private Result commitOneByOne(List<Held> run) {
        for (Held next : run) {
            buffer.remove(next.block().getHeader().getNumber());
            CommitPlan plan = validation.plan(next.block(), store);
            long started = clock.nanoTime();
            try {
                store.append(plan.block(), plan.writes());
            } catch (BlockRejectedException e) {
                // signed by the orderer yet not our chain's next block: forged, or from another chain;
                // whatever else that peer sent is suspect too
                buffer.values().removeIf(held -> held.from().equals(next.from()));
                announce();
                return new Result(Outcome.INVALID, e.getMessage(), next.from());
            }
            announcements.add(new Announcement(List.of(plan.block()), started, CompletableFuture.completedFuture(store.writtenHeight())));
        }
        announce();
        return Result.OK;
    }

    /** The world state as the store has it plus the writes of blocks planned but not yet written. */
    private static final class PendingState implements StateReader {
        private final StateReader committed;
        private final Map<String, Optional<byte[]>> pending = new HashMap<>();

        PendingState(StateReader committed) {
            this.committed = committed;
        }

        void apply(List<StateWrite> writes) {
            writes.forEach(w -> pending.put(w.key(), w.isDelete() ? Optional.empty() : Optional.of(w.value())));
        }

        @Override
        public Optional<byte[]> state(String key) {
            Optional<byte[]> value = pending.get(key);
            return value != null ? value : committed.state(key);
        }
    }

    /** The bytes of a block held (buffered or committed), as a peer serves them. */
    public Optional<byte[]> blockBytes(long number) {
        Held buffered = buffer.get(number);
        if (buffered != null) {
            return Optional.of(buffered.block().toByteArray());
        }
        Block written = syncing.get(number);
        return written != null ? Optional.of(written.toByteArray()) : store.blockBytes(number);
    }

    /** Numbers of the most recent blocks held, for pull digests. */
    public List<Long> recent(int count) {
        long top = buffer.isEmpty() ? store.writtenHeight() : Math.max(store.writtenHeight(), buffer.lastKey() + 1);
        long from = Math.max(0, top - count);
        return LongStream.range(from, top).filter(this::has).boxed().toList();
    }
}
