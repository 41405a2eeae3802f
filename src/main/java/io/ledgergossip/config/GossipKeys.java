package io.ledgergossip.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code peer.gossip.*} keys a network config may set, and what kind of value each takes.
 * Their defaults and meanings are in {@link Defaults}.
 */
public final class GossipKeys {
    /** The kind of value a key takes. */
    public enum Kind { DURATION, COUNT, BOOLEAN }

    private static final Map<String, Kind> KEYS = new LinkedHashMap<>();

    static {
        for (String k : new String[] {"aliveTimeInterval", "aliveExpirationTimeout", "pullInterval", "connTimeout",
            "dialTimeout", "dialBackoffMin", "dialBackoffMax", "hopTimeout", "maxPropagationBurstLatency",
            "publishStateInfoInterval", "state.checkInterval", "state.responseTimeout", "peerBanDuration"}) {
            KEYS.put("peer.gossip." + k, Kind.DURATION);
        }
        for (String k : new String[] {"maxMessageSize", "sendBuffSize", "sendBuffBytes", "propagatePeerNum", "pullPeerNum",
            "siblingLinks", "superNode.maxChildren", "maxPropagationBurstSize", "maxBlockCountToStore", "state.batchSize",
            "state.maxRetries", "state.blockBufferSize", "state.parallelRequests", "peerScoreThreshold", "maxRequestsPerSecond"}) {
            KEYS.put("peer.gossip." + k, Kind.COUNT);
        }
        KEYS.put("peer.gossip.pushDigestFirst", Kind.BOOLEAN);
        KEYS.put("peer.gossip.pushToChildren", Kind.BOOLEAN);
        KEYS.put("peer.gossip.pushGapRequest", Kind.BOOLEAN);
    }

    private GossipKeys() {}

    public static Set<String> names() {
        return KEYS.keySet();
    }

    /** Checks a value for a key; the message says what is wrong. */
    public static void check(String key, String value) {
        Kind kind = KEYS.get(key);
        if (kind == null) {
            throw new IllegalArgumentException("unknown gossip key '" + key + "'");
        }
        switch (kind) {
            case DURATION -> Durations.parse(value);
            case COUNT -> {
                try {
                    if (Long.parseLong(value) < 0) {
                        throw new IllegalArgumentException(key + " must not be negative");
                    }
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(key + " must be a whole number, not '" + value + "'");
                }
            }
            case BOOLEAN -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new IllegalArgumentException(key + " must be true or false, not '" + value + "'");
                }
            }
        }
    }
}
