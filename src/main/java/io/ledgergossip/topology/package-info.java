/**
 * The hybrid topology and routed delivery. Super nodes (the anchor peers) mesh with each other
 * across orgs; an ordinary peer attaches to the least loaded super node of its org as its parent
 * and keeps sibling links inside its org, so that losing the parent never cuts it off. A message
 * for one given peer travels sender -> its parent -> the target's parent -> target, each hop
 * acknowledged, and the sender learns DELIVERED or FAILED (naming the hop) within hops x hopTimeout.
 *
 * <pre>
 *   S --Routed{id, budget=3T}--> P(S) --Routed{budget=2T}--> P(T) --Routed{budget=T}--> T
 *   S <------ ACCEPTED --------- P(S) <------ ACCEPTED ------ P(T) <----- ACCEPTED ----- T
 *   S <------ DELIVERED -------- P(S) <------ DELIVERED ----- P(T) <----- DELIVERED ---- T
 *   no ACCEPTED within T, or no outcome within the budget: FAILED{hop, reason} goes upstream;
 *   requests are resent until answered, and duplicates are acknowledged again, never re-delivered.
 * </pre>
 */
package io.ledgergossip.topology;
