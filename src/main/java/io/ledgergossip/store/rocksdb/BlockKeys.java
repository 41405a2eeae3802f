package io.ledgergossip.store.rocksdb;

import java.nio.ByteBuffer;

/** Block numbers as RocksDB keys: 8 bytes big-endian, so that byte order is number order. */
final class BlockKeys {
    private BlockKeys() {}

    static byte[] of(long number) {
        return ByteBuffer.allocate(Long.BYTES).putLong(number).array();
    }

    static long number(byte[] key) {
        return ByteBuffer.wrap(key).getLong();
    }
}
