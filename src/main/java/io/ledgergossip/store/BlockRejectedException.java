package io.ledgergossip.store;

import java.util.List;

/** A block that does not extend the chain the store holds; the store is left as it was. */
public final class BlockRejectedException extends Exception {
    private final long blockNumber;
    private final List<String> reasons;

    public BlockRejectedException(long blockNumber, List<String> reasons) {
        super("block " + Long.toUnsignedString(blockNumber) + " rejected: " + String.join("; ", reasons));
        this.blockNumber = blockNumber;
        this.reasons = List.copyOf(reasons);
    }

    public long blockNumber() {
        return blockNumber;
    }

    public List<String> reasons() {
        return reasons;
    }
}
