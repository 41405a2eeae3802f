package io.ledgergossip.store.rocksdb;

import io.ledgergossip.store.StoreException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * How a world-state value is kept in the {@code state} column family: inline, or as a reference
 * to the bytes of the block that wrote it.
 *
 * <p>A transaction's write set carries its values verbatim, so a large value is already in the
 * block the store holds forever (blocks are never pruned). Writing it a second time would double
 * the bytes every commit logs, syncs, flushes and compacts; a reference (block number, offset,
 * length; a few bytes) keeps the store's writes close to the blocks' own size. The immutable
 * ledger is the value log. Reading such a value reads its block.
 *
 * <p>Encoding: one tag byte, {@code 0} then the value, or {@code 1} then three unsigned varints.
 */
final class StateValue {
    private static final byte INLINE = 0;
    private static final byte REFERENCE = 1;

    /** Where a referenced value lies: {@code length} bytes at {@code offset} in block {@code block}. */
    record Reference(long block, int offset, int length) {}

    private StateValue() {}

    static byte[] inline(byte[] value) {
        byte[] stored = new byte[value.length + 1];
        stored[0] = INLINE;
        System.arraycopy(value, 0, stored, 1, value.length);
        return stored;
    }

    static byte[] reference(long block, int offset, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16);
        out.write(REFERENCE);
        writeVarint(out, block);
        writeVarint(out, offset);
        writeVarint(out, length);
        return out.toByteArray();
    }

    /** True when {@code stored} holds its value inline; {@link #inlineValue} then returns it. */
    static boolean isInline(byte[] stored, String key) {
        if (stored.length == 0 || (stored[0] != INLINE && stored[0] != REFERENCE)) {
            throw damaged(key, "unknown value tag");
        }
        return stored[0] == INLINE;
    }

    static byte[] inlineValue(byte[] stored) {
        return Arrays.copyOfRange(stored, 1, stored.length);
    }

    static Reference referenceOf(byte[] stored, String key) {
        int[] pos = {1};
        long block = readVarint(stored, pos, key);
        long offset = readVarint(stored, pos, key);
        long length = readVarint(stored, pos, key);
        if (pos[0] != stored.length || offset > Integer.MAX_VALUE || length > Integer.MAX_VALUE) {
            throw damaged(key, "malformed reference");
        }
        return new Reference(block, (int) offset, (int) length);
    }

    /** The referenced bytes of {@code blockBytes}, checked to lie inside them. */
    static byte[] slice(byte[] blockBytes, Reference ref, String key) {
        if (ref.offset() + (long) ref.length() > blockBytes.length) {
            throw damaged(key, "reference past the end of block " + ref.block());
        }
        return Arrays.copyOfRange(blockBytes, ref.offset(), ref.offset() + ref.length());
    }

    static StoreException damaged(String key, String what) {
        return new StoreException("damaged store: state value of key '" + key + "': " + what);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }

    private static long readVarint(byte[] bytes, int[] pos, String key) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= bytes.length) {
                throw damaged(key, "truncated reference");
            }
            byte b = bytes[pos[0]++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw damaged(key, "varint too long");
    }
}
