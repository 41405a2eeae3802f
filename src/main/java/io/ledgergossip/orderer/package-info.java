/**
 * Fabric's ordering service as a block source: the {@code AtomicBroadcast/Deliver} client a
 * super node (Fabric's leader peer) takes new blocks with, over mutual TLS, from its ledger height
 * on, failing over between the channel's orderers and resuming after a break.
 */
package io.ledgergossip.orderer;
