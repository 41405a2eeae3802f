package io.ledgergossip.wire;

/** Bytes from the network that are not an acceptable message; the message says why. */
public final class WireException extends Exception {
    public WireException(String message) {
        super(message);
    }
}
