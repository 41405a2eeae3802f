/**
 * The wire: Fabric's gossip protobuf messages ({@code GossipMessage} inside a signed
 * {@code Envelope}), how they are signed, and how untrusted bytes become a message (size first,
 * then parsing, and errors of one type, {@link io.ledgergossip.wire.WireException}).
 */
package io.ledgergossip.wire;
