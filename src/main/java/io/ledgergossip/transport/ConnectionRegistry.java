package io.ledgergossip.transport;

import io.ledgergossip.identity.PkiId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one live connection per peer. When two connections to the same peer meet (both dialed at
 * once, or a peer reconnecting), both sides keep the same one: the one dialed by the peer with
 * the smaller PKI-ID; between two dialed by the same peer, the newer.
 */
public final class ConnectionRegistry<L extends PeerLink> {
    private final Map<PkiId, L> byPeer = new ConcurrentHashMap<>();

    /** Registers {@code candidate}; returns the connection that lost and must be closed, if any. */
    public synchronized Optional<L> register(L candidate) {
        PkiId peer = candidate.peer().pkiId();
        L existing = byPeer.get(peer);
        if (existing == null || !existing.isActive()) {
            byPeer.put(peer, candidate);
            return Optional.empty();
        }
        if (prefers(candidate, existing)) {
            byPeer.put(peer, candidate);
            return Optional.of(existing);
        }
        return Optional.of(candidate);
    }

    static boolean prefers(PeerLink candidate, PeerLink existing) {
        int byDialer = candidate.dialer().compareTo(existing.dialer());
        if (byDialer != 0) {
            return byDialer < 0;
        }
        return candidate.sequence() > existing.sequence();
    }

    public synchronized void remove(L connection) {
        byPeer.remove(connection.peer().pkiId(), connection);
    }

    public Optional<L> get(PkiId peer) {
        L c = byPeer.get(peer);
        return c != null && c.isActive() ? Optional.of(c) : Optional.empty();
    }

    public Optional<L> byEndpoint(String endpoint) {
        return byPeer.values().stream().filter(c -> endpoint.equals(c.endpoint()) && c.isActive()).findFirst();
    }

    public Set<PkiId> peers() {
        return Set.copyOf(byPeer.keySet());
    }

    public synchronized void closeAll() {
        byPeer.values().forEach(PeerLink::close);
        byPeer.clear();
    }
}
