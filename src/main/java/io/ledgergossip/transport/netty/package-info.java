/**
 * Raw TCP and TLS tools on Netty, beside the gossip wire (which is gRPC's, {@code transport.grpc}):
 * the fault-injecting proxy of the chaos runs, and the raw TLS ceiling the benchmarks compare
 * against. With the operations endpoint, the only code that imports Netty directly.
 */
package io.ledgergossip.transport.netty;
