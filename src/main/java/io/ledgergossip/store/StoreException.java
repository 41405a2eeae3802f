package io.ledgergossip.store;

/** The store cannot do its job: the directory is not a store, the disk failed, the data is damaged. */
public final class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
