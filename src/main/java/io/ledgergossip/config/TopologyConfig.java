package io.ledgergossip.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The hybrid topology and routed delivery (project keys, see {@link Defaults}).
 *
 * @param siblingLinks {@code peer.gossip.siblingLinks}
 * @param maxChildren {@code peer.gossip.superNode.maxChildren}
 * @param hopTimeout {@code peer.gossip.hopTimeout}
 */
public record TopologyConfig(int siblingLinks, int maxChildren, Duration hopTimeout) {
    public TopologyConfig {
        Objects.requireNonNull(hopTimeout, "hopTimeout");
        if (siblingLinks < 0 || maxChildren < 1) {
            throw new IllegalArgumentException("peer.gossip.siblingLinks must be >= 0 and superNode.maxChildren >= 1");
        }
        if (hopTimeout.toMillis() < 10) {
            throw new IllegalArgumentException("peer.gossip.hopTimeout must be at least 10ms");
        }
    }

    public static TopologyConfig defaults() {
        return new TopologyConfig(Defaults.SIBLING_LINKS, Defaults.MAX_CHILDREN, Defaults.HOP_TIMEOUT);
    }

    public TopologyConfig withMaxChildren(int max) {
        return new TopologyConfig(siblingLinks, max, hopTimeout);
    }
}
