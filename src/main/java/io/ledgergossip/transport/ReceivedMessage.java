package io.ledgergossip.transport;

import io.ledgergossip.identity.PeerIdentity;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;

/**
 * A message as it arrived: the authenticated sender (the far end of the connection), the envelope
 * (with its signature, for messages that are forwarded and must be checked against their
 * original signer), and the parsed message.
 */
public record ReceivedMessage(PeerIdentity sender, Envelope envelope, GossipMessage message) {}
