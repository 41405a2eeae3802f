package io.ledgergossip.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every {@code peer.gossip.*} key a node reads: its kind, its default (the constant in
 * {@link Defaults}), whether Fabric has it, and what it means. The checks, the environment
 * overrides and README's key table all come from this list, so they cannot drift apart.
 */
public final class GossipKeys {
    /** The kind of value a key takes. */
    public enum Kind { DURATION, COUNT, BOOLEAN, ENDPOINT, ENDPOINTS }

    /** One key. {@code name} without the {@code peer.gossip.} prefix. */
    public record Key(String name, Kind kind, Object defaultValue, boolean fabric, String meaning) {
        public String fullName() {
            return PREFIX + name;
        }

        /** Fabric's environment variable for the key: {@code CORE_PEER_GOSSIP_PULLINTERVAL}. */
        public String environmentVariable() {
            return "CORE_" + fullName().toUpperCase(java.util.Locale.ROOT).replace('.', '_');
        }

        public String defaultText() {
            return defaultValue instanceof Duration d ? Durations.format(d) : String.valueOf(defaultValue);
        }
    }

    public static final String PREFIX = "peer.gossip.";
    private static final Map<String, Key> KEYS = new LinkedHashMap<>();

    private static void key(String name, Kind kind, Object def, boolean fabric, String meaning) {
        KEYS.put(PREFIX + name, new Key(name, kind, def, fabric, meaning));
    }

