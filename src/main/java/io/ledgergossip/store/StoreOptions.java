package io.ledgergossip.store;

/**
 * How a store writes.
 *
 * @param syncWrites fsync the write-ahead log on every append. Off still survives a process
 *     crash (the WAL is in the OS page cache); on also survives a power cut. Default on.
 */
public record StoreOptions(boolean syncWrites) {
    public static final boolean DEFAULT_SYNC_WRITES = true;

    public static StoreOptions defaults() {
        return new StoreOptions(DEFAULT_SYNC_WRITES);
    }

    public StoreOptions withSyncWrites(boolean sync) {
        return new StoreOptions(sync);
    }
}
