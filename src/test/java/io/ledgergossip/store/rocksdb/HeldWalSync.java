package io.ledgergossip.store.rocksdb;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.store.StoreOptions;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Test help: a real RocksDB store whose background log syncs wait for a permit, so a test can hold a run "syncing". */
public final class HeldWalSync {
    private final Semaphore permits = new Semaphore(0);
    private final CountDownLatch waiting = new CountDownLatch(1);

    /** Opens a store at {@code dir} whose deferred syncs this object holds. */
    public RocksLedgerStore open(Path dir) {
        return open(dir, UnloggedRuns.DEFAULT_FROM_BYTES);
    }

    /** As {@link #open(Path)}, with deferred runs of at least {@code unloggedFromBytes} written unlogged (their flushes held alike). */
    RocksLedgerStore open(Path dir, long unloggedFromBytes) {
        return RocksLedgerStore.open(dir, StoreOptions.defaults(), real -> () -> {
            waiting.countDown();
            if (!permits.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the sync");
            }
            real.run();
        }, unloggedFromBytes);
    }

    public void awaitWaiting() throws InterruptedException {
        assertTrue(waiting.await(10, TimeUnit.SECONDS), "the syncer never started a sync");
    }

    public void release(int syncs) {
        permits.release(syncs);
    }
}
