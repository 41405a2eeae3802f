package io.ledgergossip.store;

import java.util.Map;

/**
 * What a peer knows of its peers, kept across restarts so that a restarted peer can reconnect
 * without the super nodes. Keys are PKI-IDs, values the last signed AliveMessage envelope seen
 * from that peer (re-verified when loaded: the store is not trusted more than the network).
 */
public interface MembershipStore {
    void put(byte[] pkiId, byte[] aliveEnvelope);

    void remove(byte[] pkiId);

    /** Every record, keyed by hex PKI-ID. */
    Map<String, byte[]> loadAll();

    /** A store that keeps nothing, for peers without durable state (simulations). */
    MembershipStore NONE = new MembershipStore() {
        @Override
        public void put(byte[] pkiId, byte[] aliveEnvelope) { }

        @Override
        public void remove(byte[] pkiId) { }

        @Override
        public Map<String, byte[]> loadAll() {
            return Map.of();
        }
    };
}
