package io.ledgergossip.membership;

/** A membership message that must not be believed; the message says why. */
public final class MembershipException extends Exception {
    private final boolean blameless;

    public MembershipException(String message) {
        this(message, false);
    }

    /**
     * @param blameless true when the message may well be honest and only cannot be used here (an
     *     alive message without identity from a peer whose identity is not known yet, as Fabric
     *     sends after its first 10 s): dropped, as Fabric drops it, and held against nobody
     */
    public MembershipException(String message, boolean blameless) {
        super(message);
        this.blameless = blameless;
    }

    public boolean blameless() {
        return blameless;
    }
}
