package io.ledgergossip.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every documented key round-trips; environment variables win; bad values are refused naming the key. */
class GossipKeysTest {
    /** Where each key lands in the settings a node runs with. */
    private static final Map<String, Function<GossipSettings, Object>> WHERE = Map.ofEntries(
            Map.entry("bootstrap", s -> s.addressing().bootstrap()),
            Map.entry("endpoint", s -> s.addressing().endpoint()),
            Map.entry("externalEndpoint", s -> s.addressing().externalEndpoint()),
            Map.entry("maxMessageSize", s -> s.transport().maxMessageSize()),
            Map.entry("connTimeout", s -> s.transport().connTimeout()),
            Map.entry("dialTimeout", s -> s.transport().dialTimeout()),
            Map.entry("sendBuffSize", s -> s.transport().sendBuffSize()),
            Map.entry("sendBuffBytes", s -> s.transport().sendBuffBytes()),
            Map.entry("dialBackoffMin", s -> s.transport().dialBackoffMin()),
            Map.entry("dialBackoffMax", s -> s.transport().dialBackoffMax()),
            Map.entry("aliveTimeInterval", s -> s.membership().aliveTimeInterval()),
            Map.entry("aliveExpirationTimeout", s -> s.membership().aliveExpirationTimeout()),
            Map.entry("propagatePeerNum", s -> s.dissemination().propagatePeerNum()),
            Map.entry("pullInterval", s -> s.dissemination().pullInterval()),
            Map.entry("pullPeerNum", s -> s.dissemination().pullPeerNum()),
            Map.entry("propagateIterations", s -> s.membership().propagateIterations()),
            Map.entry("reconnectInterval", s -> s.membership().reconnectInterval()),
            Map.entry("requestStateInfoInterval", s -> s.dissemination().requestStateInfoInterval()),
            Map.entry("siblingLinks", s -> s.topology().siblingLinks()),
            Map.entry("superNode.maxChildren", s -> s.topology().maxChildren()),
            Map.entry("hopTimeout", s -> s.topology().hopTimeout()),
            Map.entry("maxPropagationBurstSize", s -> s.dissemination().maxPropagationBurstSize()),
            Map.entry("maxPropagationBurstLatency", s -> s.dissemination().maxPropagationBurstLatency()),
            Map.entry("pushDigestFirst", s -> s.dissemination().pushDigestFirst()),
            Map.entry("pushToChildren", s -> s.dissemination().pushToChildren()),
            Map.entry("pushGapRequest", s -> s.dissemination().pushGapRequest()),
            Map.entry("announceToNeighbours", s -> s.dissemination().announceToNeighbours()),
            Map.entry("maxBlockCountToStore", s -> s.dissemination().maxBlockCountToStore()),
            Map.entry("publishStateInfoInterval", s -> s.dissemination().publishStateInfoInterval()),
            Map.entry("state.checkInterval", s -> s.dissemination().stateCheckInterval()),
            Map.entry("state.responseTimeout", s -> s.dissemination().stateResponseTimeout()),
            Map.entry("state.batchSize", s -> s.dissemination().stateBatchSize()),
            Map.entry("state.maxRetries", s -> s.dissemination().stateMaxRetries()),
            Map.entry("state.blockBufferSize", s -> s.dissemination().stateBlockBufferSize()),
            Map.entry("state.parallelRequests", s -> s.dissemination().stateParallelRequests()),
            Map.entry("peerScoreThreshold", s -> s.dissemination().peerScoreThreshold()),
            Map.entry("peerBanDuration", s -> s.dissemination().peerBanDuration()),
            Map.entry("maxRequestsPerSecond", s -> s.dissemination().maxRequestsPerSecond()));

    @Test
    @SuppressWarnings("unchecked")
    void everyDocumentedKeyHasItsDefaultAndRoundTripsAnotherValue() {
        assertEquals(WHERE.keySet(), GossipKeys.all().stream().map(GossipKeys.Key::name).collect(Collectors.toSet()),
                "each key must be known here, so that it is tested");
        GossipSettings defaults = GossipSettings.defaults();
        for (GossipKeys.Key k : GossipKeys.all()) {
            Object def = WHERE.get(k.name()).apply(defaults);
            if (k.kind() == GossipKeys.Kind.ENDPOINT || k.kind() == GossipKeys.Kind.ENDPOINTS) {
                // their defaults come from the network config (the peer's url, the super nodes): unset here
                assertTrue(def == null || def.equals(java.util.List.of()), k.fullName() + " unset by default");
                Object set = k.kind() == GossipKeys.Kind.ENDPOINT ? "peer9.org1.example.com:7051"
                        : java.util.List.of("peer0.org1.example.com:7051", "peer0.org2.example.com:8051");
                String text = set instanceof String str ? str : String.join(" ", (java.util.List<String>) set);
                assertEquals(set, WHERE.get(k.name()).apply(GossipSettings.from(Map.of(k.fullName(), text))), k.fullName());
                continue;
            }
            assertEquals(k.defaultValue(), def, k.fullName() + " default");
            Object other;
            String text;
            switch (k.kind()) {
                case DURATION -> {
                    other = ((Duration) k.defaultValue()).plusMillis(1_500);
                    text = Durations.format((Duration) other);
                }
                case COUNT -> {
                    other = ((Integer) k.defaultValue()) + 1;
                    text = other.toString();
                }
                default -> {
                    other = !((Boolean) k.defaultValue());
                    text = other.toString();
                }
            }
            // state.blockBufferSize must stay at least state.batchSize, sendBuffBytes at least maxMessageSize
            Map<String, String> settings = new java.util.HashMap<>(Map.of(k.fullName(), text));
            if (k.name().equals("maxMessageSize")) {
                settings.put("peer.gossip.sendBuffBytes", Integer.toString(Defaults.SEND_BUFF_BYTES + 1));
            }
            if (k.name().equals("dialBackoffMin")) {
                settings.put("peer.gossip.dialBackoffMax", "1m");
            }
            GossipSettings parsed = GossipSettings.from(settings);
            assertEquals(other, WHERE.get(k.name()).apply(parsed), k.fullName() + " = " + text);
            assertNotEquals(def, other);
        }
    }

