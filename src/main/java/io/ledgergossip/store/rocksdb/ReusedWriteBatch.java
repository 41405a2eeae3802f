package io.ledgergossip.store.rocksdb;

import org.rocksdb.WriteBatch;

/**
 * The write batch of a store's appends, kept from one append to the next (its user serialises
 * them, and takes it only while the database is open). A new batch allocates its buffer afresh,
 * and for large blocks the kernel then zeroes every page of it on first touch: at 15 MB blocks a
 * fifth of a catch-up's CPU went to page faults, about half of it in filling new batches. A
 * cleared batch keeps its buffer, so once it has grown to the size of the appends it is filled
 * without faults. Appends larger than {@link #REUSE_UP_TO_BYTES} get a batch of their own, so
 * that the memory kept stays bounded.
 */
final class ReusedWriteBatch implements AutoCloseable {
    /**
     * Largest append that uses the kept batch (a peer commits runs of at most 32 MiB of blocks, plus
     * their state and metadata); the buffer grows to at most twice the largest it held, by doubling.
     */
    static final int REUSE_UP_TO_BYTES = 40 << 20;

    private final WriteBatch kept = new WriteBatch();

    /** An empty batch for an append of about {@code bytes}, for one append; closing the lease gives it back. */
    Lease take(long bytes) {
        if (bytes > REUSE_UP_TO_BYTES) {
            return new Lease(new WriteBatch((int) Math.min(Integer.MAX_VALUE - 8, bytes))); // reserved: no copies as it grows
        }
        kept.clear(); // also after a failed append that left part of its run in it
        return new Lease(kept);
    }

    /** A batch lent for one append. */
    final class Lease implements AutoCloseable {
        private final WriteBatch batch;

        private Lease(WriteBatch batch) {
            this.batch = batch;
        }

        WriteBatch batch() {
            return batch;
        }

        @Override
        public void close() {
            if (batch != kept) {
                batch.close();
            }
        }
    }

    @Override
    public void close() {
        kept.close();
    }
}
