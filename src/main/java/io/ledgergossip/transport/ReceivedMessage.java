package io.ledgergossip.transport;

import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.wire.WireMessage;
import io.ledgergossip.wire.proto.LedgerGossip.ExtensionMessage;
import org.hyperledger.fabric.protos.gossip.Message.Envelope;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;

/**
 * A message as it arrived: the authenticated sender (the far end of the connection), the envelope
 * (with its signature, for messages that are forwarded and must be checked against their
 * original signer), and the parsed message, Fabric's or the project's own.
 */
public record ReceivedMessage(PeerIdentity sender, Envelope envelope, WireMessage wire) {
    /** Fabric's gossip message, or null when this is one of the project's own. */
    public GossipMessage message() {
        return wire.gossip();
    }

    /** The project's own message, or null when this is Fabric's. */
    public ExtensionMessage extension() {
        return wire.extension();
    }
}
