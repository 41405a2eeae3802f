package io.ledgergossip.dissemination;

import io.ledgergossip.identity.PkiId;

/**
 * What kind of peer a neighbour is, so that Fabric peers are spoken to only as Fabric speaks: a
 * pushed digest, a pull from another org, or a request for a gap is lost on them (Fabric's pull
 * engine answers only its own org, and only after a Hello of its own).
 */
public interface PeerKinds {
    /** Every neighbour a ledger-gossip peer (the simulator, networks without Fabric peers). */
    PeerKinds ALL_LEDGER_GOSSIP = new PeerKinds() {
        @Override
        public boolean isFabric(PkiId peer) {
            return false;
        }

        @Override
        public boolean isSameOrg(PkiId peer) {
            return true;
        }
    };

    /** True for a Fabric peer (its alive message carries no ledger-gossip metadata). */
    boolean isFabric(PkiId peer);

    /** True when the peer is of this peer's org. */
    boolean isSameOrg(PkiId peer);

    /** Whether Fabric's pull engine would answer a Hello of ours: any ledger-gossip peer, a Fabric peer of our org. */
    default boolean pullsWithUs(PkiId peer) {
        return !isFabric(peer) || isSameOrg(peer);
    }
}
