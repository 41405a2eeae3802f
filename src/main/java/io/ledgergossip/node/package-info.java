/**
 * One peer, assembled: transport, membership, topology and routed delivery on one scheduler, with
 * inbound messages handed to the protocol thread. This is the embedding API.
 */
package io.ledgergossip.node;
