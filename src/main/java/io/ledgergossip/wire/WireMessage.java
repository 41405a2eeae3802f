package io.ledgergossip.wire;

import io.ledgergossip.wire.proto.LedgerGossip.ExtensionMessage;
import org.hyperledger.fabric.protos.gossip.Message.GossipMessage;

/** A received message: either Fabric's gossip message or one of the project's own (exactly one is set). */
public record WireMessage(GossipMessage gossip, ExtensionMessage extension) {
    public WireMessage {
        if ((gossip == null) == (extension == null)) {
            throw new IllegalArgumentException("exactly one of gossip and extension must be set");
        }
    }

    public boolean isExtension() {
        return extension != null;
    }
}
