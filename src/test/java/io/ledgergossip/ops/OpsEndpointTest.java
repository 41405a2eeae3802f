package io.ledgergossip.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgergossip.fixture.FixtureOrderer;
import io.ledgergossip.fixture.network.LocalNetwork;
import io.ledgergossip.fixture.network.LocalNetwork.RunningPeer;
import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkConfigLoader;
import io.ledgergossip.fixture.network.NetworkCrypto;
import io.ledgergossip.identity.MspLayout;
import io.ledgergossip.identity.NodeRole;
import io.ledgergossip.cli.LedgerGossipCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations endpoint of a real peer (Netty + TLS, RocksDB) in a running four-peer network,
 * scraped over HTTP: the counters move as blocks flow, and /healthz turns 503 naming the check when
 * the peer's org peers are gone and when its store is closed.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OpsEndpointTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    private static HttpResponse<String> get(OpsServer ops, String path) throws Exception {
        InetSocketAddress a = ops.address();
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double metric(String scrape, String name, String labels) {
        String series = labels.isEmpty() ? Pattern.quote(name) : Pattern.quote(name) + "\\{" + labels + "\\}";
        Matcher m = Pattern.compile("^" + series + " ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(scrape);
        assertTrue(m.find(), name + "{" + labels + "} not in\n" + scrape);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void metricsMoveWithTheNetworkAndHealthzNamesWhatFails() throws Exception {
        NetworkConfig config = NetworkConfigLoader.load(Path.of("src/test/resources/network-config/four.yaml"));
        Path crypto = tmp.resolve("crypto");
        NetworkCrypto.generate(config, crypto, Instant.now(), Duration.ofDays(1));
        FixtureOrderer orderer = new FixtureOrderer(NetworkCrypto.ordererIdentity(config, crypto), 5, 2, 200);
        try (LocalNetwork network = new LocalNetwork(config, tmp, crypto, orderer)) {
            for (NetworkConfig.Peer p : config.peers()) {
                network.start(p.name());
            }
            RunningPeer watched = network.running().stream().filter(r -> r.spec().name().equals("peer1.org1.example.com"))
                    .findFirst().orElseThrow();
            try (OpsServer ops = new OpsServer(new InetSocketAddress("127.0.0.1", 0), watched.node(), watched.store(), "mychannel", 20)) {
                await("the peer is healthy").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> get(ops, "/healthz").statusCode() == 200);
                String before = get(ops, "/metrics").body();
                assertEquals(0, metric(before, "gossip_state_height", "channel=\"mychannel\""));
                double sentBefore = metric(before, "gossip_comm_messages_sent", "");

                for (int i = 0; i < 12; i++) {
                    orderer.cut();
                }
                await("height 12").atMost(Duration.ofSeconds(30)).until(() -> watched.node().height() == 12);
                String after = get(ops, "/metrics").body();
                assertEquals(12, metric(after, "gossip_state_height", "channel=\"mychannel\""));
                assertEquals(3, metric(after, "gossip_membership_total_peers_known", "channel=\"mychannel\""));
                assertTrue(metric(after, "gossip_comm_messages_sent", "") > sentBefore, "messages sent moved");
                assertTrue(metric(after, "gossip_comm_messages_received", "") > 0);
                double byPush = metric(after, "ledgergossip_blocks_received_total", "channel=\"mychannel\",via=\"push\"");
                double byPull = metric(after, "ledgergossip_blocks_received_total", "channel=\"mychannel\",via=\"pull\"");
                double byState = metric(after, "ledgergossip_blocks_received_total", "channel=\"mychannel\",via=\"state_transfer\"");
                assertEquals(12, byPush + byPull + byState, "every block came one of the three ways");
                assertEquals(0, metric(after, "ledgergossip_peers_banned_total", "channel=\"mychannel\""));
                double commits = metric(after, "gossip_state_commit_duration_count", "channel=\"mychannel\"");
                assertTrue(commits >= 1 && commits <= 12, "commits timed: " + commits);
                assertTrue(metric(after, "gossip_state_commit_duration_sum", "channel=\"mychannel\"") > 0);
                assertTrue(after.contains("# HELP gossip_state_height Current ledger height"), "Prometheus text format");

                JsonNode status = new ObjectMapper().readTree(get(ops, "/status").body());
                assertEquals(12, status.get("node").get("height").asLong());
                assertEquals("OK", status.get("health").get("status").asText());
                String opsAddress = "127.0.0.1:" + ops.address().getPort();
                StringWriter table = new StringWriter();
                assertEquals(0, LedgerGossipCli.run(new PrintWriter(table, true), new PrintWriter(new StringWriter(), true),
                        "status", "--ops", opsAddress), table.toString());
                assertTrue(table.toString().contains("height                 12"), table.toString());
                assertTrue(table.toString().contains("live in Org2MSP"), table.toString());
                assertTrue(table.toString().contains("health                 OK"), table.toString());
                StringWriter json = new StringWriter();
                assertEquals(0, LedgerGossipCli.run(new PrintWriter(json, true), new PrintWriter(new StringWriter(), true),
                        "status", "--ops", opsAddress, "--json"));
                assertEquals(12, new ObjectMapper().readTree(json.toString()).get("node").get("height").asLong());

                // the same endpoint over HTTPS with the peer's TLS identity; status trusts the org's TLS CA
                try (OpsServer https = new OpsServer(new InetSocketAddress("127.0.0.1", 0), watched.node(), watched.store(), "mychannel",
                        20, Health.DEFAULT_SOURCE_TIMEOUT, OpsTls.serverContext(watched.node().identity()))) {
                    String httpsAddress = "127.0.0.1:" + https.address().getPort();
                    Path tlsCa = MspLayout.nodeDir(crypto, NodeRole.PEER, "org1.example.com", "peer1.org1.example.com").resolve("tls/ca.crt");
                    StringWriter secure = new StringWriter();
                    assertEquals(0, LedgerGossipCli.run(new PrintWriter(secure, true), new PrintWriter(new StringWriter(), true),
                            "status", "--ops", httpsAddress, "--tls-ca", tlsCa.toString()), secure.toString());
                    assertTrue(secure.toString().contains("height                 12"), secure.toString());
                    StringWriter plainErr = new StringWriter();
                    assertEquals(2, LedgerGossipCli.run(new PrintWriter(new StringWriter(), true), new PrintWriter(plainErr, true),
                            "status", "--ops", httpsAddress), "plain HTTP to the HTTPS endpoint gets no answer it can read");
                }

                // its org's super node goes away: no live connection to any peer of Org1MSP
                network.stop("peer0.org1.example.com");
                await("503 naming the peers check").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    HttpResponse<String> r = get(ops, "/healthz");
                    return r.statusCode() == 503 && r.body().contains("\"component\":\"peers\"");
                });

                watched.store().close();
                HttpResponse<String> closed = get(ops, "/healthz");
                assertEquals(503, closed.statusCode());
                JsonNode body = new ObjectMapper().readTree(closed.body());
                assertEquals("Service Unavailable", body.get("status").asText());
                assertTrue(closed.body().contains("\"component\":\"store\""), closed.body());
                StringWriter failing = new StringWriter();
                assertEquals(1, LedgerGossipCli.run(new PrintWriter(failing, true), new PrintWriter(new StringWriter(), true),
                        "status", "--ops", "127.0.0.1:" + ops.address().getPort()));
                assertTrue(failing.toString().contains("health                 FAILING"), failing.toString());
                assertTrue(failing.toString().contains("  store"), failing.toString());
            }
        }
    }
}
