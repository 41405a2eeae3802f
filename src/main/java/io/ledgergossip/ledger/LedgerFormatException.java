package io.ledgergossip.ledger;

/**
 * Bytes read from a block file or a peer that are not what Fabric's formats allow. The message
 * says where (file and offset, when known) and what is wrong; it never carries a stack of
 * parser internals to the operator.
 */
public class LedgerFormatException extends Exception {
    private final boolean framingIntact;

    /**
     * @param framingIntact true when only this record is bad and the reader can go on with the
     *     next one; false when the position of the next record is lost (truncation, a corrupt
     *     length prefix)
     */
    public LedgerFormatException(String message, boolean framingIntact) {
        super(message);
        this.framingIntact = framingIntact;
    }

    public boolean framingIntact() {
        return framingIntact;
    }
}
