package io.ledgergossip.util;

import com.google.protobuf.ByteString;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, the one hash function of Fabric's block and identity formats. */
public final class Sha256 {
    public static final int LENGTH = 32;

    private Sha256() {}

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java 17 runtime ships SHA-256", e);
        }
    }

    public static byte[] of(byte[] data) {
        return newDigest().digest(data);
    }

    /** Hash of the concatenation of the given parts, without copying them into one array. */
    public static byte[] ofAll(Iterable<ByteString> parts) {
        MessageDigest digest = newDigest();
        for (ByteString part : parts) {
            for (var buffer : part.asReadOnlyByteBufferList()) {
                digest.update(buffer);
            }
        }
        return digest.digest();
    }
}
