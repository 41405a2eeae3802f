package io.ledgergossip.node;

import io.ledgergossip.config.MembershipConfig;
import io.ledgergossip.config.TopologyConfig;
import java.util.List;
import java.util.Objects;

/**
 * What makes one peer what it is, besides its identity and transport.
 *
 * @param superNode whether this peer is a super node (anchor peer) of its org
 * @param bootstrap endpoints of the super nodes named in the network config
 */
public record NodeSettings(boolean superNode, List<String> bootstrap, MembershipConfig membership, TopologyConfig topology) {
    public NodeSettings {
        bootstrap = List.copyOf(bootstrap);
        Objects.requireNonNull(membership, "membership");
        Objects.requireNonNull(topology, "topology");
    }
}
