package io.ledgergossip.cli;

import io.ledgergossip.fixture.network.ExternalOrdererNetwork;
import io.ledgergossip.fixture.network.LocalNetwork;
import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.ledger.ChannelConfig;
import io.ledgergossip.orderer.OrdererDeliverSource;
import io.ledgergossip.time.Clock;
import io.ledgergossip.time.ExecutorScheduler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.protos.common.Common.Block;

/**
 * {@code network up} next to a real Fabric ordering service ({@code ledgerGossip.orderer.external:
 * true}): no fixture orderer; the network runs on the channel's own crypto material, each super
 * node takes blocks from the orderer with Fabric's Deliver API, and the run ends when every peer
 * holds the block the orderer cut {@code blocks} blocks after the start.
 */
final class ExternalOrdererRun {

    private ExternalOrdererRun() {}

    static int run(PrintWriter out, NetworkConfig config, Path dir, Path crypto, int blocks, Duration timeout) throws Exception {
        Clock clock = ExecutorScheduler.systemClock();
        ExternalOrdererNetwork external = ExternalOrdererNetwork.create(config, dir, crypto, clock);
        ChannelConfig channelConfig = external.channelConfig();
        out.printf("channel config: %d application orgs %s, ordering orgs %s, orderers %s%n", channelConfig.applicationOrgs().size(),
                channelConfig.applicationOrgs().stream().map(ChannelConfig.Org::mspId).toList(), external.ordering().mspIds(),
                external.orderers());
        long startHeight = external.ordererHeight();
        long target = startHeight + blocks;
        out.printf("orderer %s (external): channel %s at height %d; the super nodes deliver from it up to height %d (%d new "
                + "blocks: keep the orderer fed)%n", external.orderers().get(0), config.channel(), startHeight, target, blocks);
        external.stopAt(target);
        LocalNetwork net = external.network();
        try (Fleet fleet = new InProcessFleet(net)) {
            for (NetworkConfig.Peer p : config.peers()) {
                fleet.start(p.name());
            }
            long started = System.nanoTime();
            long deadline = started + timeout.toNanos();
            Map<String, Fleet.PeerStatus> statuses = fleet.statuses();
            while (!statuses.values().stream().allMatch(s -> s.height() >= target) && System.nanoTime() < deadline) {
                NetworkReport.progress(out, config, statuses, (int) delivered(external.sources()), (int) target, started);
                TimeUnit.MILLISECONDS.sleep(500); // refresh of the progress line
                statuses = fleet.statuses();
            }
            NetworkReport.progress(out, config, statuses, (int) delivered(external.sources()), (int) target, started);
            external.sources().stream().map(OrdererDeliverSource::lastProblem).filter(p -> !p.isEmpty()).distinct()
                    .forEach(p -> out.println("deliver: " + p));
            List<Block> chain;
            try (var stored = net.running().get(0).store().blocks(0, target)) {
                chain = stored.toList();
            }
            return NetworkReport.summary(out, config, statuses, (int) target, NetworkReport.singleProcessState(chain, ExternalOrdererNetwork.NO_STATE), null);
        } // each super node closes its own Deliver stream when it stops
    }

    /** The highest height a super node's stream reached. */
    private static long delivered(List<OrdererDeliverSource> sources) {
        return sources.stream().mapToLong(OrdererDeliverSource::delivered).max().orElse(0);
    }
}
