package io.ledgergossip.dissemination;

/** A block that must not be committed: forged, damaged, or not signed by an orderer. */
public final class BlockVerificationException extends Exception {
    public BlockVerificationException(String message) {
        super(message);
    }
}
