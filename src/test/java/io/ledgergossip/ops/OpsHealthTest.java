package io.ledgergossip.ops;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ledgergossip.fixture.network.LocalNetwork;
import io.ledgergossip.fixture.network.LocalNetwork.RunningPeer;
import io.ledgergossip.fixture.network.NetworkConfig;
import io.ledgergossip.fixture.network.NetworkConfigLoader;
import io.ledgergossip.fixture.network.NetworkCrypto;
import io.ledgergossip.ops.http.HttpEndpoint;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations endpoint of a real peer (Netty + TLS, RocksDB) under slow clients, and what
 * /healthz calls healthy: a peer alone in its org is; a super node that cannot reach its orderer is not.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OpsHealthTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path tmp;

    private static HttpResponse<String> get(OpsServer ops, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.address().getPort() + path))
                .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void halfOpenConnectionsStarveNothingAndAreClosedAtTheirDeadline() throws Exception {
        try (LocalNetwork network = single(); OpsServer ops = ops(network.running().get(0), Duration.ofSeconds(25))) {
            List<Socket> slow = new ArrayList<>();
            try {
                for (int i = 0; i < 200; i++) {
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", ops.address().getPort()), 2000);
                    OutputStream out = s.getOutputStream();
                    out.write("GET /healt".getBytes(StandardCharsets.US_ASCII)); // half a request, then silence
                    out.flush();
                    slow.add(s);
                }
                long started = System.nanoTime();
                for (String path : new String[] {"/healthz", "/metrics", "/status"}) {
                    assertEquals(200, get(ops, path).statusCode(), path);
                }
                assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(3), "answers took too long behind slow clients");
                // each slow connection is closed by the server once its deadline passes
                for (Socket s : slow) {
                    s.setSoTimeout((int) HttpEndpoint.REQUEST_DEADLINE.toMillis() + 5000);
                    assertEquals(-1, s.getInputStream().read(), "a half-open connection outlived its deadline");
                }
            } finally {
                for (Socket s : slow) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aPeerAloneInItsOrgIsHealthyAndASuperNodeWithoutItsOrdererIsNot() throws Exception {
        try (LocalNetwork network = single()) {
            RunningPeer peer = network.running().get(0);
            try (OpsServer ops = ops(peer, Duration.ofSeconds(1))) {
                HttpResponse<String> health = get(ops, "/healthz");
                assertEquals(200, health.statusCode(), health.body());
                peer.node().followOrderer("127.0.0.1:7170", Duration.ofMillis(200)); // nobody listens there
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> get(ops, "/healthz").statusCode() == 503);
                String body = get(ops, "/healthz").body();
                assertTrue(body.contains("\"component\":\"blockSource\""), body);
                assertTrue(!body.contains("\"component\":\"peers\""), body);
            }
        }
    }

    private LocalNetwork single() throws Exception {
        NetworkConfig config = NetworkConfigLoader.load(Path.of("src/test/resources/network-config/single.yaml"));
        Path crypto = tmp.resolve("crypto");
        NetworkCrypto.generate(config, crypto, Instant.now(), Duration.ofDays(1));
        LocalNetwork network = new LocalNetwork(config, tmp, crypto, null);
        network.start(config.peers().get(0).name());
        return network;
    }

    private static OpsServer ops(RunningPeer peer, Duration sourceTimeout) throws Exception {
        return new OpsServer(new InetSocketAddress("127.0.0.1", 0), peer.node(), peer.store(), "mychannel", 20, sourceTimeout, null);
    }
}
