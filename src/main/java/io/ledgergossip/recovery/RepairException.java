package io.ledgergossip.recovery;

/** The ledger cannot be repaired from the sources given: the message says why; nothing was written. */
public final class RepairException extends Exception {
    public RepairException(String message) {
        super(message);
    }
}
