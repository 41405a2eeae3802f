package io.ledgergossip.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * All protocol settings of a peer, built from {@code peer.gossip.*} keys (a network config's
 * {@code gossip:} section) over the defaults in {@link Defaults}.
 */
public record GossipSettings(TransportConfig transport, MembershipConfig membership, TopologyConfig topology,
        DisseminationConfig dissemination, Addressing addressing) {

    /**
     * Where one peer is reached and whom it reaches first, when set by keys rather than by the
     * network config (a node process's {@code CORE_PEER_GOSSIP_*} variables).
     *
     * @param bootstrap {@code peer.gossip.bootstrap}: empty for the network config's super nodes
     * @param endpoint {@code peer.gossip.endpoint}, or null for the peer's url
     * @param externalEndpoint {@code peer.gossip.externalEndpoint}, or null
     */
    public record Addressing(List<String> bootstrap, String endpoint, String externalEndpoint) {
        public Addressing {
            bootstrap = List.copyOf(bootstrap);
        }

        /** What the peer advertises: the external endpoint when set (one endpoint for every peer), else the endpoint. */
        public String advertised() {
            return externalEndpoint != null ? externalEndpoint : endpoint;
        }
    }

    public static GossipSettings defaults() {
        return from(Map.of());
    }

    /**
     * The settings of {@code keys} with Fabric-style environment variables laid over them
     * ({@code CORE_PEER_GOSSIP_PULLINTERVAL=2s} wins over {@code peer.gossip.pullInterval}).
     *
     * @throws IllegalArgumentException naming the key or variable whose value is wrong
     */
    public static GossipSettings from(Map<String, String> keys, Map<String, String> environment) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(keys);
        merged.putAll(GossipKeys.fromEnvironment(environment));
        return from(merged);
    }

    /** @throws IllegalArgumentException naming the key whose value is wrong */
    public static GossipSettings from(Map<String, String> keys) {
        keys.forEach(GossipKeys::check);
        Values v = new Values(keys);
        TransportConfig transport = new TransportConfig(v.count("maxMessageSize", Defaults.MAX_MESSAGE_SIZE),
                v.duration("connTimeout", Defaults.CONN_TIMEOUT), v.duration("dialTimeout", Defaults.DIAL_TIMEOUT),
                v.count("sendBuffSize", Defaults.SEND_BUFF_SIZE), v.count("sendBuffBytes", Defaults.SEND_BUFF_BYTES),
                v.duration("dialBackoffMin", Defaults.DIAL_BACKOFF_MIN), v.duration("dialBackoffMax", Defaults.DIAL_BACKOFF_MAX));
        MembershipConfig membership = new MembershipConfig(v.duration("aliveTimeInterval", Defaults.ALIVE_TIME_INTERVAL),
                v.duration("aliveExpirationTimeout", Defaults.ALIVE_EXPIRATION_TIMEOUT),
                v.count("propagatePeerNum", Defaults.PROPAGATE_PEER_NUM), v.duration("pullInterval", Defaults.PULL_INTERVAL),
                v.count("pullPeerNum", Defaults.PULL_PEER_NUM), v.count("propagateIterations", Defaults.PROPAGATE_ITERATIONS),
                v.duration("reconnectInterval", Defaults.RECONNECT_INTERVAL));
        TopologyConfig topology = new TopologyConfig(v.count("siblingLinks", Defaults.SIBLING_LINKS),
                v.count("superNode.maxChildren", Defaults.MAX_CHILDREN), v.duration("hopTimeout", Defaults.HOP_TIMEOUT));
        DisseminationConfig dissemination = new DisseminationConfig(v.count("propagatePeerNum", Defaults.PROPAGATE_PEER_NUM),
                v.count("maxPropagationBurstSize", Defaults.MAX_PROPAGATION_BURST_SIZE),
                v.duration("maxPropagationBurstLatency", Defaults.MAX_PROPAGATION_BURST_LATENCY),
                v.bool("pushDigestFirst", Defaults.PUSH_DIGEST_FIRST),
                v.bool("pushToChildren", Defaults.PUSH_TO_CHILDREN),
                v.bool("pushGapRequest", Defaults.PUSH_GAP_REQUEST),
                v.bool("announceToNeighbours", Defaults.ANNOUNCE_TO_NEIGHBOURS), v.duration("pullInterval", Defaults.PULL_INTERVAL),
                v.count("pullPeerNum", Defaults.PULL_PEER_NUM), v.count("maxBlockCountToStore", Defaults.MAX_BLOCK_COUNT_TO_STORE),
                v.duration("publishStateInfoInterval", Defaults.PUBLISH_STATE_INFO_INTERVAL),
                v.duration("state.checkInterval", Defaults.STATE_CHECK_INTERVAL),
                v.duration("state.responseTimeout", Defaults.STATE_RESPONSE_TIMEOUT),
                v.count("state.batchSize", Defaults.STATE_BATCH_SIZE), v.count("state.maxRetries", Defaults.STATE_MAX_RETRIES),
                v.count("state.blockBufferSize", Defaults.STATE_BLOCK_BUFFER_SIZE),
                v.count("state.parallelRequests", Defaults.STATE_PARALLEL_REQUESTS),
                v.count("peerScoreThreshold", Defaults.PEER_SCORE_THRESHOLD),
                v.duration("peerBanDuration", Defaults.PEER_BAN_DURATION),
                v.count("maxRequestsPerSecond", Defaults.MAX_REQUESTS_PER_SECOND),
                v.duration("requestStateInfoInterval", Defaults.REQUEST_STATE_INFO_INTERVAL));
        String bootstrap = v.get("bootstrap");
        Addressing addressing = new Addressing(bootstrap == null ? List.of() : GossipKeys.endpoints(bootstrap), v.get("endpoint"),
                v.get("externalEndpoint"));
        checkCoherent(v);
        return new GossipSettings(transport, membership, topology, dissemination, addressing);
    }

    /** Smallest frame a peer may be configured with: a block of a few transactions must fit. */
    public static final int MIN_MESSAGE_SIZE = 64 * 1024;

    /** Values each valid alone that a node could not run with, refused with the key, before anything starts. */
    private static void checkCoherent(Values v) {
        for (String key : List.of("aliveTimeInterval", "aliveExpirationTimeout", "pullInterval", "publishStateInfoInterval",
                "requestStateInfoInterval", "state.checkInterval", "state.responseTimeout", "reconnectInterval", "hopTimeout",
                "connTimeout", "dialTimeout", "dialBackoffMin", "dialBackoffMax", "peerBanDuration")) {
            if (v.get(key) != null && v.duration(key, Duration.ZERO).isZero()) {
                throw new IllegalArgumentException("peer.gossip." + key + " must be longer than 0, not '" + v.get(key) + "'");
            }
        }
        for (String key : List.of("state.batchSize", "state.parallelRequests", "state.maxRetries", "maxBlockCountToStore",
                "sendBuffSize", "maxRequestsPerSecond", "maxPropagationBurstSize", "propagateIterations", "superNode.maxChildren")) {
            if (v.get(key) != null && v.count(key, 0) < 1) {
                throw new IllegalArgumentException("peer.gossip." + key + " must be at least 1, not '" + v.get(key) + "'");
            }
        }
        int maxMessageSize = v.count("maxMessageSize", Defaults.MAX_MESSAGE_SIZE);
        if (maxMessageSize < MIN_MESSAGE_SIZE) {
            throw new IllegalArgumentException("peer.gossip.maxMessageSize must be at least " + MIN_MESSAGE_SIZE + " bytes, not "
                    + maxMessageSize);
        }
        Duration alive = v.duration("aliveTimeInterval", Defaults.ALIVE_TIME_INTERVAL);
        Duration expiration = v.duration("aliveExpirationTimeout", Defaults.ALIVE_EXPIRATION_TIMEOUT);
        if (expiration.compareTo(alive.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("peer.gossip.aliveExpirationTimeout (" + Durations.format(expiration)
                    + ") must be at least twice peer.gossip.aliveTimeInterval (" + Durations.format(alive)
                    + "), or one lost alive message declares a live peer dead");
        }
        int batch = v.count("state.batchSize", Defaults.STATE_BATCH_SIZE);
        int buffer = v.count("state.blockBufferSize", Defaults.STATE_BLOCK_BUFFER_SIZE);
        if (buffer < batch) {
            throw new IllegalArgumentException("peer.gossip.state.blockBufferSize (" + buffer + ") must be at least "
                    + "peer.gossip.state.batchSize (" + batch + "): a batch must fit in the buffer");
        }
        Duration backoffMin = v.duration("dialBackoffMin", Defaults.DIAL_BACKOFF_MIN);
        if (v.duration("dialBackoffMax", Defaults.DIAL_BACKOFF_MAX).compareTo(backoffMin) < 0) {
            throw new IllegalArgumentException("peer.gossip.dialBackoffMax must be at least peer.gossip.dialBackoffMin");
        }
    }

    private record Values(Map<String, String> keys) {
        private String get(String key) {
            return keys.get("peer.gossip." + key);
        }

        Duration duration(String key, Duration fallback) {
            String v = get(key);
            return v == null ? fallback : Durations.parse(v);
        }

        int count(String key, int fallback) {
            String v = get(key);
            return v == null ? fallback : Math.toIntExact(Long.parseLong(v));
        }

        boolean bool(String key, boolean fallback) {
            String v = get(key);
            return v == null ? fallback : Boolean.parseBoolean(v);
        }
    }
}
