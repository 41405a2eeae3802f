package io.ledgergossip.cli;

import io.ledgergossip.config.CoreConfig;
import io.ledgergossip.config.GossipSettings;
import io.ledgergossip.dissemination.GossipChannel;
import io.ledgergossip.identity.IdentityException;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.TrustedOrgs;
import io.ledgergossip.ledger.BlockHashing;
import io.ledgergossip.ledger.ChannelConfig;
import io.ledgergossip.ledger.LedgerFormatException;
import io.ledgergossip.node.LedgerGossipPeer;
import io.ledgergossip.orderer.ChannelTrust;
import io.ledgergossip.orderer.OrdererDeliverSource;
import io.ledgergossip.time.ExecutorScheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * One peer set up as a Fabric peer is: from its {@code core.yaml} (and {@code CORE_*} variables)
 * and the channel's config block it joins with ({@code peer channel join -b}). The block names the
 * channel, its orgs and their CAs (what the peer trusts), and its orderers; core.yaml gives the
 * identity ({@code peer.mspConfigPath}, {@code peer.localMspId}, {@code peer.tls.*}), addresses,
 * {@code peer.gossip.*}, the store ({@code peer.fileSystemPath}) and the operations endpoint. A
 * static org leader ({@code peer.gossip.orgLeader: true}) is a super node and takes blocks from the
 * channel's orderers; the others are ordinary peers.
 */
record CorePeer(CoreConfig core, ChannelConfig channel, GossipSettings settings, LedgerGossipPeer.Builder builder,
        OrdererDeliverSource source, String endpoint) {

    static CorePeer prepare(CoreConfig core, Path channelBlock) throws IOException, IdentityException, LedgerFormatException {
        if (!core.flag("peer.tls.enabled", false)) {
            throw new IllegalArgumentException(core.file() + ": peer.tls.enabled is false: ledger-gossip speaks gossip over mutual TLS only");
        }
        if (core.flag("peer.gossip.useLeaderElection", false)) {
            throw new IllegalArgumentException(core.file() + ": peer.gossip.useLeaderElection is true: ledger-gossip's leaders are static "
                    + "(set orgLeader: true on the peers that take blocks from the orderer, the super nodes)");
        }
        Block genesis = Block.parseFrom(Files.readAllBytes(channelBlock));
        ChannelConfig channel = ChannelConfig.of(genesis);
        String mspId = core.require("peer.localMspId");
        if (channel.org(mspId).isEmpty()) {
            throw new IllegalArgumentException(channelBlock + ": channel " + channel.channel() + " has no org " + mspId
                    + " (peer.localMspId)");
        }
        LocalIdentity identity = LocalIdentity.load(core.path("peer.mspConfigPath"), core.path("peer.tls.cert.file"),
                core.path("peer.tls.key.file"), mspId);
        TrustedOrgs trusted = ChannelTrust.of(concat(channel.applicationOrgs(), channel.ordererOrgs()));
        GossipSettings settings = GossipSettings.from(core.gossipSettings());
        String listen = core.get("peer.listenAddress").orElse(core.require("peer.address"));
        String endpoint = settings.addressing().advertised() != null ? settings.addressing().advertised() : core.require("peer.address");
        boolean leader = core.flag("peer.gossip.orgLeader", false);
        int colon = listen.lastIndexOf(':');
        Path store = core.path("peer.fileSystemPath").resolve("ledger-gossip").resolve(channel.channel());
        LedgerGossipPeer.Builder builder = LedgerGossipPeer.builder(identity, trusted, store)
                .listen(listen.substring(0, colon), Integer.parseInt(listen.substring(colon + 1)))
                .endpoint(endpoint)
                .channel(new GossipChannel(channel.channel()))
                .settings(settings)
                .bootstrap(settings.addressing().bootstrap())
                .superNode(leader)
                .ordererMspIds(java.util.Set.copyOf(channel.ordererOrgs().stream().map(ChannelConfig.Org::mspId).toList()))
                .genesis(BlockHashing.headerHash(genesis.getHeader()));
        OrdererDeliverSource source = null;
        if (leader) {
            List<X509Certificate> ordererTls = channel.ordererOrgs().stream()
                    .flatMap(o -> trusted.tlsRoots(o.mspId()).orElseThrow().stream()).toList();
            source = new OrdererDeliverSource(channel.ordererEndpoints(), channel.channel(), identity, ordererTls,
                    ExecutorScheduler.systemClock());
            builder.blockSource(source);
        }
        return new CorePeer(core, channel, settings, builder, source, endpoint);
    }

    private static List<ChannelConfig.Org> concat(List<ChannelConfig.Org> a, List<ChannelConfig.Org> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
