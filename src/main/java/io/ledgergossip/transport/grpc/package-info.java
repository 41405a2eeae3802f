/**
 * The transport on Fabric's own wire: the {@code gossip.Gossip} gRPC service ({@code GossipStream},
 * a bidirectional stream of {@code Envelope}s, and {@code Ping}) over mutual TLS, with Fabric's
 * ConnEstablish exchange at the start of every stream. A Fabric v2.5 peer and a ledger-gossip
 * peer talk to each other through it as two Fabric peers do.
 */
package io.ledgergossip.transport.grpc;
