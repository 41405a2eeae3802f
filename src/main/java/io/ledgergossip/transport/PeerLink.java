package io.ledgergossip.transport;

import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.identity.PkiId;

/** One authenticated connection to one peer, as a {@link ConnectionRegistry} sees it. */
public interface PeerLink {
    PeerIdentity peer();

    /** Who opened the connection: decides which of two simultaneous connections survives. */
    PkiId dialer();

    /** Increasing in the order links were made in this JVM: between two dialed by the same peer, the newer wins. */
    long sequence();

    /** The endpoint we dialed, or null for an accepted connection. */
    String endpoint();

    boolean isActive();

    void close();
}
