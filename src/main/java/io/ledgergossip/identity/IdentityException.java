package io.ledgergossip.identity;

/** An identity or signature that must not be trusted; the message says why. */
public final class IdentityException extends Exception {
    public IdentityException(String message) {
        super(message);
    }

    public IdentityException(String message, Throwable cause) {
        super(message, cause);
    }
}
