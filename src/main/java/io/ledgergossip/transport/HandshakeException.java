package io.ledgergossip.transport;

/** A peer failed the connection handshake. */
public final class HandshakeException extends Exception {
    private final RejectReason reason;

    public HandshakeException(RejectReason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
