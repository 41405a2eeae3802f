package io.ledgergossip.ledger;

/** A block file ends in the middle of a block (a crash while writing, or a cut copy). */
public final class TruncatedBlockException extends LedgerFormatException {
    public TruncatedBlockException(String message) {
        super(message, false);
    }
}
