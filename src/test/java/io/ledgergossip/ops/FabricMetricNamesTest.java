package io.ledgergossip.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ledgergossip.fixture.network.LocalNetwork;
import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkConfigLoader;
import io.ledgergossip.fixture.network.NetworkCrypto;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real peer's /metrics against the list of the gossip metrics a Fabric v2.5.12 peer exposes
 * ({@code ../shared/fabric-config/gossip-metrics.tsv}): every Fabric name it shows has Fabric's
 * type, labels and buckets, counters carry no {@code _total} suffix, and the ones a dashboard
 * needs are all there.
 */
class FabricMetricNamesTest {
    private static final List<String> DEFAULT_BUCKETS = List.of("0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5",
            "5", "10", "+Inf");

    @TempDir
    Path tmp;

    private record FabricMetric(String name, String type, Set<String> labels, List<String> buckets) {}

    @Test
    void fabricsGossipMetricsAreScrapedWithFabricsNamesTypesLabelsAndBuckets() throws Exception {
        Path tsv = Path.of(System.getProperty("ledgergossip.shared", "../shared")).resolve("fabric-config/gossip-metrics.tsv");
        assumeTrue(Files.isRegularFile(tsv), "skipped: " + tsv.toAbsolutePath() + " is absent (check out ../shared beside the repository)");
        Map<String, FabricMetric> fabric = new LinkedHashMap<>();
        for (String line : Files.readAllLines(tsv)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            Set<String> labels = f[2].isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(f[2].split(",")));
            List<String> buckets = f[3].isEmpty() ? DEFAULT_BUCKETS : new ArrayList<>(Arrays.asList(f[3].split(" ")));
            fabric.put(f[0], new FabricMetric(f[0], f[1], labels, buckets));
        }

        NetworkConfig config = NetworkConfigLoader.load(Path.of("src/test/resources/network-config/single.yaml"));
        NetworkCrypto.generate(config, tmp.resolve("crypto"), Instant.now(), Duration.ofDays(1));
        try (LocalNetwork network = new LocalNetwork(config, tmp, tmp.resolve("crypto"), null)) {
            var peer = network.start(config.peers().get(0).name());
            try (OpsServer ops = new OpsServer(new InetSocketAddress("127.0.0.1", 0), peer.node(), peer.store(), "mychannel", 20)) {
                String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + ops.address().getPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
                Map<String, String> types = new LinkedHashMap<>();
                Matcher t = Pattern.compile("^# TYPE (\\S+) (\\S+)$", Pattern.MULTILINE).matcher(scrape);
                while (t.find()) {
                    assertFalse(types.containsKey(t.group(1)), "metric family written twice: " + t.group(1));
                    types.put(t.group(1), t.group(2));
                }
                Set<String> shown = new TreeSet<>();
                for (FabricMetric m : fabric.values()) {
                    if (!types.containsKey(m.name())) {
                        continue;
                    }
                    shown.add(m.name());
                    assertEquals(m.type(), types.get(m.name()), m.name() + ": Fabric's type");
                    String sample = m.type().equals("histogram") ? m.name() + "_count" : m.name();
                    Matcher s = Pattern.compile("^" + Pattern.quote(sample) + "(\\{([^}]*)\\})? \\S+$", Pattern.MULTILINE).matcher(scrape);
                    assertTrue(s.find(), "no sample of " + m.name());
                    Set<String> labels = new TreeSet<>();
                    if (s.group(2) != null) {
                        for (String pair : s.group(2).split(",")) {
                            labels.add(pair.substring(0, pair.indexOf('=')));
                        }
                    }
                    assertEquals(m.labels(), labels, m.name() + ": Fabric's labels");
                    if (m.type().equals("histogram")) {
                        List<String> le = new ArrayList<>();
                        Matcher b = Pattern.compile("^" + Pattern.quote(m.name()) + "_bucket\\{[^}]*le=\"([^\"]+)\"\\}", Pattern.MULTILINE)
                                .matcher(scrape);
                        while (b.find()) {
                            le.add(b.group(1));
                        }
                        assertEquals(m.buckets(), le, m.name() + ": Fabric's buckets");
                    }
                }
                assertEquals(new TreeSet<>(List.of("gossip_state_height", "gossip_state_commit_duration", "gossip_payload_buffer_size",
                        "gossip_leader_election_leader", "gossip_comm_messages_sent", "gossip_comm_overflow_count",
                        "gossip_comm_messages_received", "gossip_membership_total_peers_known")), shown,
                        "the Fabric gossip metrics a ledger-gossip peer has a meaning for");
                // a suffix only: Fabric's own gossip_membership_total_peers_known has "_total" inside its name
                Matcher total = Pattern.compile("^gossip_[a-z_]*_total\\b.*$", Pattern.MULTILINE).matcher(scrape);
                boolean suffixed = total.find();
                assertFalse(suffixed, "a _total suffix on a Fabric name: " + (suffixed ? total.group() : ""));
                assertTrue(scrape.contains("gossip_leader_election_leader{channel=\"mychannel\"} 1"), "the single peer is its org's super node");
            }
        }
    }
}
