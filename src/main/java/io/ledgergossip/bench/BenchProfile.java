package io.ledgergossip.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A named set of {@code peer.gossip.*} values laid over a network config's own: the project's
 * defaults, or Fabric's defaults for a side-by-side baseline.
 */
public record BenchProfile(String name, Map<String, String> overrides) {
    public static final BenchProfile DEFAULTS = new BenchProfile("ledger-gossip", Map.of());

    /**
     * Fabric's defaults (core.yaml) and behaviour: bodies pushed to 3 random peers, no push down the
     * super-node tree, no request for a gap below a pushed block, bursts of up to 10 blocks or 10 ms,
     * pull every 4 s, state transfer checked every 10 s in batches of 10, one request at a time.
     */
    public static final BenchProfile FABRIC_DEFAULTS = new BenchProfile("fabric-defaults", Map.ofEntries(
            Map.entry("peer.gossip.propagatePeerNum", "3"),
            Map.entry("peer.gossip.pullInterval", "4s"),
            Map.entry("peer.gossip.pullPeerNum", "3"),
            Map.entry("peer.gossip.maxPropagationBurstSize", "10"),
            Map.entry("peer.gossip.maxPropagationBurstLatency", "10ms"),
            Map.entry("peer.gossip.state.checkInterval", "10s"),
            Map.entry("peer.gossip.state.batchSize", "10"),
            Map.entry("peer.gossip.state.parallelRequests", "1"),
            Map.entry("peer.gossip.pushDigestFirst", "false"),
            Map.entry("peer.gossip.pushToChildren", "false"),
            Map.entry("peer.gossip.pushGapRequest", "false"),
            Map.entry("peer.gossip.announceToNeighbours", "false")));

    public BenchProfile {
        overrides = Map.copyOf(overrides);
    }

    public static List<BenchProfile> all() {
        return List.of(DEFAULTS, FABRIC_DEFAULTS);
    }

    /** @throws IllegalArgumentException naming the known profiles */
    public static BenchProfile named(String name) {
        return all().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown profile '" + name + "' (known: "
                        + String.join(", ", all().stream().map(BenchProfile::name).toList()) + ")"));
    }

    /** This profile with more settings laid over it (checked like a config's). */
    public BenchProfile with(Map<String, String> more) {
        if (more.isEmpty()) {
            return this;
        }
        more.forEach(io.ledgergossip.config.GossipKeys::check);
        Map<String, String> merged = new LinkedHashMap<>(overrides);
        merged.putAll(more);
        return new BenchProfile(name, merged);
    }

    /** The config's gossip keys with this profile's laid over them. */
    public Map<String, String> applyTo(Map<String, String> gossip) {
        Map<String, String> merged = new LinkedHashMap<>(gossip);
        merged.putAll(overrides);
        return merged;
    }
}
