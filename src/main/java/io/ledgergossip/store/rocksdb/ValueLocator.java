package io.ledgergossip.store.rocksdb;

import java.util.Arrays;

/**
 * Finds state values inside the serialized block that wrote them. Values are looked for from the
 * end of the previous one found (a write set lists them in the order its bytes hold them), then
 * from the start. Any place where the bytes are equal will do: the reference reads those bytes.
 *
 * <p>The work is bounded: a block is data from the network, and a crafted one (long runs of
 * nearly matching bytes, or many values that are not in it) must not make a commit quadratic.
 * Once {@code 8 x block length} bytes have been scanned or compared, every further value is kept
 * inline.
 */
final class ValueLocator {
    private final byte[] block;
    private long budget;
    private int cursor;

    ValueLocator(byte[] block) {
        this.block = block;
        this.budget = 8L * block.length + 1024;
    }

    /** The offset of {@code value} in the block, or -1 when it is not there (or the budget is spent). */
    int find(byte[] value) {
        if (value.length == 0 || value.length > block.length) {
            return -1;
        }
        int at = search(value, cursor, block.length - value.length);
        if (at < 0 && cursor > 0) {
            at = search(value, 0, Math.min(cursor - 1, block.length - value.length));
        }
        if (at >= 0) {
            cursor = at + value.length;
        }
        return at;
    }

    private int search(byte[] value, int from, int last) {
        byte first = value[0];
        for (int p = from; p <= last && budget > 0; p++) {
            budget--;
            if (block[p] != first) {
                continue;
            }
            int mismatch = Arrays.mismatch(block, p, p + value.length, value, 0, value.length);
            if (mismatch < 0) {
                budget -= value.length;
                return p;
            }
            budget -= mismatch + 1;
        }
        return -1;
    }
}
