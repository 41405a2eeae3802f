package io.ledgergossip.topology;

import io.ledgergossip.identity.PkiId;

/** Receives routed messages addressed to this peer, each once, on the node's scheduler thread. */
@FunctionalInterface
public interface RoutedMessageListener {
    void onRoutedMessage(PkiId origin, byte[] body);
}
