package io.ledgergossip.membership;

/** Membership changes, called on the node's scheduler thread. */
public interface MembershipListener {
    /** A peer was heard of for the first time, or came back after being dead. */
    default void onAlive(Member member) {}

    /** A peer's alive message changed what it says of itself (endpoint or metadata). */
    default void onUpdated(Member member) {}

    /** A peer was not heard of for aliveExpirationTimeout. */
    default void onDead(Member member) {}
}
