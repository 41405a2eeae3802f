package io.ledgergossip.store;

import java.util.Objects;

/**
 * One world-state write of a committed transaction: a new value for a key, or its deletion.
 *
 * @param value the new value, or null to delete the key
 */
public record StateWrite(String key, byte[] value) {
    public StateWrite {
        Objects.requireNonNull(key, "key");
    }

    public static StateWrite put(String key, byte[] value) {
        return new StateWrite(key, Objects.requireNonNull(value, "value"));
    }

    public static StateWrite delete(String key) {
        return new StateWrite(key, null);
    }

    public boolean isDelete() {
        return value == null;
    }
}
