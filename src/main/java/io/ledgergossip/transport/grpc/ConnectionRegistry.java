package io.ledgergossip.transport.grpc;

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
final class ConnectionRegistry {
    private final Map<PkiId, PeerStream> byPeer = new ConcurrentHashMap<>();

    /** Registers {@code candidate}; returns the connection that lost and must be closed, if any. */
    synchronized Optional<PeerStream> register(PeerStream candidate) {
        PkiId peer = candidate.peer().pkiId();
        PeerStream existing = byPeer.get(peer);
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

    static boolean prefers(PeerStream candidate, PeerStream existing) {
        int byDialer = candidate.dialer().compareTo(existing.dialer());
        if (byDialer != 0) {
            return byDialer < 0;
        }
        return candidate.sequence() > existing.sequence();
    }

    synchronized void remove(PeerStream connection) {
        byPeer.remove(connection.peer().pkiId(), connection);
    }

    Optional<PeerStream> get(PkiId peer) {
        PeerStream c = byPeer.get(peer);
        return c != null && c.isActive() ? Optional.of(c) : Optional.empty();
    }

    Optional<PeerStream> byEndpoint(String endpoint) {
        return byPeer.values().stream().filter(c -> endpoint.equals(c.endpoint()) && c.isActive()).findFirst();
    }

    Set<PkiId> peers() {
        return Set.copyOf(byPeer.keySet());
    }

    synchronized void closeAll() {
        byPeer.values().forEach(PeerStream::close);
        byPeer.clear();
    }
}
