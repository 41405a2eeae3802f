/**
 * Who is in the network and who is alive: signed AliveMessages with Fabric's PeerTime, failure
 * detection by expiry, bootstrap through the anchor peers (super nodes) with
 * MembershipRequest/Response, and epidemic spreading of fresh alive messages.
 *
 * <pre>
 *   every aliveTimeInterval:  A --Alive{member, PeerTime{inc, seq+1}, identity} (signed by A)--> connected peers
 *   on a fresher alive:       B --same envelope--> propagatePeerNum random peers (never back to A or the sender)
 *   on connect, every pullInterval:
 *                             B --MembershipRequest{self alive}--> C
 *                             B <--MembershipResponse{alive envelopes C holds}-- C
 *   not heard for aliveExpirationTimeout: dead; alive again only with a newer PeerTime
 * </pre>
 */
package io.ledgergossip.membership;