    static {
        Kind d = Kind.DURATION;
        Kind n = Kind.COUNT;
        Kind b = Kind.BOOLEAN;
        key("bootstrap", Kind.ENDPOINTS, "the config's super nodes", true, "endpoints (host:port, separated by spaces or commas) a peer contacts first: the super nodes (anchor peers)");
        key("endpoint", Kind.ENDPOINT, "the peer's url", true, "the endpoint other peers reach this one at; for one node process (a network config gives each peer its url instead)");
        key("externalEndpoint", Kind.ENDPOINT, "unset", true, "the endpoint published to other orgs; ledger-gossip advertises one endpoint to every peer, so when set it wins over endpoint; for one node process");
        key("maxMessageSize", n, Defaults.MAX_MESSAGE_SIZE, false, "largest gossip message (one gRPC message) accepted or sent, in bytes; gRPC checks the length prefix before any buffer is allocated, and a stream that exceeds it is ended (Fabric's gRPC allows 100 MiB)");
        key("connTimeout", d, Defaults.CONN_TIMEOUT, true, "how long each side waits for the other's ConnEstablish");
        key("dialTimeout", d, Defaults.DIAL_TIMEOUT, true, "TCP connect plus TLS handshake");
        key("sendBuffSize", n, Defaults.SEND_BUFF_SIZE, true, "messages queued to one peer before further ones are dropped (and counted)");
        key("sendBuffBytes", n, Defaults.SEND_BUFF_BYTES, false, "bytes queued to one peer before further messages are dropped");
        key("dialBackoffMin", d, Defaults.DIAL_BACKOFF_MIN, false, "wait after a failed dial to an endpoint, doubling per failure");
        key("dialBackoffMax", d, Defaults.DIAL_BACKOFF_MAX, false, "longest wait between dials to an endpoint");
        key("aliveTimeInterval", d, Defaults.ALIVE_TIME_INTERVAL, true, "how often a peer signs and sends its AliveMessage");
        key("aliveExpirationTimeout", d, Defaults.ALIVE_EXPIRATION_TIMEOUT, true, "a peer not heard from for this long is dead");
        key("propagatePeerNum", n, Defaults.PROPAGATE_PEER_NUM, true, "peers a fresh alive message, or a new block's number, is forwarded to (per round, for alive messages)");
        key("pullInterval", d, Defaults.PULL_INTERVAL, true, "how often membership and block pull run");
        key("pullPeerNum", n, Defaults.PULL_PEER_NUM, true, "peers asked at each pull");
        key("propagateIterations", n, Defaults.PROPAGATE_ITERATIONS, true, "rounds in which a new alive message is forwarded, each to propagatePeerNum other random peers");
        key("reconnectInterval", d, Defaults.RECONNECT_INTERVAL, true, "how often a peer tries again to reach dead super nodes (a peer without a parent, and every super node, redials them)");
        key("siblingLinks", n, Defaults.SIBLING_LINKS, false, "connections an ordinary peer keeps to peers of its org besides its parent");
        key("superNode.maxChildren", n, Defaults.MAX_CHILDREN, false, "children a super node accepts; it answers \"full\" beyond");
        key("hopTimeout", d, Defaults.HOP_TIMEOUT, false, "each hop of a routed message must acknowledge within it; the sender knows DELIVERED or FAILED within 3 x hopTimeout");
        key("maxPropagationBurstSize", n, Defaults.MAX_PROPAGATION_BURST_SIZE, true, "new blocks gathered into one push burst");
        key("maxPropagationBurstLatency", d, Defaults.MAX_PROPAGATION_BURST_LATENCY, true, "longest wait for a burst to fill; a block that finds no push within it goes at once");
        key("pushDigestFirst", b, Defaults.PUSH_DIGEST_FIRST, false, "the propagatePeerNum random peers get only block numbers and ask for the bodies they lack; false pushes bodies to them as Fabric does");
        key("pushToChildren", b, Defaults.PUSH_TO_CHILDREN, false, "a super node pushes every new block's body to all the peers attached to it");
        key("pushGapRequest", b, Defaults.PUSH_GAP_REQUEST, false, "a block pushed above a gap makes the peer ask its pusher at once for the blocks just before it");
        key("announceToNeighbours", b, Defaults.ANNOUNCE_TO_NEIGHBOURS, false, "a peer that takes a new block by push tells every connected ledger-gossip neighbour its number at once; one that lacks it asks the first teller, and the next after a few round trips");
        key("maxBlockCountToStore", n, Defaults.MAX_BLOCK_COUNT_TO_STORE, true, "recent blocks offered in pull digests");
        key("publishStateInfoInterval", d, Defaults.PUBLISH_STATE_INFO_INTERVAL, true, "how often a peer tells its neighbours its ledger height (and at once on every new connection)");
        key("requestStateInfoInterval", d, Defaults.REQUEST_STATE_INFO_INTERVAL, true, "how often a peer asks pullPeerNum random neighbours for their ledger height (StateInfoPullRequest, answered with a StateInfoSnapshot)");
        key("state.checkInterval", d, Defaults.STATE_CHECK_INTERVAL, true, "how often a peer compares its height with its neighbours'");
        key("state.responseTimeout", d, Defaults.STATE_RESPONSE_TIMEOUT, true, "wait for a RemoteStateResponse before asking another peer");
        key("state.batchSize", n, Defaults.STATE_BATCH_SIZE, true, "blocks per RemoteStateRequest");
        key("state.maxRetries", n, Defaults.STATE_MAX_RETRIES, true, "peers asked for one range before waiting for the next check");
        key("state.blockBufferSize", n, Defaults.STATE_BLOCK_BUFFER_SIZE, true, "blocks ahead of the height held while a gap is filled (also how far behind the best known height /healthz tolerates)");
        key("state.parallelRequests", n, Defaults.STATE_PARALLEL_REQUESTS, false, "RemoteStateRequests in flight at once, to different peers");
        key("peerScoreThreshold", n, Defaults.PEER_SCORE_THRESHOLD, false, "a peer starts at 100 and loses 40 per offence (a bad block, an alive message that fails verification, a second of flooding); at the threshold it is disconnected and ignored");
        key("peerBanDuration", d, Defaults.PEER_BAN_DURATION, false, "how long a banned peer is ignored");
        key("maxRequestsPerSecond", n, Defaults.MAX_REQUESTS_PER_SECOND, false, "pull and state-transfer requests (Hello, DataDigest, DataRequest, RemoteStateRequest) one peer may send in a second; the excess is dropped and counted, and each second of flooding is an offence");
    }

    private GossipKeys() {}

    public static Set<String> names() {
        return KEYS.keySet();
    }

