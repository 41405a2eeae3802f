package io.ledgergossip.cli;

import io.ledgergossip.fixture.network.NetworkConfig;

/** The commands that run ledger-gossip peers only refuse a config's Fabric peers before they start anything. */
final class LedgerGossipOnly {
    private LedgerGossipOnly() {}

    /** Why {@code command} cannot run {@code config}, or null when it has no Fabric peers. */
    static String refusal(NetworkConfig config) {
        if (config.fabricPeers().isEmpty()) {
            return null;
        }
        return config.file() + " marks " + config.fabricPeers().size() + " peers implementation: fabric (" + config.fabricPeers().get(0).name()
                + (config.fabricPeers().size() > 1 ? ", ..." : "") + "); only `network up` runs Fabric peers";
    }
}
