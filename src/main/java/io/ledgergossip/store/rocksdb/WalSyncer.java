package io.ledgergossip.store.rocksdb;

import io.ledgergossip.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Makes writes that were made without a sync durable in the background, in groups: one sync of
 * the write-ahead log covers every write made before it started, so while one sync runs the
 * writer goes on writing, and the next sync covers all it wrote meanwhile (group commit with a
 * single writer). Each write is announced with {@link #afterSync} once it is written; the
 * announcements are confirmed in order.
 *
 * <p>A failed sync leaves the log in a state nobody can vouch for: this write and every later one
 * fail, and so does any write announced afterwards.
 *
 * @param <T> what a write made (the store's ledger head after it)
 */
final class WalSyncer<T> implements AutoCloseable {
    /** The sync itself: RocksDB's {@code SyncWAL}, or a flush for runs written without the log; either may run while other threads write. */
    @FunctionalInterface
    interface Sync {
        void run() throws Exception;
    }

    private record Announced<T>(T made, CompletableFuture<T> durable) {}

    private static final Announced<Object> STOP = new Announced<>(null, null);

    private final BlockingQueue<Announced<?>> queue = new LinkedBlockingQueue<>();
    private final Sync sync;
    private final Consumer<T> onDurable;
    private final Thread thread;
    private volatile StoreException failure;
    private long syncs;

    /**
     * @param onDurable called on the syncer's thread with the last write a sync covered, before
     *     the futures of that group complete
     */
    WalSyncer(String name, Sync sync, Consumer<T> onDurable) {
        this.sync = sync;
        this.onDurable = onDurable;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** A write was made: the future completes with {@code made} once a sync covers it. */
    CompletableFuture<T> afterSync(T made) {
        CompletableFuture<T> durable = new CompletableFuture<>();
        StoreException failed = failure;
        if (failed != null) {
            durable.completeExceptionally(failed);
        } else {
            queue.add(new Announced<>(made, durable));
        }
        return durable;
    }

    /** The failure that stopped this syncer, or null. */
    StoreException failure() {
        return failure;
    }

    /** Syncs run so far (each covering one or more writes). */
    synchronized long syncs() {
        return syncs;
    }

    @SuppressWarnings("unchecked")
    private void run() {
        List<Announced<?>> group = new ArrayList<>();
        while (true) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                return; // only close() interrupts, and only after STOP was not taken in time
            }
            queue.drainTo(group);
            boolean stop = group.remove(STOP);
            if (!group.isEmpty()) {
                syncAndConfirm((List<Announced<T>>) (List<?>) group);
            }
            group.clear();
            if (stop) {
                return;
            }
        }
    }

    private void syncAndConfirm(List<Announced<T>> group) {
        if (failure == null) {
            try {
                sync.run();
                synchronized (this) {
                    syncs++;
                }
                onDurable.accept(group.get(group.size() - 1).made());
                group.forEach(a -> a.durable().complete(a.made()));
                return;
            } catch (Exception e) {
                failure = new StoreException("making writes durable failed (a sync of the write-ahead log, or a flush of runs"
                        + " written without it); the writes since the last one may be lost: " + e.getMessage(), e);
            }
        }
        group.forEach(a -> a.durable().completeExceptionally(failure));
    }

    /** Syncs what was announced before, then stops. */
    @Override
    public void close() {
        queue.add(STOP);
        try {
            thread.join();
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
    }
}