    public static List<Key> all() {
        return List.copyOf(KEYS.values());
    }

    /**
     * The {@code peer.gossip.*} settings that environment variables in Fabric's style override
     * ({@code CORE_PEER_GOSSIP_PULLINTERVAL=2s} sets {@code peer.gossip.pullInterval}).
     *
     * @throws IllegalArgumentException for a {@code CORE_PEER_GOSSIP_*} variable that names no key,
     *     or a value that is wrong for its key (naming the variable)
     */
    public static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> byVariable = new LinkedHashMap<>();
        for (Key k : KEYS.values()) {
            byVariable.put(k.environmentVariable(), k.fullName());
        }
        Map<String, String> settings = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(environment).entrySet()) {
            if (!e.getKey().startsWith("CORE_PEER_GOSSIP_")) {
                continue;
            }
            String key = byVariable.get(e.getKey());
            if (key == null) {
                if (FabricCoreKeys.keyOf(e.getKey()).isEmpty()) {
                    unknown.add(e.getKey()); // a key Fabric does not define either: a typo
                }
                continue; // Fabric's, with no behaviour here (CORE_PEER_GOSSIP_USELEADERELECTION, ...): accepted
            }
            try {
                check(key, e.getValue());
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(e.getKey() + ": " + bad.getMessage(), bad);
            }
            settings.put(key, e.getValue());
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown gossip setting in the environment: " + String.join(", ", unknown));
        }
        return settings;
    }

    /** README's key table, generated: key, environment variable, default, meaning. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder("| key | environment variable | default | meaning |\n| --- | --- | --- | --- |\n");
        for (Key k : KEYS.values()) {
            table.append("| `").append(k.fullName()).append('`').append(k.fabric() ? "" : " (project key)").append(" | `")
                    .append(k.environmentVariable()).append("` | ").append(k.defaultText()).append(" | ").append(k.meaning())
                    .append(" |\n");
        }
        return table.toString();
    }

    /** Checks a value for a key; the message names the key and says what is wrong. */
    public static void check(String key, String value) {
        Key k = KEYS.get(key);
        if (k == null) {
            throw new IllegalArgumentException("unknown gossip key '" + key + "'");
        }
        switch (k.kind()) {
            case DURATION -> {
                Duration d;
                try {
                    d = Durations.parse(value);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
                }
                if (d.isNegative()) {
                    throw new IllegalArgumentException(key + " must not be negative, not '" + value + "'");
                }
            }
            case COUNT -> {
                long n;
                try {
                    n = Long.parseLong(value.strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(key + " must be a whole number up to " + Integer.MAX_VALUE + ", not '" + value + "'");
                }
                if (n < 0) {
                    throw new IllegalArgumentException(key + " must not be negative, not '" + value + "'");
                }
                if (n > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(key + " must be at most " + Integer.MAX_VALUE + ", not '" + value + "'");
                }
            }
            case BOOLEAN -> {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new IllegalArgumentException(key + " must be true or false, not '" + value + "'");
                }
            }
            case ENDPOINT -> checkEndpoint(key, value.strip());
            case ENDPOINTS -> {
                List<String> all = endpoints(value);
                if (all.isEmpty()) {
                    throw new IllegalArgumentException(key + " must list at least one host:port");
                }
                all.forEach(e -> checkEndpoint(key, e));
            }
        }
    }

    /** The endpoints of a bootstrap value, as Fabric writes it: separated by spaces (commas accepted). */
    public static List<String> endpoints(String value) {
        return java.util.Arrays.stream(value.strip().split("[\\s,]+")).filter(e -> !e.isEmpty()).toList();
    }

    private static void checkEndpoint(String key, String value) {
        int colon = value.lastIndexOf(':');
        boolean ok = colon > 0 && colon < value.length() - 1;
        if (ok) {
            try {
                int port = Integer.parseInt(value.substring(colon + 1));
                ok = port >= 1 && port <= 65_535;
            } catch (NumberFormatException e) {
                ok = false;
            }
        }
        if (!ok) {
            throw new IllegalArgumentException(key + " must be host:port, not '" + value + "'");
        }
    }
}
