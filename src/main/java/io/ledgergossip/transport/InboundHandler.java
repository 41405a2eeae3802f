package io.ledgergossip.transport;

import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.identity.PkiId;

/**
 * What a transport tells the layer above. Called from the transport's I/O threads: an
 * implementation hands the work to its node's scheduler rather than doing it inline.
 */
public interface InboundHandler {
    void onMessage(ReceivedMessage message);

    default void onConnected(PeerIdentity peer) {}

    default void onDisconnected(PkiId peer) {}
}
