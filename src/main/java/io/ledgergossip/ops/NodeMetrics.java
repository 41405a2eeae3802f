package io.ledgergossip.ops;

import io.ledgergossip.node.NodeStatus;
import io.ledgergossip.transport.TransportCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * A node's own meters, {@code ledgergossip_*} (Fabric's gossip metrics are written exactly as Fabric
 * writes them by {@link FabricGossipMetrics}, beside these). They
 * read the transport's thread-safe counters directly and everything else from the latest
 * {@link NodeStatus}, refreshed before each scrape.
 */
public final class NodeMetrics {
    private final AtomicReference<NodeStatus> latest = new AtomicReference<>();
    private final Set<String> orgGauges = ConcurrentHashMap.newKeySet();
    private final MeterRegistry registry;
    private final Tags channel;

    public NodeMetrics(MeterRegistry registry, String channelName, TransportCounters transport) {
        this.registry = registry;
        this.channel = Tags.of("channel", channelName);
        gauge("ledgergossip_connected_peers", "Live connections", NodeStatus::connectedPeers);
        gauge("ledgergossip_best_known_height", "Highest ledger height a neighbour announced", NodeStatus::bestKnownHeight);
        gauge("ledgergossip_children", "Peers attached to this super node", NodeStatus::children);
        counter("ledgergossip_blocks_received", "Blocks taken into the ledger, by how they came", Tags.of("via", "push"), NodeStatus::blocksByPush);
        counter("ledgergossip_blocks_received", "Blocks taken into the ledger, by how they came", Tags.of("via", "pull"), NodeStatus::blocksByPull);
        counter("ledgergossip_blocks_received", "Blocks taken into the ledger, by how they came", Tags.of("via", "state_transfer"),
                NodeStatus::blocksByStateTransfer);
        counter("ledgergossip_duplicate_bodies", "Block bodies received for blocks already held", Tags.empty(), NodeStatus::duplicateBodies);
        counter("ledgergossip_invalid_blocks", "Blocks refused (forged, damaged, off the chain)", Tags.empty(), NodeStatus::invalidBlocks);
        counter("ledgergossip_peers_banned", "Peers banned for misbehaviour", Tags.empty(), NodeStatus::peersBanned);
        counter("ledgergossip_requests_dropped", "Requests dropped from peers past maxRequestsPerSecond", Tags.empty(),
                NodeStatus::requestsDropped);
        counter("ledgergossip_invalid_alive_messages", "Alive messages that failed verification", Tags.empty(), NodeStatus::invalidAlives);
        counter("ledgergossip_routed_deliveries", "Routed messages sent, by outcome", Tags.of("outcome", "delivered"),
                NodeStatus::routedDelivered);
        counter("ledgergossip_routed_deliveries", "Routed messages sent, by outcome", Tags.of("outcome", "failed"),
                NodeStatus::routedFailed);
        FunctionCounter.builder("ledgergossip_bytes_sent", transport, TransportCounters::bytesSent)
                .description("Bytes sent to peers").register(registry);
        FunctionCounter.builder("ledgergossip_bytes_received", transport, TransportCounters::bytesReceived)
                .description("Bytes received from peers").register(registry);
        FunctionCounter.builder("ledgergossip_connections_refused", transport, TransportCounters::rejectedTotal)
                .description("Connections and frames refused (TLS, handshake, malformed, oversized)").register(registry);
    }

    /** The figures the next scrape shows. */
    public void update(NodeStatus status) {
        latest.set(status);
        for (String org : status.alivePeersByOrg().keySet()) {
            if (orgGauges.add(org)) {
                Gauge.builder("ledgergossip_alive_peers", this, m -> {
                    NodeStatus s = m.latest.get();
                    return s == null ? 0 : s.alivePeersByOrg().getOrDefault(org, 0);
                }).description("Peers heard from within aliveExpirationTimeout, by org").tags(channel.and("org", org)).register(registry);
            }
        }
    }

    private void gauge(String name, String help, ToDoubleFunction<NodeStatus> value) {
        Gauge.builder(name, this, m -> read(m, value)).description(help).tags(channel).register(registry);
    }

    private void counter(String name, String help, Tags tags, ToDoubleFunction<NodeStatus> value) {
        FunctionCounter.builder(name, this, m -> read(m, value)).description(help).tags(channel.and(tags)).register(registry);
    }

    private static double read(NodeMetrics m, ToDoubleFunction<NodeStatus> value) {
        NodeStatus s = m.latest.get();
        return s == null ? 0 : value.applyAsDouble(s);
    }
}
