package io.ledgergossip.membership;

/** A membership message that must not be believed; the message says why. */
public final class MembershipException extends Exception {
    public MembershipException(String message) {
        super(message);
    }
}
