package io.ledgergossip.identity;

import com.google.protobuf.ByteString;
import io.ledgergossip.util.Hex;
import io.ledgergossip.util.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A peer's identifier in gossip: Fabric's PKI-ID, SHA-256(mspid || identity bytes), where the
 * identity bytes are the PEM certificate of the {@code SerializedIdentity}.
 */
public final class PkiId implements Comparable<PkiId> {
    private final byte[] bytes;
    /** Computed once: PKI-IDs key the maps every message passes through (inbox, holders, scores). */
    private final int hash;

    private PkiId(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    public static PkiId of(String mspId, byte[] idBytes) {
        byte[] msp = mspId.getBytes(StandardCharsets.UTF_8);
        byte[] raw = Arrays.copyOf(msp, msp.length + idBytes.length);
        System.arraycopy(idBytes, 0, raw, msp.length, idBytes.length);
        return new PkiId(Sha256.of(raw));
    }

    public static PkiId fromBytes(ByteString bytes) {
        return new PkiId(bytes.toByteArray());
    }

    public static PkiId fromBytes(byte[] bytes) {
        return new PkiId(bytes.clone());
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    public ByteString toByteString() {
        return ByteString.copyFrom(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PkiId other && hash == other.hash && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(PkiId other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    /** The first 8 hex digits, enough to tell peers apart in logs. */
    public String shortHex() {
        return Hex.of(Arrays.copyOf(bytes, Math.min(4, bytes.length)));
    }

    @Override
    public String toString() {
        return Hex.of(bytes);
    }
}
