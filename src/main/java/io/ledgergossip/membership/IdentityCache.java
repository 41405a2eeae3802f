package io.ledgergossip.membership;

import io.ledgergossip.identity.PeerIdentity;
import io.ledgergossip.identity.PkiId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Identities learned from handshakes, so that alive messages that come without one (Fabric's,
 * after its first {@code publishCertPeriod}) can still be verified. Bounded: the least recently
 * learned are forgotten first. Used on the node's thread.
 */
final class IdentityCache {
    private static final int MAX_IDENTITIES = 10_000;

    private final Map<PkiId, PeerIdentity> byId = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PkiId, PeerIdentity> eldest) {
            return size() > MAX_IDENTITIES;
        }
    };

    void put(PeerIdentity identity) {
        byId.put(identity.pkiId(), identity);
    }

    Optional<PeerIdentity> get(PkiId id) {
        return Optional.ofNullable(byId.get(id));
    }
}
