package io.ledgergossip.node;

import io.ledgergossip.config.DisseminationConfig;
import io.ledgergossip.config.MembershipConfig;
import io.ledgergossip.config.TopologyConfig;
import io.ledgergossip.dissemination.GossipChannel;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What makes one peer what it is, besides its identity, transport and store.
 *
 * @param superNode whether this peer is a super node (anchor peer) of its org
 * @param bootstrap endpoints of the super nodes named in the network config
 * @param ordererMspIds the orgs whose identities may sign blocks
 * @param genesisHeaderHash the genesis block this peer trusts without a signature (Fabric's channel
 *     join block), or null when the genesis block must be orderer-signed like any other
 * @param channel the channel whose blocks this peer gossips (the network config's {@code channel})
 */
public record NodeSettings(boolean superNode, List<String> bootstrap, MembershipConfig membership, TopologyConfig topology,
        DisseminationConfig dissemination, Set<String> ordererMspIds, byte[] genesisHeaderHash, GossipChannel channel) {
    public NodeSettings {
        bootstrap = List.copyOf(bootstrap);
        ordererMspIds = Set.copyOf(ordererMspIds);
        Objects.requireNonNull(membership, "membership");
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(dissemination, "dissemination");
        Objects.requireNonNull(channel, "channel");
    }

    public NodeSettings(boolean superNode, List<String> bootstrap, MembershipConfig membership, TopologyConfig topology,
            DisseminationConfig dissemination, Set<String> ordererMspIds, byte[] genesisHeaderHash) {
        this(superNode, bootstrap, membership, topology, dissemination, ordererMspIds, genesisHeaderHash, GossipChannel.DEFAULT);
    }

    public NodeSettings(boolean superNode, List<String> bootstrap, MembershipConfig membership, TopologyConfig topology,
            DisseminationConfig dissemination, Set<String> ordererMspIds) {
        this(superNode, bootstrap, membership, topology, dissemination, ordererMspIds, null);
    }

    /** Membership, topology and routing only: a peer that holds no ledger. */
    public NodeSettings(boolean superNode, List<String> bootstrap, MembershipConfig membership, TopologyConfig topology) {
        this(superNode, bootstrap, membership, topology, DisseminationConfig.defaults(), Set.of());
    }
}