    @Test
    void environmentVariablesInFabricsStyleWinOverTheConfig() {
        GossipSettings s = GossipSettings.from(Map.of("peer.gossip.pullInterval", "4s", "peer.gossip.state.batchSize", "10"),
                Map.of("CORE_PEER_GOSSIP_PULLINTERVAL", "2s", "CORE_PEER_GOSSIP_STATE_BATCHSIZE", "25", "PATH", "/usr/bin",
                        "CORE_PEER_ID", "peer0"));
        assertEquals(Duration.ofSeconds(2), s.dissemination().pullInterval());
        assertEquals(Duration.ofSeconds(2), s.membership().pullInterval());
        assertEquals(25, s.dissemination().stateBatchSize());
        assertEquals(Duration.ofMillis(1500), Durations.parse("1s500ms"));
        assertEquals("1m30s", Durations.format(Duration.ofSeconds(90)));
    }

    @Test
    void badValuesAreRefusedNamingTheKeyOrTheVariable() {
        Map<Map<String, String>, String> bad = Map.of(
                Map.of("peer.gossip.pullInterval", "-4s"), "peer.gossip.pullInterval",
                Map.of("peer.gossip.pullInterval", "4 seconds"), "peer.gossip.pullInterval",
                Map.of("peer.gossip.state.batchSize", "-1"), "peer.gossip.state.batchSize",
                Map.of("peer.gossip.state.batchSize", "ten"), "peer.gossip.state.batchSize",
                Map.of("peer.gossip.pushDigestFirst", "yes"), "peer.gossip.pushDigestFirst",
                Map.of("peer.gossip.pulInterval", "4s"), "peer.gossip.pulInterval",
                Map.of("peer.gossip.endpoint", "no-port"), "peer.gossip.endpoint",
                Map.of("peer.gossip.bootstrap", "a:1 b:99999"), "peer.gossip.bootstrap");
        for (Map.Entry<Map<String, String>, String> e : bad.entrySet()) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> GossipSettings.from(e.getKey()),
                    e.getKey().toString());
            assertTrue(error.getMessage().contains(e.getValue()), error.getMessage());
        }
        IllegalArgumentException env = assertThrows(IllegalArgumentException.class,
                () -> GossipSettings.from(Map.of(), Map.of("CORE_PEER_GOSSIP_PULLINTERVAL", "soon")));
        assertTrue(env.getMessage().startsWith("CORE_PEER_GOSSIP_PULLINTERVAL"), env.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> GossipSettings.from(Map.of(), Map.of("CORE_PEER_GOSSIP_PULINTERVAL", "2s")));
        assertTrue(unknown.getMessage().contains("CORE_PEER_GOSSIP_PULINTERVAL"), unknown.getMessage());
        // Fabric's standard environment for a peer: keys Fabric defines and ledger-gossip has no behaviour for are accepted
        GossipSettings fabricEnvironment = GossipSettings.from(Map.of(), Map.of("CORE_PEER_GOSSIP_USELEADERELECTION", "false",
                "CORE_PEER_GOSSIP_ORGLEADER", "true", "CORE_PEER_GOSSIP_RECVBUFFSIZE", "20", "CORE_PEER_GOSSIP_PULLINTERVAL", "2s"));
        assertEquals(java.time.Duration.ofSeconds(2), fabricEnvironment.membership().pullInterval());
    }

    @Test
    void readmeCarriesTheGeneratedKeyTable() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String begin = "<!-- gossip-keys:begin (generated by `ledger-gossip config keys`) -->\n";
        int from = readme.indexOf(begin);
        int to = readme.indexOf("<!-- gossip-keys:end -->");
        assertTrue(from >= 0 && to > from, "README.md has the key table markers");
        assertEquals(GossipKeys.markdownTable(), readme.substring(from + begin.length(), to),
                "README's key table is stale: paste the output of `ledger-gossip config keys` between the markers");
        Set<String> envNames = GossipKeys.all().stream().map(GossipKeys.Key::environmentVariable).collect(Collectors.toSet());
        assertTrue(envNames.contains("CORE_PEER_GOSSIP_STATE_RESPONSETIMEOUT"));
    }
}
