package io.ledgergossip.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.ledgergossip.node.GossipNode;
import io.ledgergossip.node.NodeStatus;
import io.ledgergossip.store.LedgerStore;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's operations endpoint, as a Fabric peer's: {@code GET /metrics} (Prometheus text format),
 * {@code GET /healthz} (200 with {@code {"status":"OK"}}, or 503 listing the failed checks), and
 * {@code GET /status} (the node's snapshot and health as JSON, for {@code ledger-gossip status}).
 */
public final class OpsServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GossipNode node;
    private final LedgerStore store;
    private final long maxBlocksBehind;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final NodeMetrics metrics;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "operations");
        t.setDaemon(true);
        return t;
    });

    /** Plain HTTP. */
    public OpsServer(InetSocketAddress address, GossipNode node, LedgerStore store, String channel, long maxBlocksBehind)
            throws IOException {
        this(address, node, store, channel, maxBlocksBehind, null);
    }

    /**
     * @param address where to listen (port 0: any free port, see {@link #address()})
     * @param maxBlocksBehind how far below the best announced height the node may be and stay healthy
     * @param tls HTTPS with this context ({@link OpsTls#serverContext}), or null for plain HTTP
     */
    public OpsServer(InetSocketAddress address, GossipNode node, LedgerStore store, String channel, long maxBlocksBehind,
            SSLContext tls) throws IOException {
        this.node = node;
        this.store = store;
        this.maxBlocksBehind = maxBlocksBehind;
        this.metrics = new NodeMetrics(registry, channel, node.transport().counters());
        if (tls == null) {
            this.server = HttpServer.create(address, 16);
        } else {
            HttpsServer https = HttpsServer.create(address, 16);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            this.server = https;
        }
        server.createContext("/metrics", this::metrics);
        server.createContext("/healthz", this::healthz);
        server.createContext("/status", this::status);
        server.setExecutor(threads);
        server.start();
        LOG.info("operations endpoint of {} on {}://{}", node.identity(), tls == null ? "http" : "https", address());
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The node's snapshot now, or null when it does not answer within a second. */
    private NodeStatus snapshot() {
        try {
            NodeStatus status = node.status().get(1, TimeUnit.SECONDS);
            metrics.update(status);
            return status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    private void metrics(HttpExchange exchange) throws IOException {
        if (!isGet(exchange)) {
            return;
        }
        snapshot();
        reply(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
    }

    private void healthz(HttpExchange exchange) throws IOException {
        if (!isGet(exchange)) {
            return;
        }
        Health health = Health.of(snapshot(), store.isOpen(), maxBlocksBehind);
        reply(exchange, health.healthy() ? 200 : 503, "application/json", JSON.writeValueAsString(healthJson(health)));
    }

    private void status(HttpExchange exchange) throws IOException {
        if (!isGet(exchange)) {
            return;
        }
        NodeStatus status = snapshot();
        ObjectNode body = JSON.createObjectNode();
        body.set("node", status == null ? JSON.nullNode() : JSON.valueToTree(status));
        body.set("health", healthJson(Health.of(status, store.isOpen(), maxBlocksBehind)));
        reply(exchange, 200, "application/json", JSON.writeValueAsString(body));
    }

    /** Fabric's healthz body: status, time, and failed_checks when unhealthy. */
    private static ObjectNode healthJson(Health health) {
        ObjectNode json = JSON.createObjectNode();
        json.put("status", health.healthy() ? "OK" : "Service Unavailable");
        json.put("time", Instant.now().toString());
        if (!health.healthy()) {
            ArrayNode failed = json.putArray("failed_checks");
            for (Health.FailedCheck c : health.failedChecks()) {
                failed.addObject().put("component", c.component()).put("reason", c.reason());
            }
        }
        return json;
    }

    private static boolean isGet(HttpExchange exchange) throws IOException {
        if ("GET".equals(exchange.getRequestMethod())) {
            return true;
        }
        reply(exchange, 405, "text/plain", "GET only\n");
        return false;
    }

    private static void reply(HttpExchange exchange, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        registry.close();
    }
}
