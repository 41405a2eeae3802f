package io.ledgergossip.cli;

import io.ledgergossip.dissemination.BlockValidation;
import io.ledgergossip.fixture.network.LocalNetwork;
import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkCrypto;
import io.ledgergossip.identity.IdentityValidator;
import io.ledgergossip.identity.LocalIdentity;
import io.ledgergossip.identity.Pem;
import io.ledgergossip.identity.TrustedOrgs;
import io.ledgergossip.ledger.ChannelConfig;
import io.ledgergossip.ledger.BlockHashing;
import io.ledgergossip.orderer.ChannelTrust;
import io.ledgergossip.orderer.OrdererDeliverSource;
import io.ledgergossip.orderer.OrdererQuery;
import io.ledgergossip.time.Clock;
import io.ledgergossip.time.ExecutorScheduler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * {@code network up} next to a real Fabric ordering service ({@code ledgerGossip.orderer.external:
 * true}): no fixture orderer; the network runs on the channel's own crypto material, each super
 * node takes blocks from the orderer with Fabric's Deliver API, and the run ends when every peer
 * holds the block the orderer cut {@code blocks} blocks after the start.
 */
final class ExternalOrdererRun {
    private static final Duration ASK = Duration.ofSeconds(10);
    private static final BlockValidation NO_STATE = BlockValidation.allValid(block -> List.of());

    private ExternalOrdererRun() {}

    static int run(PrintWriter out, NetworkConfig config, Path dir, Path crypto, int blocks, Duration timeout) throws Exception {
        Clock clock = ExecutorScheduler.systemClock();
        IdentityValidator validator = NetworkCrypto.validator(config, crypto, clock);
        List<X509Certificate> ordererTls = config.ordererTlsCa() != null ? List.of(Pem.readCertificate(config.ordererTlsCa()))
                : validator.orgs().tlsRoots(config.orderer().mspId()).orElseThrow();
        String orderer = config.ordererEndpoint().toString();
        LocalIdentity asker = NetworkCrypto.peerIdentity(config, crypto, config.superNodes().get(0));
        OrdererQuery query = new OrdererQuery(orderer, config.channel(), asker, ordererTls, clock);
        Block genesis = query.genesis(ASK); // what a peer joins the channel with (peer channel fetch 0)
        ChannelConfig channelConfig = ChannelConfig.of(genesis);
        // the ordering orgs, their certificates and their orderers as the channel's config names them: blocks are checked
        // against these, and a super node fails over between these orderers (the profile's first)
        TrustedOrgs ordering = ChannelTrust.of(channelConfig.ordererOrgs());
        List<String> orderers = new ArrayList<>(List.of(orderer));
        channelConfig.ordererEndpoints().stream().filter(e -> !orderers.contains(e)).forEach(orderers::add);
        out.printf("channel config: %d application orgs %s, ordering orgs %s, orderers %s%n", channelConfig.applicationOrgs().size(),
                channelConfig.applicationOrgs().stream().map(ChannelConfig.Org::mspId).toList(), ordering.mspIds(), orderers);
        long startHeight = query.newest(ASK).getHeader().getNumber() + 1;
        long target = startHeight + blocks;
        out.printf("orderer %s (external): channel %s at height %d; the super nodes deliver from it up to height %d (%d new "
                + "blocks: keep the orderer fed)%n", orderer, config.channel(), startHeight, target, blocks);
        List<OrdererDeliverSource> sources = new ArrayList<>();
        LocalNetwork net = new LocalNetwork(config, dir, crypto, null, NO_STATE, ordering, ordering.mspIds());
        net.trustGenesis(BlockHashing.headerHash(genesis.getHeader()));
        net.sourcePerSuperNode(peer -> {
            try {
                OrdererDeliverSource source = new OrdererDeliverSource(orderers, config.channel(),
                        NetworkCrypto.peerIdentity(config, crypto, peer), ordererTls, clock);
                source.stopAt(target);
                sources.add(source);
                return source;
            } catch (Exception e) {
                throw new IllegalStateException(peer.name() + ": " + UserErrors.describe(e), e);
            }
        });
        try (Fleet fleet = new InProcessFleet(net)) {
            for (NetworkConfig.Peer p : config.peers()) {
                fleet.start(p.name());
            }
            long started = System.nanoTime();
            long deadline = started + timeout.toNanos();
            Map<String, Fleet.PeerStatus> statuses = fleet.statuses();
            while (!statuses.values().stream().allMatch(s -> s.height() >= target) && System.nanoTime() < deadline) {
                NetworkReport.progress(out, config, statuses, (int) delivered(sources), (int) target, started);
                TimeUnit.MILLISECONDS.sleep(500); // refresh of the progress line
                statuses = fleet.statuses();
            }
            NetworkReport.progress(out, config, statuses, (int) delivered(sources), (int) target, started);
            sources.stream().map(OrdererDeliverSource::lastProblem).filter(p -> !p.isEmpty()).distinct()
                    .forEach(p -> out.println("deliver: " + p));
            List<Block> chain;
            try (var stored = net.running().get(0).store().blocks(0, target)) {
                chain = stored.toList();
            }
            return NetworkReport.summary(out, config, statuses, (int) target, NetworkReport.singleProcessState(chain, NO_STATE), null);
        } // each super node closes its own Deliver stream when it stops
    }

    /** The highest height a super node's stream reached. */
    private static long delivered(List<OrdererDeliverSource> sources) {
        return sources.stream().mapToLong(OrdererDeliverSource::delivered).max().orElse(0);
    }
}
