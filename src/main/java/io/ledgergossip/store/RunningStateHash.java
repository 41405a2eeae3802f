package io.ledgergossip.store;

import io.ledgergossip.util.Sha256;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * The state hash that lets two peers compare their world state in 32 bytes: after each block,
 * {@code h' = SHA-256(h || number || for each write: len(key) key flag [len(value) value])},
 * starting from 32 zero bytes. Peers that committed the same blocks with the same writes in the
 * same order hold the same hash.
 */
public final class RunningStateHash {
    public static final byte[] INITIAL = new byte[Sha256.LENGTH];

    private static final byte PUT = 1;
    private static final byte DELETE = 0;

    private RunningStateHash() {}

    public static byte[] next(byte[] previous, long blockNumber, List<StateWrite> writes) {
        MessageDigest digest = Sha256.newDigest();
        digest.update(previous);
        digest.update(ByteBuffer.allocate(Long.BYTES).putLong(blockNumber).array());
        ByteBuffer length = ByteBuffer.allocate(Integer.BYTES);
        for (StateWrite write : writes) {
            byte[] key = write.key().getBytes(StandardCharsets.UTF_8);
            digest.update(length.clear().putInt(key.length).array());
            digest.update(key);
            if (write.isDelete()) {
                digest.update(DELETE);
            } else {
                digest.update(PUT);
                digest.update(length.clear().putInt(write.value().length).array());
                digest.update(write.value());
            }
        }
        return digest.digest();
    }
}
